using Carry.Git;
using Carry.Model;

namespace Carry.Operations.Sync;

/// <summary>
/// Names the upstream commit behind a conflict (or behind a merge worth a review): bisects
/// upstream's first-parent commits between the old base and the new one, in memory, asking at
/// each whether the patch, with what the patches below it did to the same paths, still meets
/// the trouble there. About log2(N) questions, each a few file merges; no checkout, no process
/// but the one listing the commits.
/// </summary>
internal sealed class UpstreamBlame(CarryRepository repo, Oid oldBase, Oid newBase, string? conflictStyle)
{
    private readonly ObjectStore _objects = repo.Objects;
    private IReadOnlyList<Oid>? _line;
    private readonly Oid _oldTree = repo.Objects.ReadCommit(oldBase).Tree;

    /// <summary>Upstream's first-parent commits, oldest first (read once).</summary>
    private IReadOnlyList<Oid> Line => _line ??= Revisions.FirstParentsBetween(repo, oldBase, newBase);

    /// <summary>The first upstream commit at which <paramref name="patch"/> conflicts on <paramref name="paths"/> (raw), or null when none does.</summary>
    public Oid? ConflictSince(Patch patch, IReadOnlyList<string> paths) =>
        First(patch, paths, (stack, theirs, parent) => stack is null || Merge(parent, stack, theirs) is null);

    /// <summary>The first upstream commit at which upstream changed some of the lines <paramref name="patch"/> changes on <paramref name="paths"/>, or null.</summary>
    public Oid? RewroteSince(Patch patch, IReadOnlyList<string> paths) =>
        First(patch, paths, (stack, theirs, parent) => stack is not null && parent is not null && theirs is not null
            && Overlap(parent, stack, theirs));

    /// <summary>Binary search for the first commit of <see cref="Line"/> where <paramref name="trouble"/> holds on some path; null unless it holds at the newest.</summary>
    private Oid? First(Patch patch, IReadOnlyList<string> paths, Func<byte[]?, byte[]?, byte[]?, bool> trouble)
    {
        var line = Line;
        if (line.Count == 0 || paths.Count == 0) return null;
        var commit = _objects.ReadCommit(patch.Commit);
        var parentTree = _objects.ParentTree(commit);
        var sides = paths.Select(p => (Old: Blob(_oldTree, p), Parent: Blob(parentTree, p), Theirs: Blob(commit.Tree, p), Path: p)).ToList();
        bool At(int i)
        {
            var tree = _objects.ReadCommit(line[i]).Tree;
            foreach (var s in sides)
            {
                // What the patches below did to this path, carried onto upstream as it was at commit i.
                var stack = Merge(s.Old, Blob(tree, s.Path), s.Parent);
                if (trouble(stack, s.Theirs, s.Parent)) return true;
            }
            return false;
        }
        if (!At(line.Count - 1)) return null;
        var (lo, hi) = (0, line.Count - 1);
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (At(mid)) hi = mid;
            else lo = mid + 1;
        }
        return line[lo];
    }

    private byte[]? Blob(Oid tree, string path) =>
        TreeOps.Lookup(_objects, tree, path) is { IsTree: false } e && e.Mode != EntryMode.Gitlink ? _objects.ReadBlob(e.Id) : null;

    /// <summary>A 3-way merge of file contents (null: absent); null when it conflicts. A missing side counts as a conflict unless two sides agree.</summary>
    private byte[]? Merge(byte[]? ancestor, byte[]? ours, byte[]? theirs)
    {
        if (Same(ours, theirs) || Same(ancestor, theirs)) return ours ?? [];
        if (Same(ancestor, ours)) return theirs ?? [];
        if (ancestor is null || ours is null || theirs is null) return null;
        return FileMerge.TryMerge(ancestor, ours, theirs, conflictStyle);
    }

    private static bool Same(byte[]? a, byte[]? b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);

    private static bool Overlap(byte[] parent, byte[] stack, byte[] theirs)
    {
        var text = (byte[] b) => System.Text.Encoding.UTF8.GetString(b);
        var (p, s, t) = (text(parent), text(stack), text(theirs));
        return p != s && p != t && LineSpans.Overlap(p, s, t);
    }
}
