using Carry.Git;
using Carry.Model;
using Carry.Replay;

namespace Carry.Operations.Sync;

/// <summary>The patch a sync could not re-apply, with what it needs to show the conflict.</summary>
/// <param name="Patch">The patch.</param>
/// <param name="Files">The conflicted paths with their three sides.</param>
/// <param name="Tree">The tree to put in the working tree: the merge, with conflict markers in the conflicted files.</param>
/// <param name="Merged">The index to set: the merge with the conflicted paths as on the new base.</param>
internal sealed record SyncStop(Patch Patch, IReadOnlyList<ConflictFile> Files, Oid Tree, Oid Merged);

/// <summary>
/// Re-applies patches one by one on a new base, on trees in memory. For each patch: retire
/// it if upstream certainly carries it; otherwise merge its change onto the current top; a
/// change that turns out to be there already retires it too; a conflict is resolved from
/// memory if the same conflict was resolved before, or, if most of the patch is upstream,
/// left unapplied as "probably landed"; any other conflict stops the run.
/// </summary>
internal sealed partial class SyncRun(CarryRepository repo, Signature committer, LandingDetector detector, Oid? resolutions)
{
    /// <summary>The recorded resolutions to reuse (and the tree new ones are added to).</summary>
    public Oid? Resolutions { get; set; } = resolutions;

    private readonly ObjectStore _objects = repo.Objects;
    private readonly TreeMerge _merge = new(repo.Objects, repo)
    {
        // Only a file missing on the new base asks where upstream moved it: the full diff between the bases waits till then.
        Renames = new(() => detector.Renames),
        DefaultConflictStyle = repo.Config("merge.conflictStyle") is null ? "diff3" : null,
    };

    /// <summary>The re-applied patches, bottom first.</summary>
    public List<Patch> Applied { get; } = [];

    /// <summary>Patches left unapplied by this run: set aside as probably landed, held, or skipped.</summary>
    public List<Patch> SetAside { get; } = [];

    /// <summary>Patches below the ones this run handles that are not applied (skipped or held earlier in the same sync).</summary>
    public List<Patch> NotApplied { get; } = [];

    /// <summary>Patches upstream carries, with their new status.</summary>
    public List<Patch> Retired { get; } = [];

    /// <summary>The report lines, in order.</summary>
    public List<SyncEntry> Report { get; } = [];

    /// <summary>What each commit this run placed changes against the one below it (for <see cref="Storage.ChangeCache"/>).</summary>
    public Dictionary<Oid, IReadOnlyList<PathChange>> PlacedChanges { get; } = [];

    /// <summary>What the commit changes, when this run or its detector knows it without reading trees.</summary>
    public IReadOnlyList<PathChange>? KnownChanges(Oid commit) =>
        PlacedChanges.TryGetValue(commit, out var placed) ? placed : detector.KnownChanges(commit);

    /// <summary>The change cache as the sync found it.</summary>
    public IReadOnlyDictionary<Oid, IReadOnlyList<PathChange>> CachedChanges => detector.Cached;

    /// <summary>Where the run stopped, or null when every patch was dealt with.</summary>
    public SyncStop? Stopped { get; private set; }

    /// <summary>The commit on top of the re-applied patches.</summary>
    public Oid Top { get; private set; }

    /// <summary>Reports each patch handled (done, total, name).</summary>
    public IProgress<(int Done, int Total, string Name)>? Progress { get; init; }

    /// <summary>Cancels between patches.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>Re-applies <paramref name="patches"/> in order on <paramref name="top"/>; stops at the first real conflict.</summary>
    /// <returns>The patches not yet handled when it stopped (the stopped one excluded).</returns>
    public List<Patch> Run(Oid top, IReadOnlyList<Patch> patches)
    {
        Top = top;
        for (var i = 0; i < patches.Count; i++)
        {
            Cancellation.ThrowIfCancellationRequested();
            Step(patches[i]);
            Progress?.Report((i + 1, patches.Count, patches[i].Name));
            if (Stopped is not null) return [.. patches.Skip(i + 1)];
        }
        return [];
    }

    /// <summary>Puts a patch whose commit is already built on the top (a resolved conflict).</summary>
    public void Add(Patch patch, SyncOutcome outcome)
    {
        Applied.Add(patch with { Parked = null });
        Top = patch.Commit;
        Report.Add(new SyncEntry(patch.Name, patch.Id, outcome));
    }

    private void Step(Patch patch)
    {
        if (detector.Certain(patch) is { } certain)
        {
            Retire(patch, certain);
            return;
        }
        var commit = _objects.ReadCommit(patch.Commit);
        var from = _objects.ParentTree(commit);
        var onto = _objects.ReadCommit(Top).Tree;
        var changes = detector.ChangesOf(patch);
        var outcome = _merge.Apply(from, commit.Tree, onto, changes);
        if (outcome.Succeeded)
        {
            // A patch that changed nothing is kept as it is; one that now changes nothing landed,
            // but only on upstream's evidence. Emptied by the stack (a patch below it not applied,
            // or one doing the same), it is held: unapplied, in its place, never retired.
            if (outcome.Tree == onto && changes.Count > 0)
            {
                if (detector.Emptied(changes) is { } evidence) Retire(patch, evidence);
                else if (WaitsFor(changes) is { } below) Hold(patch, $"empty without '{below.Name}', which is not applied");
                else Hold(patch, "its change is already made by the patches below it, not by upstream");
                return;
            }
            var alike = detector.Similar(changes);
            var kind = alike is not null ? SyncOutcome.Probable : outcome.Kind == MergeKind.Clean ? SyncOutcome.Clean : SyncOutcome.Merged;
            Place(patch with { Probable = alike ?? patch.Probable }, commit, outcome.Tree, kind, alike, outcome.Exact ? changes : null);
            if (kind == SyncOutcome.Merged) MarkForReview(patch, from, onto, changes);
            return;
        }
        var files = ConflictFiles(from, commit.Tree, onto, outcome.ConflictedPaths);
        var key = ResolutionMemory.Key(patch.Id, files);
        if (ResolutionMemory.Find(_objects, Resolutions, key, files) is { } recorded)
        {
            Place(patch, commit, TreeOps.Update(_objects, outcome.Tree, recorded), SyncOutcome.ResolvedFromMemory, null, null);
            return;
        }
        // Set aside without a stop only when the new tree holds the whole change where it lands;
        // similarity alone just labels the patch while it stops like any other.
        var similar = detector.Similar(changes);
        if (similar is not null && Containment.Holds(_objects, changes, onto, detector.MovedTo))
        {
            SetAside.Add(patch with { Probable = similar });
            Report.Add(new SyncEntry(patch.Name, patch.Id, SyncOutcome.Probable, similar, Applied: false));
            return;
        }
        var stopped = patch with { Probable = similar ?? patch.Probable };
        if (Park)
        {
            ParkIt(stopped, files);
            return;
        }
        Stopped = new SyncStop(stopped, files, MarkedTree(patch, outcome), TreeOps.Update(_objects, outcome.Tree, files.Select(f => (f.Path, f.Ours))));
    }

    /// <param name="patch">The patch.</param>
    /// <param name="commit">Its commit before the sync.</param>
    /// <param name="tree">Its tree on the new top.</param>
    /// <param name="kind">How it was re-applied.</param>
    /// <param name="evidence">What upstream has of it, if anything.</param>
    /// <param name="exact">The patch's changes, when the new commit makes exactly them (else its diff is taken here, on trees still in memory).</param>
    private void Place(Patch patch, CommitData commit, Oid tree, SyncOutcome kind, LandingEvidence? evidence, IReadOnlyList<PathChange>? exact)
    {
        // A commit already in place (a repair after 'git pull --rebase') is kept as it is.
        var inPlace = commit.Parent == Top && commit.Parents.Count == 1 && commit.Tree == tree;
        patch = patch with { Parked = null };
        var placed = inPlace ? patch : patch with { Commit = _objects.WriteCommit(commit with { Tree = tree, Parents = [Top], Committer = committer }) };
        PlacedChanges[placed.Commit] = exact ?? TreeOps.Diff(_objects, _objects.ReadCommit(Top).Tree, tree);
        // The version sent upstream, carried to the new base, is still the version sent.
        if (patch.Status.Sent == patch.Commit) placed = placed with { Status = patch.Status with { Sent = placed.Commit } };
        Applied.Add(placed);
        Top = placed.Commit;
        Report.Add(new SyncEntry(patch.Name, patch.Id, kind, evidence));
    }

    /// <summary>A patch not applied below that changes one of the same paths: an emptied patch may owe its emptiness to it.</summary>
    private Patch? WaitsFor(IReadOnlyList<PathChange> changes)
    {
        var paths = changes.Select(c => c.Path).ToHashSet(StringComparer.Ordinal);
        return NotApplied.Concat(SetAside).FirstOrDefault(p => detector.ChangesOf(p).Any(c => paths.Contains(c.Path)));
    }

    /// <summary>Keeps a patch unapplied, in the series, with the reason: it comes back when what it waits for does.</summary>
    private void Hold(Patch patch, string reason)
    {
        SetAside.Add(patch);
        Report.Add(new SyncEntry(patch.Name, patch.Id, SyncOutcome.Held, Applied: false) { Reason = reason });
    }

    /// <summary>Records that upstream carries <paramref name="patch"/>: it leaves the series with its evidence.</summary>
    public void Retire(Patch patch, LandingEvidence evidence)
    {
        if (evidence.Upstream.IsEmpty) throw new InvalidOperationException($"landing of '{patch.Name}' without upstream evidence");
        Retired.Add(patch.Landed(evidence));
        Report.Add(new SyncEntry(patch.Name, patch.Id, SyncOutcome.Landed, evidence, Applied: false));
    }

    /// <summary>The three sides of each conflicted path (raw paths).</summary>
    public List<ConflictFile> ConflictFiles(Oid from, Oid to, Oid onto, IReadOnlyList<string> paths) =>
        [.. paths.Select(RawPath.FromText).Distinct().Order(StringComparer.Ordinal)
            .Select(p => new ConflictFile(p, TreeOps.Lookup(_objects, from, p), TreeOps.Lookup(_objects, onto, p), TreeOps.Lookup(_objects, to, p)))];

    /// <summary>
    /// git's merge as git wrote it (its algorithm, its regions, the user's merge.conflictStyle),
    /// with only the marker labels changed into the stack's words: git names the throw-away
    /// commits it merged, the user should read which side is upstream and which the patch.
    /// </summary>
    private Oid MarkedTree(Patch patch, TreeMergeResult outcome)
    {
        if (outcome.Sides is not { } sides) return outcome.Tree;
        var labels = new (char Marker, string Git, string Ours)[]
        {
            ('<', sides.Ours.Hex, "upstream"), ('|', sides.Base.Hex, "before " + patch.Name), ('>', sides.Theirs.Hex, patch.Name),
        };
        var updates = new List<(string, TreeEntry?)>();
        foreach (var path in outcome.ConflictedPaths.Select(RawPath.FromText).Distinct())
        {
            if (TreeOps.Lookup(_objects, outcome.Tree, path) is not { } entry || !IsText(entry)) continue;
            var bytes = _objects.ReadBlob(entry.Id);
            var relabelled = ConflictLabels.Replace(bytes, labels);
            if (relabelled is not null) updates.Add((path, entry with { Id = _objects.WriteBlob(relabelled) }));
        }
        return updates.Count == 0 ? outcome.Tree : TreeOps.Update(_objects, outcome.Tree, updates);
    }

    private static bool IsText(TreeEntry e) => e.Mode is EntryMode.Regular or EntryMode.Executable;
}
