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

    private readonly CarryRepository _repo;
    private readonly ObjectStore _objects;
    private readonly UpstreamLog _upstream;
    private readonly Dictionary<Oid, string> _patchIds = [];
    private readonly Dictionary<string, List<Oid>> _upstreamByPatchId = new(StringComparer.Ordinal);
    private readonly HashSet<Oid> _grouped = [];
    private readonly Dictionary<Oid, IReadOnlyList<PathChange>> _changes = [];
    private readonly HashSet<Oid> _unexamined = [];

    /// <summary>
    /// Prepares detection for <paramref name="patches"/> (each with its own changes, or null to
    /// compute them when asked). Eager: every patch is compared with upstream now, in one batch
    /// (one git process for the patch ids). Lazy: each patch when it is first asked about, for a
    /// resumed sync, which may stop again at the next patch and never need the others.
    /// </summary>
    public LandingDetector(CarryRepository repo, UpstreamLog upstream, IReadOnlyList<(Patch Patch, IReadOnlyList<PathChange>? Changes)> patches,
        IReadOnlyDictionary<Oid, IReadOnlyList<PathChange>> cached, bool lazy = false)
    {
        _repo = repo;
        Cached = cached;
        _objects = repo.Objects;
        _upstream = upstream;
        foreach (var (patch, changes) in patches)
        {
            if (changes is not null) _changes[patch.Commit] = changes;
            _unexamined.Add(patch.Commit);
        }
        if (!lazy) Examine(patches.Select(p => p.Patch));
    }

    /// <summary>
    /// Finds the patch ids worth asking for: a patch and an upstream commit changing the same
    /// paths with the same lines (whitespace aside). Patch ids cost git a diff each; equal patch
    /// ids imply that in-process check, so nothing is missed by it.
    /// </summary>
    private void Examine(IEnumerable<Patch> patches)
    {
        var fresh = patches.Where(p => _unexamined.Remove(p.Commit)).Select(p => (Patch: p, Changes: ChangesOf(p))).ToList();
        var candidates = fresh.Where(p => p.Changes.Count > 0 && _upstream.TouchesAny(p.Changes.Select(c => c.Path))).ToList();
        if (candidates.Count == 0) return;
        // Same change means same paths first: only pairs that pass that cheap test read their files.
        var byPaths = _upstream.Touching(candidates.SelectMany(p => p.Changes.Select(c => c.Path)))
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
        ask.ExceptWith(_patchIds.Keys);
        if (ask.Count > 0)
            foreach (var (id, pid) in PatchIds.Of(_repo, ask)) _patchIds[id] = pid;
        foreach (var id in byPaths.SelectMany(g => g).Select(c => c.Id).Where(id => _patchIds.ContainsKey(id) && _grouped.Add(id)))
        {
            if (!_upstreamByPatchId.TryGetValue(_patchIds[id], out var group)) _upstreamByPatchId[_patchIds[id]] = group = [];
            group.Add(id);
        }
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

    /// <summary>The upstream commits as listed and recorded (see <see cref="UpstreamLog.Record"/>).</summary>
    public byte[] UpstreamRecord => _upstream.Record;

    /// <summary>Files upstream moved unchanged (old path → new path), for the replay to follow.</summary>
    public IReadOnlyDictionary<string, string> Renames => _renames ??= _upstream.ExactRenames();
    private Dictionary<string, string>? _renames;

    /// <summary>
    /// Where upstream moved the file at <paramref name="path"/> unchanged, or null. The whole diff
    /// between the bases (<see cref="Renames"/>) is read only for a file the old base had and the
    /// new one lacks: a file a patch adds is missing on the new base too, and asking for it read
    /// every folder upstream changed (~1.5 MB at each resume stopped at such a patch).
    /// </summary>
    public string? MovedTo(string path) =>
        _upstream.DeletedBetweenBases(path) && Renames.TryGetValue(path, out var to) ? to : null;

    /// <summary>The patches' changes as <see cref="Storage.ChangeCache"/> had them when the sync started.</summary>
    public IReadOnlyDictionary<Oid, IReadOnlyList<PathChange>> Cached { get; }

    /// <summary>What the commit changes, when already known (given, computed or cached); null otherwise.</summary>
    public IReadOnlyList<PathChange>? KnownChanges(Oid commit) =>
        _changes.TryGetValue(commit, out var known) || Cached.TryGetValue(commit, out known) ? known : null;

    /// <summary>What the patch changes (against its parent), computed once per commit.</summary>
    public IReadOnlyList<PathChange> ChangesOf(Patch patch)
    {
        return KnownChanges(patch.Commit) ?? (_changes[patch.Commit] = TreeOps.ChangesOf(_objects, patch.Commit));
    }

    /// <summary>Certain evidence that upstream carries the patch as it is, or null.</summary>
    public LandingEvidence? Certain(Patch patch)
    {
        if (_unexamined.Contains(patch.Commit)) Examine([patch]);
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
        if (!Containment.Holds(_objects, changes, _upstream.NewTree, MovedTo)) return null;
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
            foreach (var c in commit.Changes.Where(c => paths.Contains(c.Path) && c.New is not null)) theirs.Add(_objects, c);
            all.Add(theirs);
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
