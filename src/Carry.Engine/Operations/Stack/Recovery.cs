using Carry.Git;
using Carry.Storage;

namespace Carry.Operations.Stack;

/// <summary>
/// Finishes a command that was killed while writing the working tree. Its objects were
/// stored before it wrote anything, and its journal names the before and after states, so
/// rolling forward is always possible; rolling back could lose the new patch commits.
/// </summary>
internal static class Recovery
{
    /// <summary>Finishes the journal's command if it can; returns what to tell the user.</summary>
    public static string RollForward(StackSession session, Journal journal)
    {
        var repo = session.Repo;
        var head = repo.ReadRef(journal.BranchRef);
        var state = repo.ReadRef(journal.StateRef);
        var refsDone = head == journal.NewHead && state == journal.NewState;
        if (!refsDone && (head != journal.OldHead || state != journal.OldState))
        {
            return "an interrupted carry command was found, but the branch has moved since; left as it is.";
        }
        if (!refsDone)
        {
            var oldHeadTree = repo.Objects.ReadCommit(journal.OldHead).Tree;
            // The target is a tree, not always the new head's: a sync stopped at a conflict leaves markers.
            ResetIndexPaths(repo, oldHeadTree, journal.ToTree, journal.ToTree);
            WorkingTree.ForceSwitchPaths(repo, journal.FromTree, journal.ToTree, journal.ToTree);
            repo.UpdateRefs([
                new RefUpdate(journal.BranchRef, journal.OldHead, journal.NewHead),
                new RefUpdate(journal.StateRef, journal.OldState, journal.NewState),
            ], "carry: finish interrupted command");
        }
        return "an interrupted carry command was found and finished; 'carry log' shows it, 'carry undo' reverts it.";
    }

    private static void ResetIndexPaths(CarryRepository repo, Oid from, Oid to, Oid toTree)
    {
        var paths = TreeOps.Diff(repo.Objects, from, to).Select(c => RawPath.ToText(c.Path)).ToList();
        if (paths.Count == 0) return;
        WorkingTree.KeepingIndexFlags(repo, () =>
            repo.Git.Run(["reset", "-q", toTree.Hex, "--pathspec-from-file=-", "--pathspec-file-nul"], string.Join('\0', paths)));
    }
}
