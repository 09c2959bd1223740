namespace Carry.Git;

/// <summary>A leaf path whose entry differs between two trees (null = absent).</summary>
public sealed record PathChange(string Path, TreeEntry? Old, TreeEntry? New);

/// <summary>
/// A set of raw paths a diff is limited to: the paths themselves and every folder above them
/// (as "folder/"), so a walk can tell without reading a folder whether anything wanted is inside.
/// </summary>
public sealed class PathFilter
{
    private readonly HashSet<string> _wanted = new(StringComparer.Ordinal);

    /// <summary>A filter for <paramref name="paths"/>.</summary>
    public PathFilter(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            _wanted.Add(path);
            for (var slash = path.IndexOf('/'); slash >= 0; slash = path.IndexOf('/', slash + 1)) _wanted.Add(path[..(slash + 1)]);
        }
    }

    /// <summary>True when nothing is wanted.</summary>
    public bool IsEmpty => _wanted.Count == 0;

    /// <summary>True for a wanted path, or (ending in '/') a folder holding one.</summary>
    public bool Contains(string path) => _wanted.Contains(path);

    internal bool Wants(string prefix, byte[] body, TreeOps.RawEntry entry) =>
        Contains(prefix + System.Text.Encoding.Latin1.GetString(body, entry.NameStart, entry.NameLength) + (entry.IsTree ? "/" : ""));
}

/// <summary>
/// Path-level operations on trees held by an <see cref="ObjectStore"/>. Everything works
/// on raw paths and touches only the sub-trees on changed paths: equal sub-tree ids are
/// skipped without being read, which is what makes a patch cost O(its size), not O(repo).
/// </summary>
public static partial class TreeOps
{
    /// <summary>The leaf entry at <paramref name="path"/>, or null.</summary>
    /// <remarks>The folders on the way are passed through as raw entries: only the leaf becomes an object (a replay looks up every path it changes).</remarks>
    public static TreeEntry? Lookup(ObjectStore store, Oid tree, string path)
    {
        var current = tree;
        var rest = path.AsSpan();
        while (true)
        {
            var slash = rest.IndexOf('/');
            if (!FindRaw(store, current, slash < 0 ? rest : rest[..slash], out var raw, out var entry)) return null;
            if (slash < 0) return entry.ToEntry(raw);
            if (!entry.IsTree) return null;
            current = Oid.FromBytes(raw.AsSpan(entry.IdStart, 20));
            rest = rest[(slash + 1)..];
        }
    }

    /// <summary>True if some proper prefix of <paramref name="path"/> is a non-tree entry.</summary>
    public static bool HasFileOnParentPath(ObjectStore store, Oid tree, string path)
    {
        var current = tree;
        var rest = path.AsSpan();
        for (var slash = rest.IndexOf('/'); slash >= 0; slash = rest.IndexOf('/'))
        {
            if (!FindRaw(store, current, rest[..slash], out var raw, out var entry)) return false;
            if (!entry.IsTree) return true;
            current = Oid.FromBytes(raw.AsSpan(entry.IdStart, 20));
            rest = rest[(slash + 1)..];
        }
        return false;
    }

    /// <summary>What <paramref name="commit"/> changes against its first parent (against the empty tree for a root commit).</summary>
    public static List<PathChange> ChangesOf(ObjectStore store, Oid commit)
    {
        var data = store.ReadCommit(commit);
        return Diff(store, store.ParentTree(data), data.Tree);
    }

    /// <summary>The leaf changes from tree <paramref name="a"/> to tree <paramref name="b"/>.</summary>
    public static List<PathChange> Diff(ObjectStore store, Oid a, Oid b) => Diff(store, a, b, null);

    /// <summary>
    /// As <see cref="Diff(ObjectStore, Oid, Oid)"/>, but only at the paths of <paramref name="only"/>
    /// (see <see cref="PathFilter"/>): folders off those paths are not even read.
    /// </summary>
    public static List<PathChange> Diff(ObjectStore store, Oid a, Oid b, PathFilter? only)
    {
        var changes = new List<PathChange>();
        DiffInto(store, a, b, "", changes, only);
        return changes;
    }

    /// <summary>
    /// Walks both trees' raw bodies side by side in git's order. Entries identical on both sides
    /// (the vast majority in a big folder) are compared as bytes and skipped without allocating;
    /// only differing entries become objects. A diff then costs what changed, not the folder size.
    /// </summary>
    private static void DiffInto(ObjectStore store, Oid? a, Oid? b, string prefix, List<PathChange> changes, PathFilter? only = null)
    {
        if (a == b) return;
        var left = a is { } x ? Body(store, x, prefix) : [];
        var right = b is { } y ? Body(store, y, prefix) : [];
        var (i, j) = (0, 0);
        RawEntry l = default, r = default;
        var haveL = RawEntry.Next(left, ref i, out l);
        var haveR = RawEntry.Next(right, ref j, out r);
        while (haveL || haveR)
        {
            var cmp = !haveL ? 1 : !haveR ? -1 : RawEntry.Compare(left, l, right, r);
            if (cmp < 0)
            {
                if (only is null || only.Wants(prefix, left, l)) Leaves(store, l.ToEntry(left), prefix, changes, removed: true, only);
                haveL = RawEntry.Next(left, ref i, out l);
            }
            else if (cmp > 0)
            {
                if (only is null || only.Wants(prefix, right, r)) Leaves(store, r.ToEntry(right), prefix, changes, removed: false, only);
                haveR = RawEntry.Next(right, ref j, out r);
            }
            else
            {
                if (!RawEntry.SameModeAndId(left, l, right, r) && (only is null || only.Wants(prefix, left, l) || only.Wants(prefix, right, r)))
                {
                    var (le, re) = (l.ToEntry(left), r.ToEntry(right));
                    var path = prefix + le.Name;
                    if (le.IsTree && re.IsTree) DiffInto(store, le.Id, re.Id, path + "/", changes, only);
                    else if (le.IsTree) { Leaves(store, le, prefix, changes, removed: true); changes.Add(new(path, null, re)); }
                    else if (re.IsTree) { changes.Add(new(path, le, null)); Leaves(store, re, prefix, changes, removed: false); }
                    else changes.Add(new(path, le, re));
                }
                haveL = RawEntry.Next(left, ref i, out l);
                haveR = RawEntry.Next(right, ref j, out r);
            }
        }
    }

    /// <summary>Where one entry sits in a raw tree body: mode, name bytes and the 20-byte id.</summary>
    internal readonly record struct RawEntry(int Mode, int NameStart, int NameLength, int IdStart)
    {
        public bool IsTree => Mode == EntryMode.Tree;

        public static bool Next(byte[] body, ref int pos, out RawEntry entry)
        {
            entry = default;
            if (pos >= body.Length) return false;
            var mode = 0;
            var p = pos;
            while (p < body.Length && body[p] != (byte)' ') mode = mode * 8 + (body[p++] - '0');
            var nameStart = p + 1;
            var nul = Array.IndexOf(body, (byte)0, nameStart);
            if (p >= body.Length || nul < 0 || nul + 21 > body.Length) throw new InvalidDataException("corrupt tree object");
            // As git reads it (a 100664 of early git's is a 100644), so the index gets git's mode.
            entry = new RawEntry(EntryMode.Canonical(mode), nameStart, nul - nameStart, nul + 1);
            pos = nul + 21;
            return true;
        }

        /// <summary>git's tree order: names as bytes, a sub-tree's name followed by '/'.</summary>
        public static int Compare(byte[] a, RawEntry x, byte[] b, RawEntry y)
        {
            var n = Math.Min(x.NameLength, y.NameLength);
            var c = a.AsSpan(x.NameStart, n).SequenceCompareTo(b.AsSpan(y.NameStart, n));
            if (c != 0) return c;
            int After(byte[] body, RawEntry e) => n < e.NameLength ? body[e.NameStart + n] : e.IsTree ? '/' : 0;
            return After(a, x).CompareTo(After(b, y));
        }

        /// <summary>Compares an entry (its name, '/' after a sub-tree's) with a sort key in git's order.</summary>
        public static int CompareKey(ReadOnlySpan<byte> name, bool isTree, ReadOnlySpan<byte> key)
        {
            var n = Math.Min(name.Length, key.Length);
            var c = name[..n].SequenceCompareTo(key[..n]);
            if (c != 0) return c;
            if (name.Length > n) return 1;
            var length = n + (isTree ? 1 : 0);
            if (key.Length == n) return length > n ? 1 : 0;
            if (!isTree) return -1;
            c = ((byte)'/').CompareTo(key[n]);
            return c != 0 ? c : length.CompareTo(key.Length);
        }

        public static bool SameModeAndId(byte[] a, RawEntry x, byte[] b, RawEntry y) =>
            x.Mode == y.Mode && a.AsSpan(x.IdStart, 20).SequenceEqual(b.AsSpan(y.IdStart, 20));

        public TreeEntry ToEntry(byte[] body) =>
            new(System.Text.Encoding.Latin1.GetString(body, NameStart, NameLength), Mode, Oid.FromBytes(body.AsSpan(IdStart, 20)));
    }

    private static void Leaves(ObjectStore store, TreeEntry entry, string prefix, List<PathChange> changes, bool removed, PathFilter? only = null)
    {
        var path = prefix + entry.Name;
        if (!entry.IsTree)
        {
            if (only is null || only.Contains(path)) changes.Add(removed ? new(path, entry, null) : new(path, null, entry));
            return;
        }
        if (only is not null && !only.Contains(path + "/")) return;
        IReadOnlyList<TreeEntry> children;
        try
        {
            children = store.ReadTree(entry.Id);
        }
        catch (MalformedTreeException e)
        {
            throw e.In(path + "/");
        }
        foreach (var child in children) Leaves(store, child, path + "/", changes, removed, only);
    }

    /// <summary>The raw body of the tree at folder <paramref name="prefix"/>: a malformed one is refused with its place in the walk.</summary>
    private static byte[] Body(ObjectStore store, Oid tree, string prefix)
    {
        try
        {
            return store.ReadTreeBytes(tree);
        }
        catch (MalformedTreeException e)
        {
            throw e.In(prefix);
        }
    }

    /// <summary>
    /// The entry named <paramref name="name"/> in a tree, found by scanning its raw body: no
    /// entry of the folder is turned into an object but the one found, which for the trees a
    /// replay keeps rewriting is far cheaper than parsing them.
    /// </summary>
    private static TreeEntry? FindRaw(ObjectStore store, Oid tree, string name) =>
        FindRaw(store, tree, name, out var raw, out var entry) ? entry.ToEntry(raw) : null;

    /// <summary>As <see cref="FindRaw(ObjectStore, Oid, string)"/>, the entry left raw: where it is in the tree's body <paramref name="raw"/>.</summary>
    private static bool FindRaw(ObjectStore store, Oid tree, ReadOnlySpan<char> name, out byte[] raw, out RawEntry found)
    {
        raw = store.ReadTreeBytes(tree);
        found = default;
        Span<byte> wanted = name.Length < 256 ? stackalloc byte[name.Length + 1] : new byte[name.Length + 1];
        if (System.Text.Encoding.Latin1.GetBytes(name, wanted) != name.Length) return false;
        var offsets = store.TreeOffsets(tree, raw, Index);
        if (offsets == Unsorted)
        {
            var pos = 0;
            while (RawEntry.Next(raw, ref pos, out var e))
                if (raw.AsSpan(e.NameStart, e.NameLength).SequenceEqual(wanted[..^1]))
                {
                    found = e;
                    return true;
                }
            return false;
        }
        wanted[^1] = (byte)'/';
        var (first, second) = IndexesNamed(raw, offsets, wanted);
        var i = first >= 0 ? first : second;
        if (i < 0) return false;
        var at = offsets[i];
        RawEntry.Next(raw, ref at, out found);
        return true;
    }

    /// <summary>
    /// The indexes of the entries named <paramref name="nameAndSlash"/> (the name, then '/') in a
    /// sorted tree body, -1 for none; the second is never the first again. A file sorts as its
    /// name, a folder as its name and '/', so each is its own search; a well-formed tree has at
    /// most one entry of a name, a malformed one may have a file and a folder.
    /// </summary>
    private static (int First, int Second) IndexesNamed(byte[] raw, int[] offsets, ReadOnlySpan<byte> nameAndSlash)
    {
        var name = nameAndSlash[..^1];
        int At(ReadOnlySpan<byte> key, ReadOnlySpan<byte> name)
        {
            var i = LowerBound(raw, offsets, key);
            if (i == offsets.Length) return -1;
            var p = offsets[i];
            RawEntry.Next(raw, ref p, out var e);
            return raw.AsSpan(e.NameStart, e.NameLength).SequenceEqual(name) ? i : -1;
        }
        var asFile = At(name, name);
        var asFolder = At(nameAndSlash, name);
        return (asFile, asFolder == asFile ? -1 : asFolder);
    }

    /// <summary>The first entry of a sorted tree body whose sort key is not below <paramref name="key"/> (the count when none).</summary>
    private static int LowerBound(byte[] raw, int[] offsets, ReadOnlySpan<byte> key)
    {
        var (lo, hi) = (0, offsets.Length);
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            var p = offsets[mid];
            RawEntry.Next(raw, ref p, out var e);
            if (RawEntry.CompareKey(raw.AsSpan(e.NameStart, e.NameLength), e.IsTree, key) < 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>
    /// The marker <see cref="Index"/> returns for a body out of git's order: such a body is
    /// scanned, not searched. A tree read from the repository never is one (the object store
    /// refuses it, <see cref="TreeBody"/>); kept so that a body built wrongly is still read right.
    /// </summary>
    private static readonly int[] Unsorted = [-1];

    /// <summary>
    /// Where each entry of a tree's raw body starts, kept with the body by the object store
    /// (<see cref="ObjectStore.TreeOffsets"/>): a lookup in a folder of thousands of entries is a
    /// binary search, not a scan.
    /// </summary>
    private static int[] Index(byte[] raw)
    {
        // Next reads no entry shorter than 22 bytes (a space, a NUL and 20 of id, even from a
        // malformed tree), so this never grows; the big folders a replay indexes again after each
        // rewrite are ~40 bytes an entry.
        var offsets = System.Buffers.ArrayPool<int>.Shared.Rent(raw.Length / 22 + 1);
        try
        {
            var count = 0;
            var pos = 0;
            RawEntry previous = default;
            while (true)
            {
                var start = pos;
                if (!RawEntry.Next(raw, ref pos, out var e)) break;
                if (count > 0 && RawEntry.Compare(raw, previous, raw, e) >= 0) return Unsorted;
                offsets[count++] = start;
                previous = e;
            }
            return offsets.AsSpan(0, count).ToArray();
        }
        finally
        {
            System.Buffers.ArrayPool<int>.Shared.Return(offsets);
        }
    }
}
