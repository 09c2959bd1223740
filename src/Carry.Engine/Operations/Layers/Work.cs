using Carry.Git;
using Carry.Git.Checkout;
using Carry.Model;
using Carry.Operations.Stack;
using Carry.Storage;

namespace Carry.Operations.Layers;

/// <summary>What <see cref="Work.Start"/> made.</summary>
/// <param name="Branch">The new branch (and stack).</param>
/// <param name="State">The new stack: the base with the private layer applied.</param>
public sealed record WorkResult(string Branch, StackState State);

/// <summary>
/// <c>carry work BRANCH</c>: a new stack for a new piece of work, on the same base, with the
/// development kit (the private layer) already in place. The private patches keep their ids
/// (and their commits: they sit right on the base in both stacks), which is how the stacks
/// recognise that they share the kit (<see cref="SharedLayer"/>).
/// </summary>
public static class Work
{
    /// <summary>
    /// Creates <paramref name="branch"/> and its stack from the current stack's private patches
    /// (applied and unapplied), then switches to it with <c>git switch</c>, which keeps local
    /// changes that do not clash and refuses otherwise (then nothing is left behind).
    /// </summary>
    public static WorkResult Start(StackSession session, string branch, string command)
    {
        var repo = session.Repo;
        if (!Revisions.IsValidBranchName(repo, branch)) throw new CarryException($"'{branch}' is not a valid branch name");
        if (repo.ReadRef("refs/heads/" + branch) is not null)
            throw new CarryException($"branch '{branch}' already exists", $"switch to it with 'git switch {branch}', or choose another name.");
        if (repo.ReadRef(StackStore.RefFor(branch)) is not null) throw LeftBehind(session, branch);

        var state = session.State;
        var details = state.Details;
        var applied = state.Applied.TakeWhile(details.IsPrivate).ToList();
        var unapplied = state.Unapplied.Where(details.IsPrivate).ToList();
        var fresh = new StackState(branch, state.BaseRef, state.Base, [.. applied], [.. unapplied])
        {
            Details = details with { Retired = [], Versions = [] },
        };
        var record = session.Store.Write(fresh, command, session.Committer, null, null, []);
        repo.Objects.Flush();
        var branchRef = "refs/heads/" + branch;
        repo.UpdateRefs([new RefUpdate(branchRef, null, fresh.Head), new RefUpdate(StackStore.RefFor(branch), null, record)], $"carry: {command}");
        var switched = WorkingTree.SwitchBranch(repo, branch);
        if (!switched.Ok)
        {
            repo.UpdateRefs([new RefUpdate(branchRef, fresh.Head, null), new RefUpdate(StackStore.RefFor(branch), record, null)], "carry: work undone");
            throw new CarryException($"could not switch to '{branch}': {switched.Stderr.Trim().Replace("error: ", "")}",
                "commit, stash or 'carry refresh' your local changes first; nothing was changed.");
        }
        return new WorkResult(branch, fresh);
    }

    /// <summary>
    /// The branch is gone but its stack is not (deleted with 'git branch -D'): say so, and how to
    /// take the stack up again or let it go, rather than only "already exists".
    /// </summary>
    private static CarryException LeftBehind(StackSession session, string branch)
    {
        var head = session.Store.Load(branch)?.State.Head;
        var at = head is { } h ? h.Short : $"refs/carry/{branch}";
        return new CarryException(
            $"branch '{branch}' was deleted, but its stack is still there (refs/carry/{branch}, top at {at})",
            $"to take it up again: 'git branch {branch} {at}' recreates the branch where the stack left it, then 'git switch {branch}'.\n" +
            $"to drop it and start afresh: 'git update-ref -d refs/carry/{branch}', then 'carry work {branch}' (the old stack's patches are lost);\n" +
            "or choose another name.");
    }
}
