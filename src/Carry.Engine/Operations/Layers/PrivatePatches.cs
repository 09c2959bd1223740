using Carry.Git;
using Carry.Model;
using Carry.Storage;

namespace Carry.Operations.Layers;

/// <summary>A commit found to hold a private patch.</summary>
/// <param name="Commit">The commit.</param>
/// <param name="Patch">The private patch it holds.</param>
/// <param name="Stack">The branch whose stack has that patch.</param>
/// <param name="How">How it was recognised, in words ("same change (git patch-id)", "Carry-Id trailer", …).</param>
public sealed record PrivateMatch(Oid Commit, Patch Patch, string Stack, string How);

/// <summary>
/// Every private patch (the development kit) of every stack in the repository, recognisable in
/// any commit by what survives a copy: the patch's own commit, a <c>Carry-Id:</c> trailer with its
/// id, the same change (<c>git patch-id --stable</c>, which a rebase or cherry-pick keeps), or a
/// file written exactly as the patch writes it (a squash or partial copy of the kit). Publish,
/// repair and the pre-push guard ask it, so a copy of the kit is refused wherever it turns up.
/// </summary>
public sealed class PrivatePatches
{
    private readonly ObjectStore _objects;
    private readonly CarryRepository _repo;
    private readonly List<(Patch Patch, string Stack, IReadOnlyList<PathChange> Changes)> _all = [];
    private readonly Dictionary<Oid, int> _byCommit = [];
    private readonly Dictionary<string, int> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Path, Oid Blob), int> _byFile = [];
    private readonly Dictionary<string, List<int>> _byPaths = new(StringComparer.Ordinal);
    private Dictionary<Oid, string>? _patchIds;

    private PrivatePatches(CarryRepository repo)
    {
        _objects = repo.Objects;
        _repo = repo;
    }

    /// <summary>The private patches of every stack (applied or not).</summary>
    public static PrivatePatches Load(CarryRepository repo)
    {
        var store = new StackStore(repo);
        var result = new PrivatePatches(repo);
        foreach (var branch in SharedLayer.Stacks(repo))
        {
            if (store.Load(branch)?.State is not { } state) continue;
            foreach (var p in state.All.Where(state.Details.IsPrivate)) result.Add(p, branch);
        }
        return result;
    }

    /// <summary>True when no stack has a private patch.</summary>
    public bool IsEmpty => _all.Count == 0;

    /// <summary>The private patch with this stable id, in any stack, or null.</summary>
    public (Patch Patch, string Stack)? WithId(string id) => _byId.TryGetValue(id, out var i) ? (_all[i].Patch, _all[i].Stack) : null;

    private void Add(Patch patch, string stack)
    {
        if (_byCommit.ContainsKey(patch.Commit) && _byId.ContainsKey(patch.Id)) return;
        var commit = _objects.ReadCommit(patch.Commit);
        var changes = TreeOps.Diff(_objects, _objects.ParentTree(commit), commit.Tree);
        var i = _all.Count;
        _all.Add((patch, stack, changes));
        _byCommit.TryAdd(patch.Commit, i);
        _byId.TryAdd(patch.Id, i);
        foreach (var c in changes)
            if (c.New is { IsTree: false } n) _byFile.TryAdd((c.Path, n.Id), i);
        if (changes.Count == 0) return;
        var key = PathsKey(changes);
        if (!_byPaths.TryGetValue(key, out var list)) _byPaths[key] = list = [];
        list.Add(i);
    }

    /// <summary>
    /// The commits among <paramref name="commits"/> that hold a private patch, each with the first
    /// patch it holds. Merge commits are recognised only as a patch's own commit.
    /// </summary>
    public IReadOnlyList<PrivateMatch> Find(IEnumerable<Oid> commits)
    {
        var matches = new List<PrivateMatch>();
        if (IsEmpty) return matches;
        // git patch ids cost a diff each: only commits changing the same paths as a private patch are asked.
        var pending = new List<(Oid Commit, List<int> Candidates)>();
        foreach (var id in commits.Distinct())
        {
            if (_byCommit.TryGetValue(id, out var own)) { matches.Add(Match(id, own, "the patch's own commit")); continue; }
            var commit = _objects.ReadCommit(id);
            if (CarryIdTrailers.In(commit.Message).FirstOrDefault(_byId.ContainsKey) is { } carryId)
            {
                matches.Add(Match(id, _byId[carryId], "Carry-Id trailer"));
                continue;
            }
            if (commit.Parents.Count > 1) continue;
            var changes = TreeOps.Diff(_objects, _objects.ParentTree(commit), commit.Tree);
            if (changes.Count == 0) continue;
            if (_byPaths.TryGetValue(PathsKey(changes), out var samePaths)) pending.Add((id, samePaths));
            else if (changes.FirstOrDefault(c => c.New is { IsTree: false } n && _byFile.ContainsKey((c.Path, n.Id))) is { } file)
                matches.Add(Match(id, _byFile[(file.Path, file.New!.Id)], $"same file {RawPath.ToText(file.Path)}"));
        }
        if (pending.Count == 0) return matches;
        _patchIds ??= PatchIds.Of(_repo, [.. _all.Select(p => p.Patch.Commit).Distinct()]);
        var asked = PatchIds.Of(_repo, [.. pending.Select(p => p.Commit)]);
        foreach (var (id, candidates) in pending)
        {
            var pid = asked.GetValueOrDefault(id);
            var same = candidates.FirstOrDefault(i => pid is not null && _patchIds.GetValueOrDefault(_all[i].Patch.Commit) == pid, -1);
            if (same >= 0) { matches.Add(Match(id, same, "same change (git patch-id)")); continue; }
            var commit = _objects.ReadCommit(id);
            var changes = TreeOps.Diff(_objects, _objects.ParentTree(commit), commit.Tree);
            if (changes.FirstOrDefault(c => c.New is { IsTree: false } n && _byFile.ContainsKey((c.Path, n.Id))) is { } file)
                matches.Add(Match(id, _byFile[(file.Path, file.New!.Id)], $"same file {RawPath.ToText(file.Path)}"));
        }
        return matches;
    }

    /// <summary>
    /// The first private patch that changes one of the paths <paramref name="commit"/> changes, and
    /// that path, or null. Not evidence that the commit holds the kit (work on the same file can
    /// be public): repair uses it to keep a new commit private by default, an amended kit patch
    /// above all.
    /// </summary>
    public (PrivateMatch Match, string Path)? Touching(Oid commit)
    {
        if (IsEmpty) return null;
        var data = _objects.ReadCommit(commit);
        var paths = TreeOps.Diff(_objects, _objects.ParentTree(data), data.Tree).Select(c => c.Path).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < _all.Count; i++)
            if (_all[i].Changes.FirstOrDefault(c => paths.Contains(c.Path)) is { } change)
                return (Match(commit, i, "changes the same file"), RawPath.ToText(change.Path));
        return null;
    }

    private PrivateMatch Match(Oid commit, int i, string how) => new(commit, _all[i].Patch, _all[i].Stack, how);

    private static string PathsKey(IReadOnlyList<PathChange> changes) =>
        string.Join('\0', changes.Select(c => c.Path).Order(StringComparer.Ordinal));
}
