using System.CommandLine;
using Carry.Operations.Series;
using Carry.Operations.Stack;

namespace Carry.Cli.Commands;

/// <summary>carry share: move the stack through a git remote, so a teammate can continue it.</summary>
internal static class ShareCommand
{
    public static Command Build(CliContext c)
    {
        var command = new Command("share", "Push or pull the stack (patches, history, statuses, layers, resolutions) through a git remote.")
        {
            Push(c), Pull(c),
        };
        command.Description += "\nThe stack travels as one ref, refs/carry/<branch>; a fetched one is kept in refs/carry-remote/<remote>/<branch>.";
        return command;
    }

    private static Argument<string> RemoteArgument() => new("remote") { Description = "A remote's name (origin) or a repository URL or path." };

    private static Command Push(CliContext c)
    {
        var remote = RemoteArgument();
        var force = new Option<bool>("--force", "-f") { Description = "Replace the remote's stack even when it has states you do not have." };
        var command = new Command("push", "Send the current branch's stack to the remote; refused if theirs has states you do not have.") { remote, force };
        command.SetAction(parse =>
        {
            using var session = Shared.Open(c, Preconditions.Stack, write: false);
            var name = parse.GetValue(remote)!;
            PushOutcome outcome;
            using (var progress = Progress.For(c, "Sharing"))
                outcome = Share.Push(session, name, parse.GetValue(force), progress);
            var state = session.Record!.Id.Short;
            c.Out.WriteLine(outcome switch
            {
                PushOutcome.UpToDate => $"Everything up-to-date: '{name}' has the stack of '{session.Branch}' at {state}",
                PushOutcome.Created => $"Pushed the stack of '{session.Branch}' to '{name}' (new, at {state})",
                PushOutcome.FastForwarded => $"Pushed the stack of '{session.Branch}' to '{name}' (now at {state})",
                _ => $"Replaced the stack of '{session.Branch}' on '{name}' (now at {state}; theirs is kept in {Share.TrackingRef(session.Repo, name, session.Branch)}@{{1}})",
            });
            return 0;
        });
        return command;
    }

    private static Command Pull(CliContext c)
    {
        var remote = RemoteArgument();
        var from = new Option<string?>("--from") { Description = "Take the remote stack of this branch (default: the current branch's name)." };
        var theirs = new Option<bool>("--theirs") { Description = "When both sides changed: take the remote's stack (yours stays in 'carry log'; 'carry undo' returns to it)." };
        var ours = new Option<bool>("--ours") { Description = "When both sides changed: keep yours; theirs joins the history, so you can push again." };
        var merge = new Option<bool>("--merge") { Description = "When both sides changed: take theirs, plus the patches only you added, unapplied on top ('carry push -a' applies them)." };
        var command = new Command("pull", "Take the remote's stack: fast-forward to it, or create it on a branch without one.") { remote, from, theirs, ours, merge };
        command.Description += """

            When both your stack and the remote's changed since they last met, nothing is changed unless
            you choose --merge, --theirs or --ours; the side not taken is never lost (it stays in the history).
            """;
        command.SetAction(parse =>
        {
            if (new[] { parse.GetValue(theirs), parse.GetValue(ours), parse.GetValue(merge) }.Count(x => x) > 1)
                throw new CarryException("choose one of --merge, --theirs and --ours");
            var choice = parse.GetValue(theirs) ? PullChoice.Theirs : parse.GetValue(ours) ? PullChoice.Ours
                : parse.GetValue(merge) ? PullChoice.Merge : PullChoice.Refuse;
            using var session = Shared.Open(c, Preconditions.NoConflicts);
            var name = parse.GetValue(remote)!;
            PullOutcome outcome;
            using (var progress = Progress.For(c, "Sharing"))
                outcome = Share.Pull(session, name, parse.GetValue(from), choice, c.CommandLine, progress);
            var state = session.Record?.State;
            var where = state?.Top is { } top ? $"now at patch '{c.Paint.Bold(top.Name)}'" : "no patch applied";
            var count = state is null ? 0 : state.Applied.Count + state.Unapplied.Count;
            c.Out.WriteLine(outcome switch
            {
                PullOutcome.UpToDate => "Already up to date.",
                PullOutcome.Ahead => $"Nothing to pull: your stack already contains '{name}''s (send yours with 'carry share push {name}').",
                PullOutcome.Created => $"Created the stack of '{session.Branch}' from '{name}': {count} patches, {where}",
                PullOutcome.FastForwarded => $"Fast-forwarded the stack to '{name}''s: {count} patches, {where}",
                PullOutcome.TookTheirs => $"Took the stack from '{name}': {count} patches, {where}; 'carry undo' returns to yours",
                PullOutcome.Merged => $"Took the stack from '{name}' with your new patches unapplied on top: {count} patches, {where}",
                _ => $"Kept your stack; the history of '{name}''s joined it ('carry share push {name}' can follow)",
            });
            return 0;
        });
        return command;
    }
}
