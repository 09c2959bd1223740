using Carry.Tests.Support;

namespace Carry.Tests.Commands;

/// <summary>The root help is an overview, one line a command; each command's own help has the details.</summary>
public sealed class HelpTests
{
    private static readonly string[] Names =
        ["init", "series", "sync", "publish", "layer", "kit", "range-diff", "share", "report", "landed", "keep"];

    [Fact]
    public void Root_help_lists_every_command_on_one_line()
    {
        using var repo = new TempRepo();
        var help = repo.CarryOk("--help").Out;
        var lines = help.Split('\n');
        foreach (var name in Names)
            Assert.Single(lines, l => l.StartsWith($"  {name} ", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.True(l.Length <= 200, l));
        Assert.Equal(help, repo.CarryOk().Out);
    }

    [Fact]
    public void Each_command_has_its_own_help()
    {
        using var repo = new TempRepo();
        var sync = repo.CarryOk("sync", "--help").Out;
        Assert.Contains("--continue", sync);
        Assert.Contains("--abort", sync);
        Assert.Contains("--onto", sync);
    }
}
