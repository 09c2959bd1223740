using System.CommandLine;
using Carry.Operations.Queries;
using Carry.Operations.Stack;

namespace Carry.Cli.Commands;

/// <summary>carry status: where the stack stands, and what is uncommitted.</summary>
internal static class StatusCommand
{
    public static Command Build(CliContext c)
    {
        var command = new Command("status", "Show the stack's base, its top patch and the working tree's local changes.");
        command.SetAction(_ =>
        {
            using var session = Shared.Open(c, Preconditions.Stack, write: false);
            var status = StackStatus.Read(session);
            var s = status.State;
            c.Out.WriteLine($"On branch {s.Branch}, base {s.BaseName} ({s.Base.Short})");
            c.Out.WriteLine($"{s.Applied.Count} applied, {s.Unapplied.Count} unapplied" + (s.Top is { } t ? $", top: {t.Name}" : ""));
            if (status.BranchMoved) c.Out.WriteLine(c.Paint.Yellow("the branch was changed outside carry: run 'carry repair'"));
            if (s.Sync is { } sync)
                c.Out.WriteLine(c.Paint.Yellow($"sync in progress: stopped at patch '{sync.Stopped}' ({sync.Todo.Count} more to re-apply);"
                    + " resolve, 'git add', then 'carry sync --continue' (or --skip, --abort)"));
            c.Out.WriteLine(status.LocalChanges.Length == 0 ? "no local changes" : "local changes:\n" + status.LocalChanges);
            return 0;
        });
        return command;
    }
}
