using System.CommandLine;
using Carry.Operations.Layers;
using Carry.Operations.Stack;
using Carry.Replay;

namespace Carry.Cli.Commands;

/// <summary>carry publish: a clean branch of chosen patches on the bare base, never with a private patch.</summary>
internal static class PublishCommand
{
    public static Command Build(CliContext c)
    {
        var names = Shared.PatchesArgument("Patches to publish (default: every applied patch outside the private layers).");
        var layers = new Option<string[]>("--layer", "-l") { Description = "Publish the applied patches of this layer (repeatable).", AllowMultipleArgumentsPerToken = false };
        var branch = new Option<string?>("--branch", "-b") { Description = "The branch to write (default: git config carry.publish.branch, where {branch} is the stack's branch, else publish/<branch>)." };
        var push = new Option<string?>("--push") { Description = "Then push the branch to this remote (same name, --force-with-lease)." };
        var noTrailer = new Option<bool>("--no-trailer") { Description = "Leave out the Carry-Id: trailer (default: git config carry.publish.trailer, else added)." };
        var command = new Command("publish", "Build a clean branch from chosen patches or layers on the bare base, never with a private patch.")
        {
            names, layers, branch, push, noTrailer,
        };
        command.Description = """
            Build a branch from chosen patches on the bare base, for a merge request or for the fork:
            each patch is applied on the previous published one, in series order, on trees in memory,
            so the branch proves that the patches apply without the development kit. Private patches
            are never published: naming one is refused, and a chosen patch that only applies with a
            private patch below it is refused naming both patches and the file. Each commit keeps the
            patch's message and author and gets a 'Carry-Id: <id>' trailer, so a sync recognises it
            upstream. The stack, index and working tree do not change; --push sends the branch.
            """;
        command.SetAction(parse =>
        {
            using var session = Shared.Open(c, Preconditions.Stack | Preconditions.NoConflicts);
            using var progress = Progress.For(c, "Publishing");
            var options = new PublishOptions([.. Shared.Patches(session, parse.GetValue(names))], parse.GetValue(layers) ?? [], parse.GetValue(branch),
                parse.GetValue(noTrailer) ? false : null) { Progress = progress };
            var result = Publish.Run(session, options);
            progress?.Done();
            foreach (var p in result.Patches)
                c.Out.WriteLine($"  {p.Name} {c.Paint.Dim(p.Commit.Short)}" + (p.Kind == MergeKind.Clean ? "" : " (merged: the base differs from where the patch was made)"));
            var what = result.Previous is null ? "new" : result.Previous == result.Head ? "unchanged" : "updated";
            c.Out.WriteLine($"Published {result.Patches.Count} patch{(result.Patches.Count == 1 ? "" : "es")} on {session.State.BaseName} "
                + $"to branch '{result.Branch}' ({what}, {result.Head.Short})");
            if (parse.GetValue(push) is { } remote)
            {
                using (var pushing = Progress.For(c, "Pushing"))
                {
                    pushing?.Report((0, 1, $"'{result.Branch}' to {remote}"));
                    Publish.Push(session, remote, result);
                }
                c.Out.WriteLine($"Pushed '{result.Branch}' to {remote}");
            }
            return 0;
        });
        return command;
    }
}
