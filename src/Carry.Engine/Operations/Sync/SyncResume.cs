using Carry.Git;
using Carry.Git.Checkout;
using Carry.Model;
using Carry.Operations.Stack;
using Carry.Storage;

namespace Carry.Operations.Sync;

/// <summary>The ways out of a sync stopped at a conflict: continue with the user's resolution, skip the patch, or abort.</summary>
public static partial class Sync
{
    /// <summary>Takes the user's resolution of the stopped patch (recording it for next time) and goes on.</summary>
    public static SyncResult Continue(StackSession session, string command, IProgress<(int, int, string)>? progress = null)
    {
        var (state, sync, stopped) = Stopped(session);
        if (session.Repo.HasConflicts)
            throw new CarryException("you have unmerged paths in the index",
                "resolve the conflicts, 'git add' the files, then run 'carry sync --continue' again.");
        var objects = session.Repo.Objects;
        var (snapshot, _, file) = WorkingTree.Snapshot(session.Repo, indexOnly: false, []);
        try
        {
            var before = session.Store.Read(sync.From).State;
            var (run, files) = Resume(session, state, sync, before, stopped, progress);
            RequireNoMarkers(objects, snapshot, files);
            var commit = objects.ReadCommit(stopped.Commit);
            var resolved = stopped with { Commit = objects.WriteCommit(commit with { Tree = snapshot, Parents = [state.Head], Committer = session.Committer }) };
            var results = files.Select(f => (f.Path, TreeOps.Lookup(objects, snapshot, f.Path))).ToList();
            var memory = ResolutionMemory.Record(objects, state.Details.Resolutions, ResolutionMemory.Key(stopped.Id, files), stopped, files, results, session.Committer);
            run.Resolutions = memory;
            run.Add(resolved, SyncOutcome.Resolved);
            var tx = session.Begin();
            tx.Details = tx.Details with { Resolutions = memory };
            var rest = run.Run(resolved.Commit, Todo(state, sync));
            // The resolution becomes the patch's content, so nothing is left to give back on undo.
            var options = new TransactionOptions("sync") { WorkingIndex = (file, snapshot) };
            return Finish(session, tx, run, rest, Remaining(state, sync), sync, command, options, before.Base, [.. before.All], state.Applied);
        }
        finally
        {
            if (File.Exists(file)) File.Delete(file);
        }
    }

    /// <summary>Leaves the stopped patch unapplied (kept in the stack) and goes on with the rest.</summary>
    public static SyncResult Skip(StackSession session, string command, IProgress<(int, int, string)>? progress = null)
    {
        var (state, sync, stopped) = Stopped(session);
        var (snapshot, index, file) = WorkingTree.Snapshot(session.Repo, indexOnly: false, [], acceptConflicts: true);
        try
        {
            var before = session.Store.Read(sync.From).State;
            var (run, _) = Resume(session, state, sync, before, stopped, progress, conflict: false);
            run.Report.Add(new SyncEntry(stopped.Name, stopped.Id, SyncOutcome.Skipped, Applied: false));
            run.SetAside.Add(stopped);
            var tx = session.Begin();
            var rest = run.Run(state.Head, Todo(state, sync));
            var options = new TransactionOptions("sync") { WorkingIndex = (file, snapshot), TakesLocalChanges = new TakenChanges(index, snapshot) };
            return Finish(session, tx, run, rest, Remaining(state, sync), sync, command, options, before.Base, [.. before.All], state.Applied);
        }
        finally
        {
            if (File.Exists(file)) File.Delete(file);
        }
    }

    /// <summary>Puts the stack, branch and working tree back as they were before the sync; recorded resolutions are kept.</summary>
    public static SyncResult Abort(StackSession session, string command)
    {
        var (state, sync, _) = Stopped(session);
        var before = session.Store.Read(sync.From).State;
        var (snapshot, index, file) = WorkingTree.Snapshot(session.Repo, indexOnly: false, [], acceptConflicts: true);
        var tx = session.Begin();
        // Whatever the user typed while resolving is kept in the record, so undo gives it back.
        tx.Base = before.Base;
        tx.BaseRef = before.BaseRef;
        tx.Series = before.Series;
        tx.Details = before.Details with { Resolutions = state.Details.Resolutions };
        tx.Sync = null;
        tx.Applied.Clear();
        tx.Applied.AddRange(before.Applied);
        tx.Unapplied.Clear();
        tx.Unapplied.AddRange(before.Unapplied);
        var result = tx.Execute(command, new("sync --abort") { WorkingIndex = (file, snapshot), TakesLocalChanges = new TakenChanges(index, snapshot) });
        return new SyncResult(result, sync.Done, null, sync.OntoRef, state.Base, before.Base);
    }

    /// <remarks><paramref name="before"/>: the stack as the sync found it (its base is the old base, its series the order kept).</remarks>
    private static (SyncRun Run, IReadOnlyList<ConflictFile> Files) Resume(StackSession session, StackState state, SyncProgress sync, StackState before,
        Patch stopped, IProgress<(int, int, string)>? progress, bool conflict = true)
    {
        var objects = session.Repo.Objects;
        var detector = ResumedDetector(session, FinishedHistory.UpstreamBelow(session.Repo, before), state.Base, [stopped, .. Todo(state, sync)], Record(objects, sync));
        var run = new SyncRun(session.Repo, session.Committer, detector, state.Details.Resolutions) { Progress = progress };
        // Patches this sync left unapplied below the stopped one: a patch emptied later may be waiting for them.
        var left = sync.Done.Where(e => !e.Applied && e.Outcome != SyncOutcome.Landed).Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        run.NotApplied.AddRange(state.Unapplied.Where(p => left.Contains(p.Id)));
        // Only --continue needs the conflict again (its paths and sides); --skip leaves the patch as it is.
        if (!conflict) return (run, []);
        var commit = objects.ReadCommit(stopped.Commit);
        var from = objects.ParentTree(commit);
        var merge = new Replay.TreeMerge(objects, session.Repo).Apply(from, commit.Tree, objects.ReadCommit(state.Head).Tree);
        return (run, run.ConflictFiles(from, commit.Tree, objects.ReadCommit(state.Head).Tree, merge.ConflictedPaths));
    }

    /// <summary>The upstream commits the sync listed when it began, as recorded (null: not recorded, or not readable).</summary>
    private static byte[]? Record(ObjectStore objects, SyncProgress sync)
    {
        if (sync.Upstream is not { } blob) return null;
        try { return objects.ReadBlob(blob); }
        catch (Exception e) when (e is MissingObjectException or InvalidDataException) { return null; }
    }

    private static (StackState, SyncProgress, Patch) Stopped(StackSession session)
    {
        var state = session.State;
        var sync = state.Sync ?? throw new CarryException("no sync in progress", "'carry sync' starts one.");
        var stopped = state.Unapplied.FirstOrDefault(p => p.Name == sync.Stopped)
            ?? throw new CarryException($"the stopped sync names patch '{sync.Stopped}', which is not in the stack",
                "run 'carry sync --abort' to return to the state before the sync.");
        return (state, sync, stopped);
    }

    private static List<Patch> Todo(StackState state, SyncProgress sync) =>
        [.. sync.Todo.Select(n => state.Unapplied.First(p => p.Name == n))];

    private static List<Patch> Remaining(StackState state, SyncProgress sync) =>
        [.. state.Unapplied.Where(p => p.Name != sync.Stopped && !sync.Todo.Contains(p.Name))];

    private static void RequireNoMarkers(ObjectStore objects, Oid tree, IReadOnlyList<ConflictFile> files)
    {
        foreach (var f in files)
        {
            if (TreeOps.Lookup(objects, tree, f.Path) is not { IsTree: false } e || e.Mode == EntryMode.Gitlink) continue;
            var text = System.Text.Encoding.Latin1.GetString(objects.ReadBlob(e.Id));
            if (text.StartsWith("<<<<<<< ", StringComparison.Ordinal) || text.Contains("\n<<<<<<< ", StringComparison.Ordinal)
                || text.Contains("\n>>>>>>> ", StringComparison.Ordinal))
                throw new CarryException($"'{RawPath.ToText(f.Path)}' still has conflict markers",
                    "finish resolving it (remove the <<<<<<< ||||||| ======= >>>>>>> lines), 'git add' it, then 'carry sync --continue'.");
        }
    }
}
