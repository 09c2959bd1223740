using Carry.Git;
using Carry.Model;
using Carry.Operations.Stack;

namespace Carry.Operations.Queries;

/// <summary>Where the stack stands, for <c>carry status</c>.</summary>
/// <param name="State">The stack's state.</param>
/// <param name="BranchMoved">True when the branch was changed outside carry (it no longer points at the stack's head).</param>
/// <param name="LocalChanges">The working tree's changes as <c>git status --short</c> lists them; empty when clean.</param>
public sealed record StackStatus(StackState State, bool BranchMoved, string LocalChanges)
{
    /// <summary>Reads the status of the open stack.</summary>
    public static StackStatus Read(StackSession session) =>
        new(session.State, session.Repo.ReadRef(session.BranchRef) != session.State.Head, Diffs.ShortStatus(session.Repo));
}
