using System.CommandLine;
using Carry.Operations.Migration;
using Carry.Operations.PatchFiles;
using Carry.Operations.Stack;

namespace Carry.Cli.Commands;

/// <summary>carry import stgit/guilt/topgit/git-series: another patch-stack tool's stack becomes Carry patches.</summary>
internal static class ImportForeignCommands
{
    public static IEnumerable<Command> Build(CliContext c) => [StGit(c), Guilt(c), TopGit(c), GitSeriesImport(c)];

    private static Argument<string?> BranchArgument(string tool) =>
        new("branch") { Description = $"The branch {tool} manages (default: the current one).", Arity = ArgumentArity.ZeroOrOne };

    private static Command StGit(CliContext c)
    {
        var branch = BranchArgument("StGit");
        var json = Shared.JsonOption();
        var command = new Command("stgit", "Import a StGit stack: applied, unapplied and hidden patches, with their names, messages and authors.") { branch, json };
        command.Description += """

            Reads StGit 2 stacks (refs/stacks/BRANCH) and StGit 0.x stacks (BRANCH.stgit, .git/patches/BRANCH).
            Applied patches go on top of the applied ones; unapplied ones stay unapplied, hidden ones hidden.
            On StGit's own branch, run 'carry init --base <StGit's base>' first: the patches it adopted are renamed, not copied.
            """;
        command.SetAction(parse => Run(c, parse.GetValue(branch), parse.GetValue(json), (session, name) => StGitStack.Read(session.Repo, name)));
        return command;
    }

    private static Command Guilt(CliContext c)
    {
        var branch = BranchArgument("guilt");
        var json = Shared.JsonOption();
        var command = new Command("guilt", "Import a guilt series (.git/patches/BRANCH): its patches, which are applied, and their guards.") { branch, json };
        command.Description += """

            The applied patches are the branch's top commits, as guilt made them; the others are built from their files.
            On guilt's own branch, run 'carry init --base <guilt's base>' first: the patches it adopted are renamed, not copied.
            """;
        command.SetAction(parse => Run(c, parse.GetValue(branch), parse.GetValue(json), GuiltSeries.Read));
        return command;
    }

    private static Command TopGit(CliContext c)
    {
        var topic = new Argument<string?>("topic") { Description = "Import this topic and the topics it depends on (default: every topic).", Arity = ArgumentArity.ZeroOrOne };
        var json = Shared.JsonOption();
        var command = new Command("topgit", "Import TopGit topic branches as one line of patches, dependencies first (.topdeps), .topmsg as messages.") { topic, json };
        command.Description += """

            Each topic becomes one applied patch: its branch against its base (refs/top-bases/TOPIC), without
            .topdeps and .topmsg, with the message and author of its .topmsg, in the order 'tg export --linearize'
            gives. Run it on a stack on the topics' base ('carry init --base <their base>').
            """;
        command.SetAction(parse =>
        {
            using var session = Shared.Open(c);
            var stack = TopGitTopics.Read(session.Repo, parse.GetValue(topic));
            return Report(c, stack, Import(c, session, stack), parse.GetValue(json));
        });
        return command;
    }

    private static Command GitSeriesImport(CliContext c)
    {
        var name = new Argument<string>("name") { Description = "The series' name (its ref is refs/heads/git-series/NAME)." };
        var json = Shared.JsonOption();
        var command = new Command("git-series", "Import a git-series series: each of its versions becomes a carry version, the newest the patches.") { name, json };
        command.Description += """

            Reads git-series' refs (refs/heads/git-series/NAME, and its uncommitted working state) directly;
            git-series itself is not needed. Version K becomes 'NAME-vK' ('carry versions', 'carry range-diff
            NAME-v1 NAME-v2'); the newest version's patches go on top of the stack. The cover letter is not imported.
            """;
        command.SetAction(parse =>
        {
            using var session = Shared.Open(c);
            var stack = GitSeries.Read(session.Repo, parse.GetValue(name)!);
            return Report(c, stack, Import(c, session, stack), parse.GetValue(json));
        });
        return command;
    }

    private static int Run(CliContext c, string? branch, bool json, Func<StackSession, string, ForeignStack> read)
    {
        using var session = Shared.Open(c);
        var name = branch ?? session.Branch;
        var stack = read(session, name);
        var result = Import(c, session, stack);
        return Report(c, stack, result, json);
    }

    private static ImportResult Import(CliContext c, StackSession session, ForeignStack stack)
    {
        using var progress = Progress.For(c, "Importing");
        return MigrationImport.Run(session, stack, c.CommandLine, progress);
    }

    /// <summary>What was imported and how, then the stack's new state (or all of it as JSON, as the other imports give it).</summary>
    internal static int Report(CliContext c, ForeignStack stack, ImportResult result, bool json = false)
    {
        if (json) return ImportCommand.WriteJson(c, result);
        foreach (var note in stack.Notes) c.Out.WriteLine($"note: {note}");
        foreach (var p in result.Patches)
            foreach (var note in p.Notes ?? []) c.Out.WriteLine($"  {p.Name}: {note}");
        var count = result.Patches.Count;
        c.Out.WriteLine($"Imported {count} patch{(count == 1 ? "" : "es")} from {stack.Tool}");
        return Shared.Report(c, result.Transaction);
    }
}
