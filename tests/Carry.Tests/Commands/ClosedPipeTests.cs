using Carry.Tests.Support;

namespace Carry.Tests.Commands;

/// <summary>
/// `carry log | head`: when the reader of carry's output goes away, carry stops writing and says
/// nothing (git is killed by SIGPIPE there, silently), and the command itself is not cut short.
/// </summary>
[Trait(CarryProcess.Trait, "story")]
public sealed class ClosedPipeTests
{
    [Fact]
    public async Task A_reader_that_stops_early_gets_no_error_and_the_command_finishes()
    {
        using var repo = TempRepo.WithStack(1);
        // A patch whose diff is far larger than a pipe holds (64 KB on Linux).
        repo.Write("big.txt", string.Concat(Enumerable.Range(0, 20_000).Select(i => $"line {i} of a file that fills the pipe\n")));
        repo.Git("add", "big.txt");
        repo.CarryOk("new", "big", "-m", "A big file");
        repo.CarryOk("refresh");
        var process = CarryProcess.Start(repo.Dir, null, "show", "big");

        using (process)
        {
            var err = process.StandardError.ReadToEndAsync();
            var first = process.StandardOutput.ReadLine();
            process.StandardOutput.Close();
            await process.WaitForExitAsync();

            Assert.StartsWith("commit ", first);
            Assert.Equal("", await err);
            Assert.Equal(0, process.ExitCode);
        }
    }
}
