using Carry.Git;
using Carry.Git.Checkout;
using Carry.Storage;

namespace Carry.Operations.Stack;

/// <summary>
/// Finishes a command that was killed between writing its journal and moving its refs. Its
/// objects were stored before it wrote anything, and its journal names the before and after
/// states, so finishing is always possible. Every step sets paths and refs to values the
/// journal names (never relative to what is there), so a recovery killed part-way is simply
/// run again by the next command; the journal is removed only once recovery is complete.
/// </summary>
internal static class Recovery
{
    /// <summary>How long a git process started by the killed carry is given to finish and release the index.</summary>
    private static readonly TimeSpan IndexLockWait = TimeSpan.FromSeconds(10);

    /// <summary>Completes (or, when that would overwrite someone's changes, reverts) the journal's command; returns what to tell the user.</summary>
    public static string Finish(StackSession session, Journal journal)
    {
        var repo = session.Repo;
        var what = $"an interrupted 'carry {journal.Command}'";
        CrashPoint.Hit("recovery-start");
        WorkingTree.TakeOverIndexLock(repo, IndexLockWait);
        // Killed inside its ref transaction: the ref locks it held are its own, and in the way.
        LooseRefTransaction.RemoveLeftLocks(repo.GitDir, repo.CommonDir, [(journal.BranchRef, journal.NewHead), (journal.StateRef, journal.NewState)]);
        var head = repo.ReadRef(journal.BranchRef);
        var state = repo.ReadRef(journal.StateRef);
        // One ref moved and not the other: killed between the two (the files were written before either).
        var halfway = (head == journal.NewHead && state == journal.OldState) || (head == journal.OldHead && state == journal.NewState);
        string notice;
        if (head == journal.NewHead && state == journal.NewState)
        {
            notice = $"{what} was found and finished; 'carry log' shows it, 'carry undo' reverts it.";
        }
        else if ((head == journal.OldHead && state == journal.OldState) || halfway)
        {
            var foreign = WorkingTree.ForeignPaths(repo, journal.FromTree, journal.ToTree);
            if (foreign.Count == 0)
            {
                try
                {
                    RollForward(repo, journal, head, state);
                    notice = $"{what} was found and finished; 'carry log' shows it, 'carry undo' reverts it.";
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A write that fails now fails on every retry (a file the system will not
                    // create, a damaged object): finishing is given up rather than retried by
                    // every command. The refs never moved (halfway aside), so undoing is safe.
                    notice = halfway
                        ? $"{LeftAsItIs(what, journal)} It could not be finished ({Why(e)})."
                        : Undo(repo, journal, [], what, $"it could not be finished ({Why(e)})");
                }
            }
            else if (!halfway)
                notice = Undo(repo, journal, foreign, what, $"files it changes hold other changes ({string.Join(", ", foreign.Take(5))}); run it again");
            else notice = LeftAsItIs(what, journal);
        }
        else
        {
            // Someone moved the branch or the stack since (a plain git command after the
            // crash): finishing would overwrite that. The working tree is left as it is; the
            // command's result is a stack record that stays in the objects, named here.
            notice = LeftAsItIs(what, journal);
        }
        CrashPoint.Hit("recovery-end");
        Journal.Clear(repo.GitDir);
        return notice;
    }

    /// <summary>
    /// Rolls back, or when even that fails says so: the journal is removed either way, since a
    /// recovery that cannot complete must not stop every later command. Nothing is lost: the
    /// refs never moved, and the paths it touches held the journal's versions or nothing.
    /// </summary>
    private static string Undo(CarryRepository repo, Journal journal, List<string> foreign, string what, string why)
    {
        try
        {
            RollBack(repo, journal, foreign);
            return $"{what} was found and undone: {why}.";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return $"{what} was found, but could be neither finished nor undone ({why}; {Why(e)}): the branch and stack are as they were " +
                "before it and its journal is removed, but files it was writing may be left half-written: 'git status' shows them, " +
                "'git checkout HEAD -- <path>' puts one back.";
        }
    }

    /// <summary>The reason in an exception, for a message (the first of a parallel write's).</summary>
    internal static string Why(Exception e) =>
        (e is AggregateException all ? all.Flatten().InnerExceptions.FirstOrDefault() ?? e : e).Message.Replace('\n', ' ').Trim();

    private static string LeftAsItIs(string what, Journal journal) =>
        $"{what} was found, but the branch or stack has moved since; left as it is " +
        $"(its result was stack record {journal.NewState?.Short ?? "none"}). 'git status' shows the working tree; 'carry repair' makes the stack match the branch.";

    /// <summary>Every path the command changes gets its new version in index and files, then both refs move.</summary>
    private static void RollForward(CarryRepository repo, Journal journal, Oid? head, Oid? state)
    {
        WorkingTree.ForceSwitchPaths(repo, journal.FromTree, journal.ToTree, journal.ToTree);
        CrashPoint.Hit("recovery-files");
        // The index: the new head's tree for what the command changed (or the tree it records
        // for the index, when undoing a refresh gives changes back unstaged).
        var oldHeadTree = repo.Objects.ReadCommit(journal.OldHead).Tree;
        var target = journal.IndexTree ?? journal.ToTree;
        ResetIndexPaths(repo, target, Changed(repo, oldHeadTree, target, journal.FromTree, journal.ToTree));
        // Each ref from where it is (its old value, or already its new one when the kill came
        // between the two) to its new value.
        repo.UpdateRefs([
            new RefUpdate(journal.BranchRef, head, journal.NewHead),
            new RefUpdate(journal.StateRef, state, journal.NewState),
        ], $"carry: finish interrupted '{journal.Command}'");
    }

    /// <summary>
    /// The refs never moved: files the command had (or had not yet) written go back to their
    /// old version, and their index entries to the old head's; files holding other content
    /// are not touched. Nothing is lost: the command's objects stay, its effect does not.
    /// </summary>
    private static void RollBack(CarryRepository repo, Journal journal, List<string> foreign)
    {
        var keep = foreign.ToHashSet(StringComparer.Ordinal);
        var changes = TreeOps.Diff(repo.Objects, journal.FromTree, journal.ToTree);
        var paths = changes.Select(c => RawPath.ToText(c.Path)).Where(p => !keep.Contains(p)).ToList();
        WorkingTree.ForceSwitchPaths(repo, journal.ToTree, journal.FromTree, journal.FromTree, paths);
        var oldHeadTree = repo.Objects.ReadCommit(journal.OldHead).Tree;
        // A foreign file keeps what the user wrote, but its index entry, when it is the one the
        // killed command staged, goes back too: otherwise the undone command's content would stay
        // staged under the user's edit. An entry staged since the crash is the user's and stays.
        var indexChanges = journal.IndexTree is { } indexTree ? TreeOps.Diff(repo.Objects, journal.FromTree, indexTree) : [];
        var staged = WorkingTree.StagedAsNew(repo, changes.Concat(indexChanges).Where(c => keep.Contains(RawPath.ToText(c.Path))));
        ResetIndexPaths(repo, oldHeadTree, [.. paths, .. staged]);
    }

    private static List<string> Changed(CarryRepository repo, Oid oldHeadTree, Oid target, Oid from, Oid to) =>
        TreeOps.Diff(repo.Objects, oldHeadTree, target)
            .Concat(TreeOps.Diff(repo.Objects, to, target))
            .Concat(TreeOps.Diff(repo.Objects, from, to))
            .Select(c => RawPath.ToText(c.Path)).Distinct().ToList();

    private static void ResetIndexPaths(CarryRepository repo, Oid tree, IReadOnlyCollection<string> paths)
    {
        WorkingTree.ResetPaths(repo, tree, paths);
    }
}
