using Carry.Git;
using Carry.Model;

namespace Carry.Operations.Sync;

/// <summary>
/// Decides whether upstream carries a patch, most certain evidence first: a <c>Carry-Id:</c>
/// trailer, then git's patch id, then (found during replay) the patch becoming empty on the
/// new base. Line similarity only ever makes a landing <em>probable</em>: it never drops a
/// patch, because a patch upstream does not fully carry must never be lost.
/// </summary>
internal sealed class LandingDetector
{
    /// <summary>Below this share of its lines found upstream, a patch is not worth mentioning.</summary>
    public const int MentionAt = 30;

    private readonly ObjectStore _objects;
    private readonly UpstreamLog _upstream;
    private readonly Dictionary<Oid, string> _patchIds;
    private readonly Dictionary<string, List<Oid>> _upstreamByPatchId = new(StringComparer.Ordinal);
    private readonly Dictionary<Oid, IReadOnlyList<PathChange>> _changes = [];

    /// <summary>Prepares detection for <paramref name="patches"/> (each with its own changes).</summary>
    public LandingDetector(CarryRepository repo, UpstreamLog upstream, IReadOnlyList<(Patch Patch, IReadOnlyList<PathChange> Changes)> patches)
    {
        _objects = repo.Objects;
        _upstream = upstream;
        foreach (var (patch, changes) in patches) _changes[patch.Commit] = changes;
        // Patch ids cost git a diff each, so only pairs that could match are asked: a patch and an
        // upstream commit changing the same paths with the same lines (whitespace aside). That
        // in-process check is implied by equal patch ids, so nothing is missed by it.
        var candidates = patches.Where(p => p.Changes.Count > 0 && upstream.TouchesAny(p.Changes.Select(c => c.Path))).ToList();
        // Same change means same paths first: only pairs that pass that cheap test read their files.
        var byPaths = upstream.Touching(candidates.SelectMany(p => p.Changes.Select(c => c.Path)))
            .Where(c => c.Changes.Count > 0).ToLookup(c => PathsKey(c.Changes), StringComparer.Ordinal);
        var ask = new HashSet<Oid>();
        foreach (var (patch, changes) in candidates)
        {
            var samePaths = byPaths[PathsKey(changes)].ToList();
            if (samePaths.Count == 0) continue;
            var key = ChangeKey(changes);
            var same = samePaths.Where(c => UpstreamKey(c) == key).Select(c => c.Id).ToList();
            if (same.Count == 0) continue;
            ask.Add(patch.Commit);
            ask.UnionWith(same);
        }
        _patchIds = ask.Count == 0 ? [] : PatchIds.Of(repo, ask);
        var upstreamAsked = byPaths.SelectMany(g => g).Select(c => c.Id).Where(_patchIds.ContainsKey);
        foreach (var group in upstreamAsked.GroupBy(id => _patchIds[id]))
            _upstreamByPatchId[group.Key] = [.. group];
    }

    private readonly Dictionary<Oid, string> _upstreamKeys = [];

    /// <summary>An upstream commit's <see cref="ChangeKey"/>, computed once however many patches it is compared with.</summary>
    private string UpstreamKey(UpstreamCommit commit) =>
        _upstreamKeys.TryGetValue(commit.Id, out var key) ? key : _upstreamKeys[commit.Id] = ChangeKey(commit.Changes);

    /// <summary>The paths and the changed lines (without whitespace) of a change, as one comparable string.</summary>
    private string ChangeKey(IReadOnlyList<PathChange> changes)
    {
        var lines = new ChangedLines(ignoreSpaces: true);
        foreach (var c in changes) lines.Add(_objects, c);
        return PathsKey(changes) + "\n" + lines.Key();
    }

    private static string PathsKey(IReadOnlyList<PathChange> changes) =>
        string.Join('\0', changes.Select(c => c.Path).Order(StringComparer.Ordinal));

    /// <summary>The upstream commits as listed (see <see cref="UpstreamLog.Listing"/>).</summary>
    public string UpstreamListing => _upstream.Listing;

    /// <summary>Files upstream moved unchanged (old path → new path), for the replay to follow.</summary>
    public IReadOnlyDictionary<string, string> Renames => _renames ??= _upstream.ExactRenames();
    private Dictionary<string, string>? _renames;

    /// <summary>What the patch changes (against its parent), computed once per commit.</summary>
    public IReadOnlyList<PathChange> ChangesOf(Patch patch)
    {
        if (_changes.TryGetValue(patch.Commit, out var known)) return known;
        var commit = _objects.ReadCommit(patch.Commit);
        var from = _objects.ParentTree(commit);
        return _changes[patch.Commit] = TreeOps.Diff(_objects, from, commit.Tree);
    }

    /// <summary>Certain evidence that upstream carries the patch as it is, or null.</summary>
    public LandingEvidence? Certain(Patch patch)
    {
        if (_upstream.WithCarryId(patch.Id) is { Count: > 0 } tagged)
            return new LandingEvidence(LandingKind.CarryId, new ValueList<Oid>(tagged));
        if (_patchIds.TryGetValue(patch.Commit, out var pid) && _upstreamByPatchId.TryGetValue(pid, out var same))
            return new LandingEvidence(LandingKind.PatchId, new ValueList<Oid>(same));
        return null;
    }

    /// <summary>
    /// Evidence that upstream carries a patch that became empty on the new base: the upstream
    /// commits that brought its lines. Null unless upstream changed every path the patch changes
    /// and upstream's own tree holds the whole change (see <see cref="Containment"/>): a patch
    /// may also be empty because a patch below it is not applied (it deletes a file a skipped
    /// patch creates), and that is no landing.
    /// </summary>
    public LandingEvidence? Emptied(IReadOnlyList<PathChange> changes)
    {
        if (!changes.All(c => _upstream.ChangedBetweenBases(c.Path))) return null;
        if (!Containment.Holds(_objects, changes, _upstream.NewTree, Renames)) return null;
        var (commits, _) = Compare(changes);
        return commits.Count == 0 ? null : new LandingEvidence(LandingKind.Empty, new ValueList<Oid>(commits));
    }

    /// <summary>How much of the change upstream brought, when at least <see cref="MentionAt"/> percent; else null.</summary>
    public LandingEvidence? Similar(IReadOnlyList<PathChange> changes)
    {
        if (!_upstream.TouchesAny(changes.Select(c => c.Path))) return null;
        var (commits, percent) = Compare(changes);
        return percent >= MentionAt ? new LandingEvidence(LandingKind.Similar, new ValueList<Oid>(commits), percent) : null;
    }

    /// <summary>The upstream commits sharing lines with the change (most shared first), and the share of its lines found upstream.</summary>
    private (List<Oid> Commits, int Percent) Compare(IReadOnlyList<PathChange> changes)
    {
        var paths = changes.Select(c => c.Path).ToHashSet(StringComparer.Ordinal);
        var touching = _upstream.Touching(paths);
        var upstreamPaths = touching.SelectMany(c => c.Changes.Select(x => x.Path)).ToHashSet(StringComparer.Ordinal);
        // The patch's lines on paths upstream touched first: when none of them is upstream, the
        // rest of a big patch need not be read at all.
        var mine = new ChangedLines();
        foreach (var c in changes.Where(c => upstreamPaths.Contains(c.Path))) mine.Add(_objects, c);
        var all = new ChangedLines();
        var scored = new List<(Oid Id, int Shared)>();
        foreach (var commit in touching)
        {
            var theirs = new ChangedLines();
            // A file upstream deleted (or moved away) took no line of the patch with it.
            foreach (var c in commit.Changes.Where(c => paths.Contains(c.Path) && c.New is not null))
            {
                theirs.Add(_objects, c);
                all.Add(_objects, c);
            }
            var shared = mine.Shared(theirs);
            if (shared > 0) scored.Add((commit.Id, shared));
        }
        var found = mine.Shared(all);
        if (found > 0)
            foreach (var c in changes.Where(c => !upstreamPaths.Contains(c.Path))) mine.Add(_objects, c);
        var percent = mine.Count == 0 ? 0 : found * 100 / mine.Count;
        var ranked = scored.OrderByDescending(s => s.Shared).Select(s => s.Id).Take(5).ToList();
        return (ranked.Count > 0 ? ranked : [.. touching.Select(c => c.Id).Take(5)], percent);
    }
}
