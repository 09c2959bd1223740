using System.CommandLine;
using Carry.Operations.Series;
using Carry.Operations.Stack;

namespace Carry.Cli.Commands;

/// <summary>carry undo: go back to the stack's previous state.</summary>
internal static class UndoCommand
{
    public static Command Build(CliContext c)
    {
        var command = new Command("undo", "Restore the stack, branch and working tree as they were before the last command.");
        command.Description += "\nRepeat to go further back; 'carry redo' reverses an undo. Local changes are kept, as 'git checkout' keeps them.";
        command.SetAction(_ =>
        {
            using var session = Shared.Open(c, Preconditions.Standard);
            var undone = session.Store.Read(session.Record!.UndoBase ?? session.Record.Id);
            var result = History.Undo(session, c.CommandLine);
            c.Out.WriteLine($"Undid 'carry {undone.Command}'");
            return Shared.Report(c, result);
        });
        return command;
    }
}

/// <summary>carry redo: reverse the last undo.</summary>
internal static class RedoCommand
{
    public static Command Build(CliContext c)
    {
        var command = new Command("redo", "Reverse the last 'carry undo'.");
        command.SetAction(_ =>
        {
            using var session = Shared.Open(c, Preconditions.Standard);
            return Shared.Report(c, History.Redo(session, c.CommandLine));
        });
        return command;
    }
}
