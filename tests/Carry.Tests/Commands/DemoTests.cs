using Carry.Cli;
using Carry.Tests.Support;

namespace Carry.Tests.Commands;

/// <summary>The README's first command, `carry demo`, must work: it is also a smoke test of the whole story.</summary>
[Collection(FixedClockCollection.Name)]
public sealed class DemoTests
{
    [Fact]
    public void The_guided_tour_runs_to_the_end()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = Carry.Cli.CarryApp.Run(["demo"], new Carry.Cli.CliContext(Path.GetTempPath(), stdout, stderr));
        Assert.True(exit == 0, $"carry demo failed:\n{stdout}\n{stderr}");
        Assert.Contains("End of the tour", stdout.ToString());
        Assert.Contains("git status is clean", stdout.ToString());
        var t = new Transcript();
        t.Add(["demo"], new CarryRun(exit, stdout.ToString(), stderr.ToString()));
        t.Match("The_guided_tour_runs_to_the_end");
    }
}
