using Carry.Cli;
using Carry.Tests.Support;

namespace Carry.Tests.Commands;

/// <summary>The README's first commands, `carry demo` and `carry demo fork`, must work: they are also smoke tests of the whole story.</summary>
[Collection(FixedClockCollection.Name)]
public sealed class DemoTests
{
    [Fact]
    public void The_guided_tour_runs_to_the_end() => Tour([], "The_guided_tour_runs_to_the_end");

    [Fact]
    public void The_fork_maintainers_tour_runs_to_the_end() => Tour(["fork"], "The_fork_maintainers_tour_runs_to_the_end");

    private static void Tour(string[] which, string snapshot)
    {
        using var disk = TempRoot.OnDiskWhileAlone(); // the banner wraps around the sample's folder
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = Carry.Cli.CarryApp.Run(["demo", .. which], new Carry.Cli.CliContext(Path.GetTempPath(), stdout, stderr));
        Assert.True(exit == 0, $"carry demo failed:\n{stdout}\n{stderr}");
        Assert.Contains("End of the tour", stdout.ToString());
        var t = new Transcript();
        t.Add(["demo", .. which], new CarryRun(exit, stdout.ToString(), stderr.ToString()));
        t.Match(snapshot);
    }
}
