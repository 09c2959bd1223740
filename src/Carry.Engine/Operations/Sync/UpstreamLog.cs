using System.Text.RegularExpressions;
using Carry.Git;

namespace Carry.Operations.Sync;

/// <summary>One upstream commit between the old base and the new one.</summary>
/// <param name="Id">The commit.</param>
/// <param name="Changes">What it changed against its first parent, on the paths the patches change (empty for merges, which are not attributed).</param>
/// <param name="CarryIds">The <c>Carry-Id:</c> trailers in its message.</param>
internal sealed record UpstreamCommit(Oid Id, IReadOnlyList<PathChange> Changes, IReadOnlyList<string> CarryIds);

/// <summary>
/// What upstream did between two bases: its commits, indexed by the paths they touched and
/// by the Carry ids they mention, so landing detection only looks where a patch could have
/// landed. Diffs are taken on trees in memory, skipping unchanged folders.
/// </summary>
internal sealed partial class UpstreamLog
{
    private readonly Dictionary<string, List<UpstreamCommit>> _byPath = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Oid>> _byCarryId = new(StringComparer.Ordinal);

    /// <summary>The commits that changed a path looked at or name a Carry id, oldest first: no question is about the others.</summary>
    private readonly List<UpstreamCommit> _commits;

    private readonly Oid _oldTree, _newTree;
    private readonly ObjectStore _objects;

    private UpstreamLog(ObjectStore objects, IEnumerable<UpstreamCommit> commits, Oid oldTree, Oid newTree)
    {
        _commits = [.. commits.Where(c => c.Changes.Count > 0 || c.CarryIds.Count > 0)];
        (_objects, _oldTree, _newTree) = (objects, oldTree, newTree);
        foreach (var c in _commits)
        {
            foreach (var change in c.Changes)
            {
                if (!_byPath.TryGetValue(change.Path, out var list)) _byPath[change.Path] = list = [];
                list.Add(c);
            }
            foreach (var id in c.CarryIds)
            {
                if (!_byCarryId.TryGetValue(id, out var list)) _byCarryId[id] = list = [];
                list.Add(c.Id);
            }
        }
    }

    /// <summary>
    /// Reads the commits reachable from <paramref name="newBase"/> and not from
    /// <paramref name="oldBase"/>. Their changes are only looked at on <paramref name="patchPaths"/>
    /// (the paths the patches change) that upstream changed at all: the rest of upstream's work
    /// cannot be evidence about a patch, and skipping it keeps a big release cheap to scan.
    /// </summary>
    /// <remarks>
    /// <paramref name="record"/>: the commits as an earlier run of the same sync recorded them
    /// (<see cref="Record"/>); null or unreadable, git is asked.
    /// </remarks>
    public static UpstreamLog Read(CarryRepository repo, Oid oldBase, Oid newBase, IEnumerable<string> patchPaths, byte[]? record = null)
    {
        var objects = repo.Objects;
        var (oldTree, newTree) = (objects.ReadCommit(oldBase).Tree, objects.ReadCommit(newBase).Tree);
        if (oldBase == newBase) return new UpstreamLog(objects, [], oldTree, newTree) { Record = [] };
        // The patches' paths upstream changed: one diff of the two bases limited to those paths,
        // which skips every folder equal on both sides unread (a lookup of each path in both
        // trees read them all, and was most of this on a 1,000-patch series).
        var paths = patchPaths.ToHashSet(StringComparer.Ordinal);
        var wanted = TreeOps.Diff(objects, oldTree, newTree, new PathFilter(paths)).Select(c => c.Path).Where(paths.Contains).ToHashSet(StringComparer.Ordinal);
        var only = new PathFilter(wanted);
        if (record is not null && UpstreamRecord.Read(record, wanted) is { } recorded)
            return new UpstreamLog(objects, recorded, oldTree, newTree) { Record = record };
        // A record of a listing alone (an older Carry's), or one not covering these paths: its listing still saves a rev-list.
        var listing = record is null ? null : UpstreamRecord.Listing(record);
        var known = listing is null ? null : Revisions.ParseWithParents(listing);
        if (known is null) listing = Revisions.ListWithParents(repo, oldBase, newBase);
        var log = known ?? Revisions.ParseWithParents(listing!)!;
        var read = new UpstreamCommit[log.Count];
        // Each commit's diff reads only its own trees: independent work, spread over the cores.
        Parallel.For(0, log.Count, i =>
        {
            var (id, parents) = log[i];
            var commit = objects.ReadCommit(id);
            IReadOnlyList<PathChange> changes = only.IsEmpty ? [] : parents.Length switch
            {
                0 => TreeOps.Diff(objects, ObjectStore.EmptyTree, commit.Tree, only),
                1 => TreeOps.Diff(objects, objects.ReadCommit(parents[0]).Tree, commit.Tree, only),
                _ => [],
            };
            read[i] = new UpstreamCommit(id, changes, Layers.CarryIdTrailers.In(commit.Message));
        });
        return new UpstreamLog(objects, read, oldTree, newTree) { Record = System.Text.Encoding.ASCII.GetBytes(UpstreamRecord.Write(listing!, read, wanted)) };
    }

    /// <summary>The commits as git listed them (<see cref="Revisions.ListWithParents"/>) and what they changed on the patches' paths (<see cref="UpstreamRecord"/>), for a stopped sync to keep (ASCII text).</summary>
    public required byte[] Record { get; init; }

    /// <summary>Upstream commits that carry <paramref name="patchId"/> in a <c>Carry-Id:</c> trailer.</summary>
    public IReadOnlyList<Oid> WithCarryId(string patchId) => _byCarryId.TryGetValue(patchId, out var list) ? list : [];

    /// <summary>Upstream commits that touched any of <paramref name="paths"/> (raw paths), oldest first.</summary>
    public List<UpstreamCommit> Touching(IEnumerable<string> paths)
    {
        var found = new HashSet<UpstreamCommit>(ReferenceEqualityComparer.Instance);
        foreach (var path in paths)
            if (_byPath.TryGetValue(path, out var list)) found.UnionWith(list);
        return [.. _commits.Where(found.Contains)];
    }

    /// <summary>
    /// Files upstream moved without changing them, old path → new path: between the two bases, a
    /// deleted file and an added file with the same content, that content being deleted and added
    /// nowhere else (git's exact rename detection; an ambiguous pair is left to git itself).
    /// </summary>
    public Dictionary<string, string> ExactRenames()
    {
        var renames = new Dictionary<string, string>(StringComparer.Ordinal);
        if (_oldTree == _newTree) return renames;
        // The whole diff between the bases, only now: a replay asks only when a file it changes is missing on the new base.
        var changes = TreeOps.Diff(_objects, _oldTree, _newTree);
        var deleted = changes.Where(c => c.Old is { IsTree: false } && c.New is null).GroupBy(c => c.Old!.Id).Where(g => g.Count() == 1).ToDictionary(g => g.Key, g => g.Single().Path);
        foreach (var group in changes.Where(c => c.Old is null && c.New is { IsTree: false }).GroupBy(c => c.New!.Id))
            if (group.Count() == 1 && deleted.TryGetValue(group.Key, out var from)) renames[from] = group.Single().Path;
        return renames;
    }

    /// <summary>The new base's tree.</summary>
    public Oid NewTree => _newTree;

    /// <summary>True when the path differs between the two bases (raw path).</summary>
    public bool ChangedBetweenBases(string path) => Differs(_objects, _oldTree, _newTree, path);

    /// <summary>Two lookups, where a diff of the whole trees would read every changed folder of a release.</summary>
    private static bool Differs(ObjectStore objects, Oid oldTree, Oid newTree, string path) =>
        oldTree != newTree && TreeOps.Lookup(objects, oldTree, path) is var old && TreeOps.Lookup(objects, newTree, path) is var now
        && (old?.Mode != now?.Mode || old?.Id != now?.Id);

    /// <summary>True when the old base has a file at <paramref name="path"/> (raw) and the new base none (nothing, or a folder): only such a path can be a move's source (<see cref="ExactRenames"/>).</summary>
    public bool DeletedBetweenBases(string path) =>
        _oldTree != _newTree && TreeOps.Lookup(_objects, _oldTree, path) is { IsTree: false } && TreeOps.Lookup(_objects, _newTree, path) is not { IsTree: false };

    /// <summary>True when upstream touched any of the paths.</summary>
    public bool TouchesAny(IEnumerable<string> paths) => paths.Any(_byPath.ContainsKey);

}
