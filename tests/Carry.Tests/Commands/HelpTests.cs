using Carry.Tests.Support;

namespace Carry.Tests.Commands;

/// <summary>The root help is an overview, one line a command; each command's own help has the details.</summary>
[Collection(FixedClockCollection.Name)]
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

    /// <summary>The root help and every command's and sub-command's help, as a whole (snapshot).</summary>
    [Fact]
    public void Every_help_text()
    {
        using var repo = new TempRepo();
        var t = new Transcript().Name(repo.Dir, "<repo>");
        foreach (var command in CommandLines(repo)) t.Ok(repo, [.. command, "--help"]);
        t.Match("Every_help_text");
    }

    /// <summary>Every command line the root help lists, with the sub-commands each one's help lists.</summary>
    internal static List<string[]> CommandLines(TempRepo repo)
    {
        List<string[]> lines = [[]];
        foreach (var name in Listed(repo.CarryOk("--help").Out, "Commands:"))
        {
            lines.Add([name]);
            foreach (var sub in Listed(repo.CarryOk(name, "--help").Out, "Commands:")) lines.Add([name, sub]);
        }
        return lines;
    }

    private static IEnumerable<string> Listed(string help, string heading) =>
        help.Split('\n').SkipWhile(l => l.Trim() != heading).Skip(1).TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal))
            .Where(l => l.Length > 2 && l[2] != ' ') // a description's continuation lines are indented further
            .Select(l => l.Trim().Split(' ')[0]).Where(n => n.Length > 0);
}
