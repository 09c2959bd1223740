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
            """;
        command.SetAction(_ =>
        {
            using var session = Shared.Open(c, Preconditions.Stack | Preconditions.NoConflicts);
            var before = session.State.All.Select(p => p.Id).ToHashSet();
            var result = Init.Repair(session, c.CommandLine);
            foreach (var p in result.State.Applied.Where(p => !before.Contains(p.Id))) c.Out.WriteLine($"Adopted '{p.Name}'");
            return Shared.Report(c, result);
        });
        return command;
    }
}
