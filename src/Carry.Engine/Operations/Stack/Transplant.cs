using System.Text;
using Carry.Formats;
using Carry.Git;
using Carry.Git.Checkout;
using Carry.Model;
using Carry.Patches;
using Carry.Replay;

namespace Carry.Operations.Stack;

/// <summary>
/// Moving changes in and out of the top patch: <c>pick</c> copies a commit or another stack's
/// patch on top, <c>fold</c> applies a diff file into the top patch, <c>spill</c> empties the top
/// patch into the working tree.
/// </summary>
public static class Transplant
{
    /// <summary>
    /// Copies the change of <paramref name="what"/> (a commit, or <c>BRANCH:PATCH</c> naming a
    /// patch of another branch's stack) as a new patch on top, with its message and author.
    /// </summary>
    public static (TransactionResult Result, Patch Picked) Pick(StackSession session, string what, string? name, string command)
    {
        var repo = session.Repo;
        var objects = repo.Objects;
        var (commitId, wish, from) = Source(session, what);
        var commit = objects.ReadCommit(commitId);
        if (commit.Parents.Count > 1)
            throw new CarryException($"commit {commitId.Short} ('{Paths.Printable.Of(commit.Subject)}') is a merge: pick copies the change of one commit", "pick the commits of the merged branch one by one.");
        var state = session.State;
        var headTree = objects.ReadCommit(state.Head).Tree;
        // The commit may come from anywhere: its change passes the path rule (and its trees fsck's
        // checks) before git merge-tree, which asserts on a malformed tree, sees it.
        TreeCheck.Require(objects, objects.ParentTree(commit), commit.Tree, $"commit {commitId.Short}");
        var merged = new TreeMerge(objects, repo).Apply(objects.ParentTree(commit), commit.Tree, headTree);
        if (!merged.Succeeded) throw new PatchConflictException(new Conflict(wish, merged.ConflictedPaths), "pick");
        if (merged.Tree == headTree)
            throw new CarryException($"'{what}' changes nothing here: its change is already applied (or it is empty)",
                "as 'git cherry-pick' does, carry does not make an empty patch; 'carry new' makes one on purpose.");
        TreeCheck.Require(objects, headTree, merged.Tree, $"commit {commitId.Short}");
        var patchName = name ?? PatchName.Unique(wish, new HashSet<string>(state.All.Select(p => p.Name)));
        Authoring.RequireFreeName(session, patchName);
        var copy = objects.WriteCommit(commit with { Tree = merged.Tree, Parents = [state.Head], Committer = session.Committer });
        var layer = from?.Layer ?? LayerOrder.DefaultFor(session);
        LayerOrder.Index(state.Details, layer);
        var picked = new Patch(patchName, Patch.NewId(), copy) { Layer = layer, Guards = from?.Guards ?? [] };
        var tx = session.Begin();
        tx.Applied.Add(picked);
        return (tx.Execute(command, new("pick")), picked);
    }

    private static (Oid Commit, string Name, Patch? From) Source(StackSession session, string what)
    {
        var colon = what.IndexOf(':');
        if (colon > 0 && session.Store.Load(what[..colon]) is { } other)
        {
            var patchName = what[(colon + 1)..];
            var patch = other.State.Find(patchName) ?? throw new CarryException(
                $"patch '{patchName}' does not exist in the stack of '{what[..colon]}'", $"'git carry series' on branch '{what[..colon]}' lists its patches.");
            return (patch.Commit, patch.Name, patch);
        }
        var id = session.Repo.ResolveCommit(what) ?? throw new CarryException(
            $"'{what}' is neither a commit nor BRANCH:PATCH naming a patch of another branch's stack",
            "name a commit ('carry pick origin/fix~2') or a patch ('carry pick feature:fix-typo').");
        return (id, PatchName.FromSubject(session.Repo.Objects.ReadCommit(id).Subject), null);
    }

    /// <summary>
    /// Applies the diff in <paramref name="diff"/> (as <c>git apply</c> reads it, <c>-p</c><paramref name="strip"/>)
    /// to the top patch; local changes stay, unless the diff touches them (then nothing changes).
    /// </summary>
    public static TransactionResult Fold(StackSession session, byte[] diff, string file, int strip, string command)
    {
        var state = session.State;
        var top = state.Top ?? throw new CarryException("no patch applied", "create one with 'carry new <name>' first.");
        var objects = session.Repo.Objects;
        var old = objects.ReadCommit(top.Commit);
        // Read as import reads patch files (CRLF-mangled ones without their CRs), so that a file
        // 'carry import patch' takes is never refused here.
        var (patch, fit, _) = PatchFiles.Import.ReadAndApply(new TreeApplier(objects), old.Tree, diff, Read, new ApplyOptions { Strip = strip });
        if (patch.Files.Count == 0)
            throw new CarryException($"'{file}' is not a patch: no valid diff in it", "give a unified diff (diff -u, git diff, git format-patch).");
        if (!fit.Succeeded)
        {
            var sb = new StringBuilder($"'{file}' does not apply to patch '{top.Name}':");
            foreach (var p in fit.Problems) sb.Append("\n\t").Append(p.Path).Append(p.Hunk > 0 ? $": hunk {p.Hunk}" : "").Append(": ").Append(p.Message);
            throw new CarryException(sb.Append("\nnothing was changed.").ToString(), "check the -p level ('--strip'), or fold it into the patch it was made against ('carry goto' that patch first).");
        }
        TreeCheck.Require(objects, old.Tree, fit.Tree!.Value, $"'{file}'");
        var tx = session.Begin();
        Authoring.Replace(tx, top, top with { Commit = objects.WriteCommit(old with { Tree = fit.Tree.Value, Committer = session.Committer }) });
        return tx.Execute(command, new("fold"));

        PatchFile Read(byte[] bytes)
        {
            try { return UnifiedDiffReader.Parse(bytes, file); }
            catch (PatchFormatException e) { throw new CarryException($"'{file}' is not a patch: {e.Message}"); }
        }
    }

    /// <summary>
    /// Empties the top patch (it stays, with its message) and leaves its changes in the working
    /// tree and the index, as local changes: nothing on disk changes.
    /// </summary>
    public static TransactionResult Spill(StackSession session, string command)
    {
        var state = session.State;
        var top = state.Top ?? throw new CarryException("no patch applied", "spill empties the top patch: push one first.");
        var objects = session.Repo.Objects;
        var old = objects.ReadCommit(top.Commit);
        var parentTree = objects.ParentTree(old);
        if (parentTree == old.Tree) throw new CarryException($"patch '{top.Name}' is already empty");
        var (_, index, file) = WorkingTree.Snapshot(session.Repo, indexOnly: true, []);
        File.Delete(file);
        var tx = session.Begin();
        Authoring.Replace(tx, top, top with { Commit = objects.WriteCommit(old with { Tree = parentTree, Committer = session.Committer }) });
        // The files stay as they are (the old head's tree) and so does the index: what the patch held becomes local changes.
        var left = new Storage.TakenChanges(index, old.Tree);
        return tx.Execute(command, new("spill") { RestoreLocalChanges = left, LeavesLocalChanges = left });
    }
}
