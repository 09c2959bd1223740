using System.CommandLine;
using Carry.Operations.Stack;

namespace Carry.Cli.Commands;

/// <summary>carry repair: make the stack match a branch moved by plain git.</summary>
internal static class RepairCommand
{
    public static Command Build(CliContext c)
    {
        var command = new Command("repair", "Make the stack match a branch changed with plain git (commit, reset, amend).");
        command.Description += """

            Commits made on top of the stack become new patches, named after their subjects;
            patches whose commits are no longer on the branch become unapplied. Nothing is deleted.
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
            using var session = Shared.Open(c, Preconditions.Stack | Preconditions.NoConflicts);
            var before = session.State.All.Select(p => p.Id).ToHashSet();
            var result = Init.Repair(session, c.CommandLine);
            foreach (var p in result.State.Applied.Where(p => !before.Contains(p.Id))) c.Out.WriteLine($"Adopted '{p.Name}'");
            return Shared.Report(c, result);
        });
        return command;
    }
}
