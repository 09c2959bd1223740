using Carry.Cli;
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

    /// <summary>'carry help pop p2' once popped p2: help shows a command's help and never runs it.</summary>
    [Fact]
    public void Help_with_a_commands_arguments_shows_its_help_and_changes_nothing()
    {
        using var repo = TempRepo.WithStack(2);
        var before = Snapshot.Take(repo);
        // Each command with an argument that would make it do something ('new zz' makes a patch).
        foreach (var (command, argument) in new (string[], string)[] { (["pop"], "patch-number-2"), (["delete"], "patch-number-1"), (["new"], "zz"), (["import", "quilt"], "series") })
            Assert.Equal(repo.CarryOk([.. command, "--help"]).Out, repo.CarryOk(["help", .. command, argument]).Out);
        Assert.Equal(before, Snapshot.Take(repo));
        Assert.Equal(129, repo.Carry("help", "import", "frob").Exit);
        Assert.Equal(129, repo.Carry("help", "frob", "x").Exit);
        Assert.Equal(before, Snapshot.Take(repo));
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

    /// <summary>The table a single command is built from names every command the root help lists, in its order, each under its own name.</summary>
    [Fact]
    public void The_command_table_names_every_listed_command()
    {
        using var repo = new TempRepo();
        var context = new CliContext(repo.Dir, TextWriter.Null, TextWriter.Null);
        var listed = Listed(repo.CarryOk("--help").Out, "Commands:").Except(["help", "completion", "setup"]).ToList();
        Assert.Equal(listed, CarryApp.Table.Select(t => t.Name));
        Assert.All(CarryApp.Table, t => Assert.Equal(t.Name, t.Build(context).Name));
    }

    /// <summary>A line parsed with its command alone gives what the whole tree gives: the command, its values, its errors.</summary>
    [Theory]
    [InlineData("series", "--json")]
    [InlineData("series", "--frobnicate")]
    [InlineData("series", "extra")]
    [InlineData("layer", "add", "tools", "--below", "fork")]
    [InlineData("layer", "frob")]
    [InlineData("import", "quilt", "dir", "--strip", "x")]
    [InlineData("push", "-n", "2", "a")]
    [InlineData("new")]
    [InlineData("sync", "--onto", "upstream", "--", "-x")]
    public void A_command_alone_parses_as_under_the_whole_tree(params string[] args)
    {
        using var repo = new TempRepo();
        var context = new CliContext(repo.Dir, TextWriter.Null, TextWriter.Null);
        var config = new System.CommandLine.ParserConfiguration { ResponseFileTokenReplacer = null };
        var alone = CarryApp.OneCommand(args, context)!.Parse(args, config);
        var whole = CarryApp.AllCommands(context).Parse(args, config);
        Assert.Equal(Describe(whole), Describe(alone));
        Assert.Null(CarryApp.OneCommand([.. args, "--help"], context));
        Assert.Null(CarryApp.OneCommand(["rebase"], context)); // an alias goes to the whole tree

        static string Describe(System.CommandLine.ParseResult r) =>
            string.Join('\n', [UsageErrors.CommandPath(r.CommandResult), .. r.Errors.Select(e => "error " + e.Message),
                .. r.CommandResult.Children.Select(c => c switch
                {
                    System.CommandLine.Parsing.OptionResult o => $"{o.Option.Name}={string.Join(',', o.Tokens.Select(t => t.Value))}",
                    System.CommandLine.Parsing.ArgumentResult a => $"<{a.Argument.Name}>={string.Join(',', a.Tokens.Select(t => t.Value))}",
                    _ => c.ToString() ?? "",
                })]);
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
