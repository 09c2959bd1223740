using System.Text.RegularExpressions;
using Carry.Git;

namespace Carry.Syncing;

/// <summary>One upstream commit between the old base and the new one.</summary>
/// <param name="Id">The commit.</param>
/// <param name="Changes">What it changed against its first parent (empty for merges, which are not attributed).</param>
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

    /// <summary>The commits, oldest first.</summary>
    public IReadOnlyList<UpstreamCommit> Commits { get; }

    private UpstreamLog(List<UpstreamCommit> commits)
    {
        Commits = commits;
        foreach (var c in commits)
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

    /// <summary>Reads the commits reachable from <paramref name="newBase"/> and not from <paramref name="oldBase"/>.</summary>
    public static UpstreamLog Read(CarryRepository repo, Oid oldBase, Oid newBase)
    {
        var commits = new List<UpstreamCommit>();
        if (oldBase == newBase) return new UpstreamLog(commits);
        var objects = repo.Objects;
        var lines = repo.Git.Check(["rev-list", "--reverse", "--parents", newBase.Hex, "^" + oldBase.Hex]);
        foreach (var line in lines.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var ids = line.Split(' ');
            var commit = objects.ReadCommit(new Oid(ids[0]));
            IReadOnlyList<PathChange> changes = ids.Length switch
            {
                1 => TreeOps.Diff(objects, ObjectStore.EmptyTree, commit.Tree),
                2 => TreeOps.Diff(objects, objects.ReadCommit(new Oid(ids[1])).Tree, commit.Tree),
                _ => [],
            };
            commits.Add(new UpstreamCommit(new Oid(ids[0]), changes, CarryIdTrailers(commit.Message)));
        }
        return new UpstreamLog(commits);
    }

    /// <summary>Upstream commits that carry <paramref name="patchId"/> in a <c>Carry-Id:</c> trailer.</summary>
    public IReadOnlyList<Oid> WithCarryId(string patchId) => _byCarryId.TryGetValue(patchId, out var list) ? list : [];

    /// <summary>Upstream commits that touched any of <paramref name="paths"/> (raw paths), oldest first.</summary>
    public List<UpstreamCommit> Touching(IEnumerable<string> paths)
    {
        var found = new HashSet<UpstreamCommit>(ReferenceEqualityComparer.Instance);
        foreach (var path in paths)
            if (_byPath.TryGetValue(path, out var list)) found.UnionWith(list);
        return [.. Commits.Where(found.Contains)];
    }

    /// <summary>True when upstream touched any of the paths.</summary>
    public bool TouchesAny(IEnumerable<string> paths) => paths.Any(_byPath.ContainsKey);

    // Squash merges stack several commits' trailers in one body, so every line is searched.
    [GeneratedRegex(@"^carry-id:[ \t]*([0-9a-f]{16})[ \t]*$", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex CarryIdLine();

    private static List<string> CarryIdTrailers(string message) =>
        [.. CarryIdLine().Matches(message).Select(m => m.Groups[1].Value.ToLowerInvariant())];
}
