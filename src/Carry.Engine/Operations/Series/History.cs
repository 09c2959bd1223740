using System.Collections.Immutable;
using Carry.Git;
using Carry.Git.Checkout;
using Carry.Operations.Stack;
using Carry.Storage;

namespace Carry.Operations.Series;

/// <summary>Moving through the stack's own history: undo and redo restore whole states.</summary>
public static class History
{
    /// <summary>
    /// Restores the state before the last command (repeated undos go further back). The
    /// restore is itself recorded, so it can be redone, and nothing is ever lost.
    /// </summary>
    public static TransactionResult Undo(StackSession session, string command)
    {
        var current = session.Record ?? throw StackSession.NoStack(session.Branch);
        var position = current.UndoBase is { } b ? session.Store.Read(b) : current;
        if (position.Previous is not { } previousId)
            throw new CarryException("nothing to undo: this is the stack's first state", "'carry log' shows the history.");
        var target = session.Store.Read(previousId);
        // A sync that stopped at a conflict and was continued or skipped is one command to the user:
        // undo goes back to before it (undoing an abort, though, returns to the stopped sync).
        var wholeSync = false;
        if (!position.Command.Contains("--abort", StringComparison.Ordinal))
            while (target.State.Sync is { } stopped) (target, wholeSync) = (session.Store.Read(stopped.From), true);
        var redo = current.UndoBase is null && current.Redo.IsEmpty ? [current.Id] : current.Redo.Insert(0, current.Id);
        // Undoing a refresh gives its changes back as local changes instead of dropping them.
        return Restore(session, target, target.Position, redo, command, "undo", restore: wholeSync ? null : position.LocalChanges);
    }

    /// <summary>Restores what the last undo took away.</summary>
    public static TransactionResult Redo(StackSession session, string command)
    {
        var current = session.Record ?? throw StackSession.NoStack(session.Branch);
        if (current.Redo.IsEmpty) throw new CarryException("nothing to redo");
        var target = session.Store.Read(current.Redo[0]);
        var redone = session.Store.Read(target.Position);
        return Restore(session, target, target.Position, current.Redo.RemoveAt(0), command, "redo",
            retake: redone.LeftChanges is null ? redone.LocalChanges : null, leave: redone.LeftChanges);
    }

    private static TransactionResult Restore(StackSession session, StackRecord target, Oid undoBase, ImmutableList<Oid> redo, string command, string action,
        TakenChanges? restore = null, TakenChanges? retake = null, TakenChanges? leave = null)
    {
        var tx = session.Begin();
        var options = new TransactionOptions(action) { RestoreLocalChanges = restore, UndoBase = undoBase, Redo = redo };
        if (leave is not null)
        {
            // Redoing a command that left local changes on disk (spill, absorb) leaves every file as
            // it is now and sets the index as that command did.
            var (tree, _, file) = WorkingTree.Snapshot(session.Repo, indexOnly: false, []);
            options = options with { WorkingIndex = (file, tree), RestoreLocalChanges = new TakenChanges(leave.Index, tree) };
        }
        if (retake is not null)
        {
            // Redoing a refresh takes the same files' local changes again, new files included.
            var paths = TreeOps.Diff(session.Repo.Objects, retake.Index, retake.WorkingTree)
                .Select(c => RawPath.ToText(c.Path)).ToList();
            var (tree, _, file) = WorkingTree.Snapshot(session.Repo, indexOnly: false, paths);
            options = options with { WorkingIndex = (file, tree) };
        }
        tx.Base = target.State.Base;
        tx.BaseRef = target.State.BaseRef;
        tx.Series = target.State.Series;
        // Recorded resolutions and test results are knowledge, not state: going back in history keeps them.
        tx.Details = target.State.Details with { Resolutions = session.State.Details.Resolutions, TestResults = session.State.Details.TestResults };
        tx.Sync = target.State.Sync;
        tx.Applied.Clear();
        tx.Applied.AddRange(target.State.Applied);
        tx.Unapplied.Clear();
        tx.Unapplied.AddRange(target.State.Unapplied);
        try
        {
            return tx.Execute(command, options);
        }
        catch (LocalChangesException) when (restore is null && retake is null && leave is null)
        {
            // Local changes in the way (after 'pop --keep', say): carried across, merged, as
            // --keep does; a conflict still refuses. Nothing was written by the first attempt.
            return tx.Execute(command, options with { KeepLocalChanges = true });
        }
    }
}
