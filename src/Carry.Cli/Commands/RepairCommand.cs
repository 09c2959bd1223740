using System.CommandLine;
using Carry.Operations.Stack;
using Carry.Operations.Sync;

namespace Carry.Cli.Commands;

/// <summary>carry repair: make the stack match a branch moved by plain git.</summary>
internal static class RepairCommand
{
    public static Command Build(CliContext c)
    {
        var command = new Command("repair", "Make the stack match a branch changed with plain git (commit, reset, amend, pull).");
        command.Description += """

            Commits made on top of the stack become new patches, named after their subjects;
            patches whose commits are no longer on the branch become unapplied. Nothing is deleted.
            A copy of a patch (rebased, cherry-picked, amended: same Carry-Id, author, date and
            message, or same change) keeps the patch's name, id and layer, so the private layer
            stays private. Upstream commits brought in by 'git pull --rebase' or a merging
            'git pull' move the base: the stack is synced onto them (a merge is linearised), with
            the sync's report, '--continue', '--skip' and '--abort'.
            With --from-reflog, a damaged stack ref is put back from its reflog instead (see docs/safety.md).
            """;
        var fromReflog = new Option<bool>("--from-reflog")
        {
            Description = "Put a damaged stack ref (refs/carry/<branch>) back to its newest readable state from its reflog.",
        };
        command.Options.Add(fromReflog);
        command.SetAction(parse =>
        {
            if (parse.GetValue(fromReflog))
            {
                var restored = Rescue.FromReflog(c.WorkingDirectory, c.CommandLine);
                var skipped = restored.Skipped > 0 ? $" ({restored.Skipped} newer unreadable entries skipped)" : "";
                c.Out.WriteLine($"Stack ref put back to {restored.Record.Id.Short}, after 'carry {restored.Record.Command}'{skipped}");
                return 0;
            }
            using var session = Shared.Open(c, Preconditions.Stack | Preconditions.NoConflicts | Preconditions.NoSync);
            var result = Repair.Run(session, c.CommandLine);
            foreach (var merge in result.Linearised)
                c.Out.WriteLine($"Linearised merge {merge.Short}: its upstream side is the new base, the stack's commits are re-applied on it");
            foreach (var (copy, patch) in result.Recognised)
                c.Out.WriteLine($"Recognised {copy.Short} as patch '{patch.Name}' (layer {patch.Layer})");
            foreach (var (copy, patch) in result.Dropped)
                c.Out.WriteLine($"Left out {copy.Short}: a second copy of patch '{patch.Name}'");
            var keptPrivate = result.KeptPrivate.ToDictionary(k => k.Adopted.Name);
            foreach (var p in result.Adopted)
            {
                if (!keptPrivate.TryGetValue(p.Name, out var kept)) { c.Out.WriteLine($"Adopted '{p.Name}'"); continue; }
                c.Out.WriteLine($"Adopted '{p.Name}' into private layer '{p.Layer}': it changes {kept.Path}, as private patch '{kept.Private.Name}' does");
                c.Out.WriteLine($"  (if it is not part of the kit: 'carry layer set upstream {p.Name}')");
            }
            if (result.Sync is { } sync)
            {
                SyncCommand.WriteText(c, sync, aborted: false);
                return sync.Stopped is null ? 0 : 1;
            }
            return Shared.Report(c, result.Transaction!);
        });
        return command;
    }
}
