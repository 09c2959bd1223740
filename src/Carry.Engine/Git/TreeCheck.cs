using Carry.Paths;

namespace Carry.Git;

/// <summary>A path of a tree that may not reach the index or the working tree, and why.</summary>
/// <param name="Path">The raw path (see <see cref="RawPath"/>).</param>
/// <param name="Reason">What <see cref="TreePath"/> objects to.</param>
/// <param name="Malformed">True when the tree itself is one <c>git fsck</c> reports (<see cref="MalformedTreeException"/>).</param>
public sealed record UnsafePath(string Path, string Reason, bool Malformed = false)
{
    /// <summary>The path for people: printable, control bytes shown as <c>\xNN</c>.</summary>
    public string Shown => TreePath.Show(RawPath.ToBytes(Path));
}

/// <summary>
/// Applies <see cref="TreePath"/> to trees. Only what a tree adds or changes relative to one
/// already accepted is read (identical sub-trees are skipped), so checking a new upstream
/// against the old, or a patch against its parent, costs what the change costs.
/// </summary>
public static class TreeCheck
{
    /// <summary>The first path <paramref name="to"/> adds or changes relative to <paramref name="from"/> that is refused, or null.</summary>
    /// <param name="objects">Where the trees are.</param>
    /// <param name="from">A tree already accepted (<see cref="ObjectStore.EmptyTree"/> to check all of <paramref name="to"/>).</param>
    /// <param name="to">The tree to check.</param>
    public static UnsafePath? FirstProblem(ObjectStore objects, Oid from, Oid to)
    {
        if (from == to) return null;
        try
        {
            return FirstProblem(objects, TreeOps.Diff(objects, from, to));
        }
        catch (MalformedTreeException e)
        {
            return Of(e);
        }
    }

    /// <summary>The entry a malformed tree was refused for, as a refused path.</summary>
    public static UnsafePath Of(MalformedTreeException e) => new(e.Path, e.Reason, Malformed: true);

    private static UnsafePath? FirstProblem(ObjectStore objects, IReadOnlyList<PathChange> changes)
    {
        foreach (var change in changes)
        {
            if (change.New is not { } entry) continue;
            var path = RawPath.ToBytes(change.Path);
            if ((TreePath.Problem(path, entry.Mode) ?? Unwritable(objects, path, entry)) is { } reason) return new UnsafePath(change.Path, reason);
        }
        return null;
    }

    /// <summary>Linux's NAME_MAX: no file system carry runs on holds a longer name.</summary>
    private const int NameMax = 255;

    /// <summary>Linux's PATH_MAX, counting the NUL: the longest path or link target a system call takes.</summary>
    private const int PathMax = 4096;

    /// <summary>
    /// Why a path git itself accepts still cannot be written here, or null. Checked before a
    /// command's journal is written: a write that fails part-way for a reason a retry cannot
    /// remove would otherwise be undone only afterwards (see docs/safety.md). Symbolic links
    /// are read (few, small); other blobs are not, so a damaged object is caught by the undo.
    /// </summary>
    private static string? Unwritable(ObjectStore objects, ReadOnlySpan<byte> path, TreeEntry entry)
    {
        if (path.Length >= PathMax) return $"it is {path.Length} bytes long, longer than a path can be ({PathMax - 1})";
        for (var rest = path; ; )
        {
            var slash = rest.IndexOf((byte)'/');
            if ((slash < 0 ? rest.Length : slash) > NameMax) return $"a name in it is longer than {NameMax} bytes, which no file system here can hold";
            if (slash < 0) break;
            rest = rest[(slash + 1)..];
        }
        if (entry.Mode != TreePath.SymlinkMode) return null;
        byte[] target;
        try { target = objects.ReadBlob(entry.Id); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return $"its symbolic link target {entry.Id.Short} cannot be read as a file ({e.Message})";
        }
        // git's checkout fails on each of these (symlink(2) takes no empty, NUL-cut or over-long target).
        if (target.Length == 0) return "it is a symbolic link with an empty target, which cannot be created";
        if (target.AsSpan().IndexOf((byte)0) >= 0) return "its symbolic link target contains a NUL byte";
        if (target.Length >= PathMax) return $"its symbolic link target is longer than {PathMax - 1} bytes";
        return null;
    }

    /// <summary>
    /// Refuses <paramref name="to"/> when it adds or changes a refused path: the message names
    /// <paramref name="what"/> (a commit, a patch) and the path. Nothing has been written yet when it throws.
    /// </summary>
    /// <returns>The changes checked (<see cref="TreeOps.Diff(ObjectStore, Oid, Oid)"/>), for a checkout of the same two trees to reuse.</returns>
    public static IReadOnlyList<PathChange> Require(ObjectStore objects, Oid from, Oid to, string what)
    {
        if (from == to) return [];
        List<PathChange> changes;
        try
        {
            changes = TreeOps.Diff(objects, from, to);
        }
        catch (MalformedTreeException e)
        {
            throw Refused(what, Of(e));
        }
        if (FirstProblem(objects, changes) is { } bad) throw Refused(what, bad);
        return changes;
    }

    /// <summary>The error for <paramref name="bad"/> found in <paramref name="what"/>.</summary>
    public static CarryException Refused(string what, UnsafePath bad) =>
        new UnsafePathException($"refusing {what}: invalid path '{bad.Shown}': {bad.Reason}; nothing was changed", bad);

    /// <summary>The hint for a tree <c>git fsck</c> reports: git never writes one.</summary>
    internal const string MalformedHint =
        "git fsck reports this tree as malformed and git never writes one like it; it may be an attempt to write into .git or outside the repository. See docs/trust.md.";
}

/// <summary>Something from outside would put a refused path into the index or working tree; nothing was changed.</summary>
public sealed class UnsafePathException(string message, UnsafePath path)
    : CarryException(message, path.Malformed ? TreeCheck.MalformedHint
        : "git would refuse or fail to check this out too ('invalid path', 'unable to create'); it may be an attempt to write into .git or outside the repository. See docs/trust.md.")
{
    /// <summary>The refused path.</summary>
    public UnsafePath Path { get; } = path;
}
