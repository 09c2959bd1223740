using Carry.Git;
using Carry.Model;
using Carry.Operations.Layers;
using Carry.Operations.Stack;

namespace Carry.Operations.Sync;

/// <summary>What a repair did.</summary>
/// <param name="Transaction">The recorded state change.</param>
/// <param name="Adopted">Commits that became new patches.</param>
/// <param name="Recognised">Commits found to be copies of existing patches (copy, patch), which keep their id and layer.</param>
/// <param name="Dropped">Second copies of a patch already on the branch, left out.</param>
/// <param name="Sync">When upstream commits came into the branch (git pull): the sync onto them.</param>
/// <param name="Linearised">The merge commits that were undone (a <c>git pull</c> that merged).</param>
public sealed record RepairResult(TransactionResult? Transaction, IReadOnlyList<Patch> Adopted, IReadOnlyList<(Oid Copy, Patch Patch)> Recognised,
    IReadOnlyList<(Oid Copy, Patch Patch)> Dropped, SyncResult? Sync, IReadOnlyList<Oid> Linearised)
{
    /// <summary>New patches put in a private layer because they change a file a private patch changes (new patch, that private patch, the file).</summary>
    public IReadOnlyList<(Patch Adopted, Patch Private, string Path)> KeptPrivate { get; init; } = [];
}

/// <summary>
/// Makes the stack match a branch that plain git moved. Each commit on the branch above the
/// base is an existing patch when it is one (its commit), or a copy of one (its
/// <c>Carry-Id:</c>, the same author, date and message as a rebase or amend keeps, or the same
/// change), which keeps the patch's id and layer; only other commits become new patches, and a
/// commit holding another stack's private patch joins the private layer with that patch's id.
/// Upstream commits that came into the branch (<c>git pull --rebase</c>, or a <c>git pull</c>
/// that merged) are a move of the base: the stack is synced onto them with the sync engine, so
/// landed patches retire and a merge is linearised. A private patch is never copied.
/// </summary>
public static class Repair
{
    /// <summary>Repairs the session's stack; see the class summary.</summary>
    public static RepairResult Run(StackSession session, string command)
    {
        var state = session.State;
        var repo = session.Repo;
        var head = repo.ReadRef(session.BranchRef)!.Value;
        if (head == state.Head) throw new CarryException("the stack already matches the branch; nothing to repair");
        var newBase = UpstreamIn(session, head);
        if (!repo.IsAncestor(newBase, head))
            throw new CarryException($"branch '{session.Branch}' no longer contains the stack's base {state.Base.Short}",
                "put the branch back with 'git reset --keep <commit>' (see 'git reflog'), then run 'carry repair'.");
        var (commits, merges) = BranchCommits(repo, newBase, head);
        var found = new Recognition(session, commits);
        var onBranch = found.Applied.Select(p => p.Id).ToHashSet();
        var left = state.All.Where(p => !onBranch.Contains(p.Id)).ToList();

        if (newBase == state.Base && merges.Count == 0)
        {
            var tx = session.Begin();
            tx.Applied.Clear();
            tx.Applied.AddRange(found.Applied);
            tx.Unapplied.Clear();
            tx.Unapplied.AddRange(left);
            return new RepairResult(tx.Execute(command, new("repair")), found.Adopted, found.Recognised, found.Dropped, null, merges) { KeptPrivate = found.KeptPrivate };
        }

        // Upstream moved into the branch: a sync onto it, from the patches as the branch has them.
        // The new upstream comes from outside: what it adds passes the path rule first, as in a sync.
        var upstream = repo.Objects.ReadCommit(newBase);
        TreeCheck.Require(repo.Objects, repo.Objects.ReadCommit(state.Base).Tree, upstream.Tree,
            $"upstream commit {newBase.Short} ('{Paths.Printable.Of(upstream.Subject)}')");
        var detector = Sync.Detector(session, state.Base, newBase, [.. found.Applied, .. left]);
        var run = new SyncRun(session.Repo, session.Committer, detector, state.Details.Resolutions);
        var rest = run.Run(newBase, found.Applied);
        var kept = new List<Patch>();
        foreach (var p in left)
        {
            if (detector.Certain(p) is { } evidence) run.Retire(p, evidence);
            else kept.Add(p);
        }
        if (run.Stopped is not null) Sync.RequireCleanTree(session, run.Stopped.Patch.Name);
        var sync = session.Begin();
        sync.Base = newBase;
        // The base is upstream's own commit now: commits 'carry finish' had made history above the
        // old one came back with the pull as copies, and are found above as patches.
        sync.Details = sync.Details with { FinishedOn = null };
        var progress = new SyncProgress(state.BaseRef, session.Record!.Id, "", [], []);
        var result = Sync.Finish(session, sync, run, rest, kept, progress, command, new TransactionOptions("repair"), state.Base, [.. found.Applied, .. left]);
        return new RepairResult(result.Transaction, found.Adopted, found.Recognised, found.Dropped, result, merges) { KeptPrivate = found.KeptPrivate };
    }

    /// <summary>
    /// The newest upstream commit the branch holds: the merge base of the branch with the base
    /// ref as it is now, with that ref's own upstream, and with the branch's upstream, when it is
    /// newer than the stack's base. A candidate that holds a patch of the stack (the branch's
    /// upstream can be the fork's copy of the stack) or any private patch is not upstream.
    /// </summary>
    private static Oid UpstreamIn(StackSession session, Oid head)
    {
        var state = session.State;
        var repo = session.Repo;
        var best = state.Base;
        var mine = state.All.Select(p => p.Commit).ToHashSet();
        PrivatePatches? kit = null;
        foreach (var tip in new[] { state.BaseRef, state.BaseRef + "@{upstream}", session.BranchRef + "@{upstream}" }.Distinct())
        {
            if (repo.ResolveCommit(tip) is not { } t) continue;
            if (Revisions.MergeBase(repo, head, t) is not { } candidate) continue;
            if (candidate == best || !repo.IsAncestor(best, candidate)) continue;
            var between = Revisions.Between(repo, best, candidate);
            if (between.Any(mine.Contains)) continue;
            kit ??= PrivatePatches.Load(repo);
            if (kit.Find(between).Count > 0) continue;
            best = candidate;
        }
        return best;
    }

    /// <summary>The commits from <paramref name="from"/> down to (without) <paramref name="to"/>, oldest first, and the merges among them.</summary>
    private static (List<Oid> Commits, List<Oid> Merges) BranchCommits(CarryRepository repo, Oid to, Oid from)
    {
        var commits = new List<Oid>();
        var merges = new List<Oid>();
        foreach (var (commit, parents) in Revisions.WithParents(repo, to, from))
            (parents.Length > 1 ? merges : commits).Add(commit);
        return (commits, merges);
    }

    /// <summary>Which patch each commit on the branch is: the stack's own, another stack's private one, or new.</summary>
    private sealed class Recognition
    {
        public List<Patch> Applied { get; } = [];
        public List<Patch> Adopted { get; } = [];
        public List<(Oid, Patch)> Recognised { get; } = [];
        public List<(Oid, Patch)> Dropped { get; } = [];
        public List<(Patch, Patch, string)> KeptPrivate { get; } = [];

        public Recognition(StackSession session, IReadOnlyList<Oid> commits)
        {
            var state = session.State;
            var objects = session.Repo.Objects;
            var known = state.All.ToList();
            var byCommit = known.ToDictionary(p => p.Commit);
            var byId = known.ToDictionary(p => p.Id);
            var bySignature = new Dictionary<string, Patch>(StringComparer.Ordinal);
            foreach (var p in known) bySignature.TryAdd(Signature(objects.ReadCommit(p.Commit)), p);
            var unknown = commits.Where(c => !byCommit.ContainsKey(c)).ToList();
            var patchIds = unknown.Count == 0 ? [] : PatchIds.Of(session.Repo, [.. unknown, .. known.Select(p => p.Commit)]);
            var byPatchId = new Dictionary<string, Patch>(StringComparer.Ordinal);
            foreach (var p in known)
                if (patchIds.TryGetValue(p.Commit, out var pid)) byPatchId.TryAdd(pid, p);
            var others = unknown.Count == 0 ? null : PrivatePatches.Load(session.Repo);
            var elsewhere = others?.Find(unknown).ToDictionary(m => m.Commit) ?? [];

            var used = new HashSet<string>();
            var taken = known.Select(p => p.Name).ToHashSet();
            foreach (var c in commits)
            {
                var data = objects.ReadCommit(c);
                var pid = patchIds.GetValueOrDefault(c);
                var match = byCommit.GetValueOrDefault(c)
                    ?? CarryIdTrailers.In(data.Message).Select(byId.GetValueOrDefault).FirstOrDefault(p => p is not null)
                    ?? bySignature.GetValueOrDefault(Signature(data))
                    ?? (pid is null ? null : byPatchId.GetValueOrDefault(pid));
                if (match is null && elsewhere.TryGetValue(c, out var other) && !used.Contains(other.Patch.Id) && !byId.ContainsKey(other.Patch.Id))
                    match = other.Patch with { Name = Unique(other.Patch.Name, taken), Layer = PrivateLayer(state.Details, other.Patch.Layer) };
                if (match is not null && used.Add(match.Id))
                {
                    var patch = match with { Commit = c };
                    // The version sent upstream, carried unchanged by the rebase, is still the version sent.
                    if (match.Status.Sent == match.Commit && pid is not null && patchIds.GetValueOrDefault(match.Commit) == pid)
                        patch = patch with { Status = match.Status with { Sent = c } };
                    if (match.Commit != c) Recognised.Add((c, match));
                    Applied.Add(patch);
                    continue;
                }
                if (match is not null && pid is not null && patchIds.GetValueOrDefault(match.Commit) == pid)
                {
                    // A second copy of a patch already placed: the same change twice, or the kit twice.
                    Dropped.Add((c, match));
                    continue;
                }
                var name = Unique(PatchName.FromSubject(data.Subject), taken);
                // A different change that copies a patch's identity stays in that patch's layer, so a private one stays private.
                var layer = match?.Layer ?? Model.Layer.Upstream;
                // A new commit changing a file of the kit (a kit patch amended with a new message, with
                // more in it) is private by default: putting the kit in a published layer is the leak,
                // keeping public work private costs one 'carry layer set', and the report says so.
                if (!state.Details.Layers.Any(l => l.Name == layer && l.Rule == PublishRule.Private)
                    && (others ??= PrivatePatches.Load(session.Repo)).Touching(c) is (var kit, var path))
                {
                    layer = PrivateLayer(state.Details, kit.Patch.Layer);
                    KeptPrivate.Add((new Patch(name, "", c) { Layer = layer }, kit.Patch, path));
                }
                var adopted = new Patch(name, Patch.NewId(), c) { Layer = layer };
                Adopted.Add(adopted);
                Applied.Add(adopted);
            }
        }

        /// <summary>What a rebase, cherry-pick or amend keeps of a commit: its author, author date and message.</summary>
        private static string Signature(CommitData c) => $"{c.Author.Name}\n{c.Author.Email}\n{c.Author.UnixSeconds}\n{c.Message}";

        private static string Unique(string name, HashSet<string> taken)
        {
            var unique = PatchName.Unique(name, taken);
            taken.Add(unique);
            return unique;
        }

        private static string PrivateLayer(StackDetails details, string layer) =>
            details.Layers.FirstOrDefault(l => l.Name == layer && l.Rule == PublishRule.Private)?.Name
            ?? details.Layers.FirstOrDefault(l => l.Rule == PublishRule.Private)?.Name ?? layer;
    }
}
