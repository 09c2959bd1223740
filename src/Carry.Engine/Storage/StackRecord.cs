using System.Collections.Immutable;
using Carry.Git;
using Carry.Model;

namespace Carry.Storage;

/// <summary>
/// One state in a stack's history: the state itself plus what made it. Records form a chain
/// (first parent = the record before), which is the series' own history: <c>carry log</c>
/// walks it and <c>carry undo</c> moves along it.
/// </summary>
/// <param name="Id">The state commit.</param>
/// <param name="State">The stack as this record describes it.</param>
/// <param name="Command">The command line that made this record ("push -a").</param>
/// <param name="Who">Who ran it, and when.</param>
/// <param name="Previous">The record before this one, or null for the first.</param>
/// <param name="UndoBase">For a record made by undo or redo: the record of the command whose
/// result it restored. Null for ordinary commands, whose position in history is themselves.</param>
/// <param name="Redo">What <c>carry redo</c> would restore next, newest first.</param>
/// <param name="LocalChanges">For a command that took local changes into a patch (refresh): the
/// trees of the index and of the working tree just before, so undo can give them back.</param>
public sealed record StackRecord(
    Oid Id,
    StackState State,
    string Command,
    Signature Who,
    Oid? Previous,
    Oid? UndoBase,
    ImmutableList<Oid> Redo,
    TakenChanges? LocalChanges = null)
{
    /// <summary>
    /// For a record made by <c>share pull --theirs</c> or <c>--ours</c>: the other side's record,
    /// whose history it joins (an extra parent of the state commit).
    /// </summary>
    public Oid? Joins { get; init; }

    /// <summary>
    /// For a command that changed the patches but left local changes on disk (spill, absorb): the
    /// trees of the index and working tree just after it, so redo can leave them the same way.
    /// </summary>
    public TakenChanges? LeftChanges { get; init; }

    /// <summary>The ordinary command whose result this record shows.</summary>
    public Oid Position => UndoBase ?? Id;
}

/// <summary>The index and working tree, as trees, before a command took their changes.</summary>
public sealed record TakenChanges(Oid Index, Oid WorkingTree);
