namespace Carry.Git;

/// <summary>A leaf path whose entry differs between two trees (null = absent).</summary>
public sealed record PathChange(string Path, TreeEntry? Old, TreeEntry? New);

/// <summary>
/// Path-level operations on trees held by an <see cref="ObjectStore"/>. Everything works
/// on raw paths and touches only the sub-trees on changed paths: equal sub-tree ids are
/// skipped without being read, which is what makes a patch cost O(its size), not O(repo).
/// </summary>
public static class TreeOps
{
    /// <summary>The leaf entry at <paramref name="path"/>, or null.</summary>
    public static TreeEntry? Lookup(ObjectStore store, Oid tree, string path)
    {
        var current = tree;
        var parts = path.Split('/');
        for (var i = 0; i < parts.Length; i++)
        {
            var entry = Find(store.ReadTree(current), parts[i]);
            if (entry is null) return null;
            if (i == parts.Length - 1) return entry;
            if (!entry.IsTree) return null;
            current = entry.Id;
        }
        return null;
    }

    /// <summary>True if some proper prefix of <paramref name="path"/> is a non-tree entry.</summary>
    public static bool HasFileOnParentPath(ObjectStore store, Oid tree, string path)
    {
        var current = tree;
        var parts = path.Split('/');
        for (var i = 0; i < parts.Length - 1; i++)
        {
            var entry = Find(store.ReadTree(current), parts[i]);
            if (entry is null) return false;
            if (!entry.IsTree) return true;
            current = entry.Id;
        }
        return false;
    }

    /// <summary>The leaf changes from tree <paramref name="a"/> to tree <paramref name="b"/>.</summary>
    public static List<PathChange> Diff(ObjectStore store, Oid a, Oid b)
    {
        var changes = new List<PathChange>();
        DiffInto(store, a, b, "", changes);
        return changes;
    }

    private static void DiffInto(ObjectStore store, Oid? a, Oid? b, string prefix, List<PathChange> changes)
    {
        if (a == b) return;
        var left = a is { } x ? store.ReadTree(x) : [];
        var right = b is { } y ? store.ReadTree(y) : [];
        int i = 0, j = 0;
        while (i < left.Count || j < right.Count)
        {
            var cmp = i >= left.Count ? 1 : j >= right.Count ? -1 : string.CompareOrdinal(left[i].Name, right[j].Name);
            if (cmp < 0) Leaves(store, left[i++], prefix, changes, removed: true);
            else if (cmp > 0) Leaves(store, right[j++], prefix, changes, removed: false);
            else
            {
                var (l, r) = (left[i++], right[j++]);
                if (l == r) continue;
                var path = prefix + l.Name;
                if (l.IsTree && r.IsTree) DiffInto(store, l.Id, r.Id, path + "/", changes);
                else if (l.IsTree) { Leaves(store, l, prefix, changes, removed: true); changes.Add(new(path, null, r)); }
                else if (r.IsTree) { changes.Add(new(path, l, null)); Leaves(store, r, prefix, changes, removed: false); }
                else changes.Add(new(path, l, r));
            }
        }
    }

    private static void Leaves(ObjectStore store, TreeEntry entry, string prefix, List<PathChange> changes, bool removed)
    {
        var path = prefix + entry.Name;
        if (!entry.IsTree)
        {
            changes.Add(removed ? new(path, entry, null) : new(path, null, entry));
            return;
        }
        foreach (var child in store.ReadTree(entry.Id)) Leaves(store, child, path + "/", changes, removed);
    }

    /// <summary>
    /// Returns a new tree: <paramref name="tree"/> with each path set to its entry (null
    /// removes it). Folders are created as needed and removed when they become empty. The
    /// caller guarantees no update needs a file replaced by a folder or the reverse.
    /// </summary>
    public static Oid Update(ObjectStore store, Oid tree, IEnumerable<(string Path, TreeEntry? Entry)> updates)
    {
        var root = new Node(tree);
        foreach (var (path, entry) in updates) root.Set(store, path.Split('/'), 0, entry);
        return root.Write(store) ?? ObjectStore.EmptyTree;
    }

    /// <summary>
    /// Binary search in git's order, where a folder sorts as "name/": look for the name as a
    /// file, then as a folder. Big folders (thousands of entries) make a scan costly per path.
    /// </summary>
    private static TreeEntry? Find(IReadOnlyList<TreeEntry> entries, string name) =>
        Search(entries, name) ?? Search(entries, name + "/");

    private static TreeEntry? Search(IReadOnlyList<TreeEntry> entries, string key)
    {
        int lo = 0, hi = entries.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var e = entries[mid];
            var cmp = string.CompareOrdinal(e.IsTree ? e.Name + "/" : e.Name, key);
            if (cmp == 0) return e;
            if (cmp < 0) lo = mid + 1;
            else hi = mid - 1;
        }
        return null;
    }

    /// <summary>A folder being edited: only folders on changed paths are ever expanded.</summary>
    private sealed class Node(Oid? original)
    {
        private Dictionary<string, TreeEntry>? _entries;
        private readonly Dictionary<string, Node> _children = [];

        private Dictionary<string, TreeEntry> Entries(ObjectStore store) =>
            _entries ??= original is { } id ? store.ReadTree(id).ToDictionary(e => e.Name, StringComparer.Ordinal) : new(StringComparer.Ordinal);

        public void Set(ObjectStore store, string[] parts, int depth, TreeEntry? leaf)
        {
            var entries = Entries(store);
            var name = parts[depth];
            if (depth == parts.Length - 1)
            {
                if (leaf is null) entries.Remove(name);
                else entries[name] = leaf with { Name = name };
                _children.Remove(name);
                return;
            }
            if (!_children.TryGetValue(name, out var child))
            {
                var existing = entries.GetValueOrDefault(name);
                if (existing is { IsTree: false })
                    throw new InvalidOperationException($"'{name}' is a file, not a folder");
                child = new Node(existing?.Id);
                _children[name] = child;
            }
            child.Set(store, parts, depth + 1, leaf);
        }

        public Oid? Write(ObjectStore store)
        {
            var entries = Entries(store);
            foreach (var (name, child) in _children)
            {
                if (child.Write(store) is { } id) entries[name] = new TreeEntry(name, EntryMode.Tree, id);
                else entries.Remove(name);
            }
            return entries.Count == 0 ? null : store.WriteTree(entries.Values);
        }
    }
}
