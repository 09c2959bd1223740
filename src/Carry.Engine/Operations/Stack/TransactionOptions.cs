using System.Collections.Immutable;
using Carry.Git;
using Carry.Storage;

namespace Carry.Operations.Stack;

/// <summary>
/// How a <see cref="StackTransaction"/> carries out its change: set once per command (most
/// commands only name themselves), never changed while it runs.
/// </summary>
/// <param name="Action">What the user is doing, for error messages ("push", "move").</param>
public sealed record TransactionOptions(string Action = "the command")
{
    /// <summary>If false, a patch that does not apply stops the replay there and the patches from it on stay unapplied.</summary>
    public bool AllOrNothing { get; init; } = true;

    /// <summary>Reports each patch replayed (done, total, name).</summary>
    public IProgress<(int Done, int Total, string Name)>? Progress { get; init; }

    /// <summary>Cancels the replay; honoured only before anything is written.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>
    /// When set, the index file (and the tree it holds) the working tree currently matches,
    /// instead of the real index at the branch head: refresh builds one with the user's changes.
    /// The transaction moves it into place, or deletes it if it fails.
    /// </summary>
    public (string File, Oid Tree)? WorkingIndex { get; init; }

    /// <summary>
    /// Carry the local changes across (<c>goto/pop --keep</c>): merged onto the new head's files
    /// even where the command changes the same files; a conflict refuses the command, changing nothing.
    /// </summary>
    public bool KeepLocalChanges { get; init; }

    /// <summary>Set by commands that take local changes into a patch: recorded so undo can return them.</summary>
    public TakenChanges? TakesLocalChanges { get; init; }

    /// <summary>
    /// Set by commands that change the patches but leave local changes on disk (spill, absorb):
    /// the index and working tree after the command, recorded so redo can leave them the same way.
    /// </summary>
    public TakenChanges? LeavesLocalChanges { get; init; }

    /// <summary>
    /// When set, the working tree is moved to this tree (not the new head's) and the index
    /// then set to <c>Index</c>: how undoing a refresh gives the changes back as local changes.
    /// </summary>
    internal TakenChanges? RestoreLocalChanges { get; init; }

    /// <summary>
    /// With <see cref="RestoreLocalChanges"/>: paths to mark unmerged (stages 1–3) instead of
    /// setting the whole index. A stopped sync's working tree and index differ only on its
    /// conflicted paths, so marking them gives the same index in one step instead of two.
    /// </summary>
    internal IReadOnlyList<Git.Checkout.UnmergedPath>? Unmerged { get; init; }

    /// <summary>
    /// When set, this existing record becomes the stack's state as it is, instead of a new one
    /// being written: how <c>share pull</c> fast-forwards to a teammate's history. Its state is
    /// what the transaction must reach (set the transaction's patches and the rest from it).
    /// </summary>
    internal StackRecord? Adopt { get; init; }

    /// <summary>
    /// Another stack record the new one joins (<c>share pull --theirs</c> or <c>--ours</c>): kept
    /// as an extra parent, so that history stays reachable and the next push is a fast-forward.
    /// </summary>
    internal Oid? Joins { get; init; }

    /// <summary>For undo and redo: the state undo returns past (recorded in the new state so undo can step on).</summary>
    internal Oid? UndoBase { get; init; }

    /// <summary>For undo and redo: the states redo can return to.</summary>
    internal ImmutableList<Oid> Redo { get; init; } = [];
}
