using Carry.Git;
using Carry.Git.Checkout;
using Carry.Model;
using Carry.Replay;
using Carry.Storage;

namespace Carry.Operations.Stack;

/// <summary>
/// One hunk of the local changes and where absorb sends it: the applied patch that last touched
/// those lines, or null (it stays local, <see cref="Reason"/> says why). Line numbers are those
/// of the file at the branch head (<c>Lines</c> = 0 for a whole-file change).
/// </summary>
public sealed record AbsorbedHunk(string Path, int Start, int Lines, string? Patch, string? Reason);

/// <summary>What absorb did or (with --dry-run) would do.</summary>
public sealed record AbsorbResult(IReadOnlyList<AbsorbedHunk> Hunks, TransactionResult? Transaction);

/// <summary>
/// <c>carry absorb</c>: each hunk of the local changes goes into the applied patch that last
/// touched its lines (as jj absorb, over the whole stack). Hunks no patch owns, or only a
/// private patch owns (unless asked), stay local, as do new files. The files on disk never
/// change; the patches above a changed one are rebuilt on it, all or nothing.
/// </summary>
public static class Absorb
{
    /// <summary>Absorbs the local changes of tracked files; with <paramref name="dryRun"/> only says where each hunk would go.</summary>
    public static AbsorbResult Run(StackSession session, bool dryRun, bool intoPrivate, string command)
    {
        var state = session.State;
        if (state.Applied.Count == 0) throw new CarryException("no patch applied", "absorb sends local changes into the applied patches: push some first.");
        var objects = session.Repo.Objects;
        var headTree = objects.ReadCommit(state.Head).Tree;
        var (snapshot, index, indexFile) = WorkingTree.Snapshot(session.Repo, indexOnly: false, []);
        try
        {
            if (snapshot == headTree) throw new CarryException("no local changes to absorb", "absorb takes the changes to tracked files ('git status' shows them).");
            var hunks = new List<AbsorbedHunk>();
            var updates = new Dictionary<int, List<(string Path, TreeEntry? Entry)>>();
            foreach (var change in TreeOps.Diff(objects, headTree, snapshot))
                Assign(session, change, intoPrivate, hunks, updates);
            if (dryRun || updates.Count == 0)
            {
                File.Delete(indexFile);
                return new AbsorbResult(hunks, null);
            }
            var finalTree = Rebuild(session, headTree, updates, out var tx);
            // Undo moves the files from the new head's tree to this one: the same, so nothing on disk changes.
            var taken = new TakenChanges(index, finalTree);
            var left = new TakenChanges(finalTree, snapshot);
            var result = tx.Execute(command, new("absorb")
            {
                WorkingIndex = (indexFile, snapshot), RestoreLocalChanges = left, TakesLocalChanges = taken, LeavesLocalChanges = left,
            });
            return new AbsorbResult(hunks, result);
        }
        catch
        {
            File.Delete(indexFile);
            throw;
        }
    }

    /// <summary>Finds the owner of each hunk of one changed path; collects the file contents each owner gets.</summary>
    private static void Assign(StackSession session, PathChange change, bool intoPrivate, List<AbsorbedHunk> hunks,
        Dictionary<int, List<(string Path, TreeEntry? Entry)>> updates)
    {
        var objects = session.Repo.Objects;
        var text = RawPath.ToText(change.Path);
        if (change.Old is null)
        {
            hunks.Add(new AbsorbedHunk(text, 0, 0, null, "a new file"));
            return;
        }
        var lineWise = change.New is { } n && n.Mode == change.Old.Mode && !change.Old.IsTree && !n.IsTree
            && LineBlocks.IsLineText(objects.ReadBlob(change.Old.Id)) && LineBlocks.IsLineText(objects.ReadBlob(n.Id));
        if (!lineWise)
        {
            var owner = Owner(session, change.Path, null, intoPrivate, out var reason);
            hunks.Add(new AbsorbedHunk(text, 0, 0, owner?.Name, reason));
            if (owner is not null) Updates(session, updates, owner).Add((change.Path, change.New));
            return;
        }
        var before = objects.ReadBlob(change.Old.Id);
        var after = objects.ReadBlob(change.New!.Id);
        var byOwner = new Dictionary<int, List<LineBlock>>();
        foreach (var block in LineBlocks.Of(before, after))
        {
            var owner = Owner(session, change.Path, block.OldLines.ToHashSet(), intoPrivate, out var reason);
            hunks.Add(new AbsorbedHunk(text, block.OldStart, block.OldCount, owner?.Name, reason));
            if (owner is null) continue;
            var at = session.State.Applied.IndexOf(owner);
            if (!byOwner.TryGetValue(at, out var list)) byOwner[at] = list = [];
            list.Add(block);
        }
        foreach (var (at, blocks) in byOwner)
        {
            var content = LineBlocks.Apply(before, after, blocks);
            Updates(session, updates, session.State.Applied[at]).Add((change.Path, change.Old with { Id = objects.WriteBlob(content) }));
        }
    }

    private static List<(string Path, TreeEntry? Entry)> Updates(StackSession session, Dictionary<int, List<(string, TreeEntry?)>> updates, Patch owner)
    {
        var at = session.State.Applied.IndexOf(owner);
        if (!updates.TryGetValue(at, out var list)) updates[at] = list = [];
        return list;
    }

    /// <summary>
    /// The applied patch that last changed <paramref name="lines"/> of <paramref name="path"/>
    /// (numbered as at the head; null: the whole file), walking down the stack and following the
    /// lines through each patch that did not touch them. Null when none did, or when only a
    /// private patch did and <paramref name="intoPrivate"/> is false (<paramref name="reason"/> says which).
    /// </summary>
    private static Patch? Owner(StackSession session, string path, HashSet<int>? lines, bool intoPrivate, out string? reason)
    {
        var objects = session.Repo.Objects;
        var state = session.State;
        for (var i = state.Applied.Count - 1; i >= 0 && lines is not { Count: 0 }; i--)
        {
            var patch = state.Applied[i];
            var commit = objects.ReadCommit(patch.Commit);
            var now = TreeOps.Lookup(objects, commit.Tree, path);
            var was = TreeOps.Lookup(objects, objects.ParentTree(commit), path);
            if (now == was) continue;
            var owns = lines is null || now is null || was is null;
            List<LineBlock>? blocks = null;
            if (!owns)
            {
                var (a, b) = (objects.ReadBlob(was!.Id), objects.ReadBlob(now!.Id));
                owns = !LineBlocks.IsLineText(a) || !LineBlocks.IsLineText(b);
                if (!owns)
                {
                    blocks = LineBlocks.Of(a, b);
                    owns = blocks.Any(block => block.NewLines.Any(lines!.Contains));
                }
            }
            if (owns)
            {
                if (state.Details.IsPrivate(patch) && !intoPrivate)
                {
                    reason = $"last changed by the private patch '{patch.Name}' (--into-private sends it there)";
                    return null;
                }
                reason = null;
                return patch;
            }
            // Follow the lines to where they were before this patch.
            lines = [.. lines!.Select(l => l + blocks!.Where(b => b.NewStart + b.NewCount <= l).Sum(b => b.OldCount - b.NewCount))];
        }
        reason = "no applied patch changed these lines";
        return null;
    }

    /// <summary>
    /// Builds the new chain from the lowest changed patch up: each owner gets its hunks merged in,
    /// the patches above are rebased on it. Returns the new head's tree.
    /// </summary>
    private static Oid Rebuild(StackSession session, Oid headTree, Dictionary<int, List<(string Path, TreeEntry? Entry)>> updates, out StackTransaction tx)
    {
        var objects = session.Repo.Objects;
        var merge = new TreeMerge(objects, session.Repo);
        var state = session.State;
        tx = session.Begin();
        var lowest = updates.Keys.Min();
        var top = lowest == 0 ? state.Base : state.Applied[lowest - 1].Commit;
        for (var i = lowest; i < state.Applied.Count; i++)
        {
            var patch = state.Applied[i];
            var commit = objects.ReadCommit(patch.Commit);
            var tree = commit.Tree;
            var topTree = objects.ReadCommit(top).Tree;
            if (commit.Parent != top)
            {
                var moved = merge.Apply(objects.ParentTree(commit), commit.Tree, topTree);
                if (!moved.Succeeded) throw new PatchConflictException(new Conflict(patch.Name, moved.ConflictedPaths), "absorb");
                tree = moved.Tree;
            }
            if (updates.TryGetValue(i, out var mine))
            {
                var wanted = TreeOps.Update(objects, headTree, mine);
                var taken = merge.Apply(headTree, wanted, tree);
                if (!taken.Succeeded) throw new PatchConflictException(new Conflict(patch.Name, taken.ConflictedPaths), "absorb");
                tree = taken.Tree;
            }
            top = objects.WriteCommit(commit with { Tree = tree, Parents = [top], Committer = session.Committer });
            tx.Applied[i] = patch with { Commit = top };
        }
        return objects.ReadCommit(top).Tree;
    }
}
