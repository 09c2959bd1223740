using System.CommandLine;
using Carry.Operations.Stack;

namespace Carry.Cli.Commands;

/// <summary>carry finish: bottom patches become ordinary history below the stack.</summary>
internal static class FinishCommand
{
    public static Command Build(CliContext c)
    {
        var name = new Argument<string?>("patch") { Description = "Finish the patches from the bottom up to this one (default: the bottom patch).", Arity = ArgumentArity.ZeroOrOne };
        var count = new Option<int?>("--number", "-n") { Description = "Finish this many patches from the bottom." };
        var all = new Option<bool>("--all", "-a") { Description = "Finish every applied patch." };
        var json = Shared.JsonOption();
        var command = new Command("finish", "Turn the bottom patches into ordinary commits of the base (StGit's 'commit').") { name, count, all, json };
        command.Description += """

            Nothing changes on disk or in the branch: the base moves up and the patches leave the
            stack, their commits staying where they are. Patches of a private layer are refused.
            A later 'carry sync' carries them onto the new upstream, as 'git rebase' would.
            'carry uncommit' does the opposite; 'carry undo' reverts it.
            """;
        command.SetAction(parse =>
        {
            var (patch, n, everything) = (parse.GetValue(name), parse.GetValue(count), parse.GetValue(all));
            if ((patch is not null ? 1 : 0) + (n is not null ? 1 : 0) + (everything ? 1 : 0) > 1)
                throw new CarryException("give at most one of a patch, --number and --all");
            using var session = Shared.Open(c);
            var (result, finished) = BaseHistory.Finish(session, patch, everything ? session.State.Applied.Count : n ?? 1, c.CommandLine);
            if (parse.GetValue(json)) return ChangeJson.Write(c, result, "finish", w => ChangeJson.Patches(w, "finished", finished));
            foreach (var p in finished) c.Out.WriteLine($"Finished '{p.Name}' ({p.Commit.Short})");
            c.Out.WriteLine($"The base is now {result.State.Base.Short}");
            return Shared.Report(c, result);
        });
        return command;
    }
}

/// <summary>carry uncommit: commits below the stack become its bottom patches.</summary>
internal static class UncommitCommand
{
    public static Command Build(CliContext c)
    {
        var count = new Option<int?>("--number", "-n") { Description = "Adopt this many commits (default: 1)." };
        var json = Shared.JsonOption();
        var command = new Command("uncommit", "Adopt commits below the stack as its bottom patches (the base moves down).") { count, json };
        command.Description += "\nNothing changes on disk or in the branch. 'carry finish' does the opposite; 'carry undo' reverts it.";
        command.SetAction(parse =>
        {
            using var session = Shared.Open(c);
            var (result, adopted) = BaseHistory.Uncommit(session, parse.GetValue(count) ?? 1, c.CommandLine);
            if (parse.GetValue(json)) return ChangeJson.Write(c, result, "uncommit", w => ChangeJson.Patches(w, "adopted", adopted));
            foreach (var p in adopted) c.Out.WriteLine($"Adopted {p.Commit.Short} as '{p.Name}'");
            c.Out.WriteLine($"The base is now {result.State.Base.Short}");
            return Shared.Report(c, result);
        });
        return command;
    }
}
