namespace Carry.Git;

/// <summary>Tree editing: the folders on changed paths, rewritten by splicing their raw bodies.</summary>
public static partial class TreeOps
{
    /// <summary>
    /// Returns a new tree: <paramref name="tree"/> with each path set to its entry (null
    /// removes it). Folders are created as needed and removed when they become empty. The
    /// caller guarantees no update needs a file replaced by a folder or the reverse.
    /// </summary>
    public static Oid Update(ObjectStore store, Oid tree, IEnumerable<(string Path, TreeEntry? Entry)> updates)
    {
        var root = new Node(tree);
        foreach (var (path, entry) in updates) root.Set(store, path.Split('/'), 0, entry);
        return root.Write(store) ?? store.WriteTree([]);
    }

    /// <summary>
    /// A folder being edited: only folders on changed paths are ever expanded, and a folder is
    /// rewritten by splicing its few changed entries into its raw body: unchanged entries are
    /// copied as bytes, so a big folder costs a copy, not a parse and a sort.
    /// </summary>
    private sealed class Node(Oid? original)
    {
        private readonly Dictionary<string, TreeEntry?> _set = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Node> _children = new(StringComparer.Ordinal);

        public void Set(ObjectStore store, string[] parts, int depth, TreeEntry? leaf)
        {
            var name = parts[depth];
            if (depth == parts.Length - 1)
            {
                _set[name] = leaf is null ? null : leaf with { Name = name };
                _children.Remove(name);
                return;
            }
            if (!_children.TryGetValue(name, out var child))
            {
                var existing = _set.TryGetValue(name, out var set) ? set : Existing(store, name);
                if (existing is { IsTree: false })
                    throw new InvalidOperationException($"'{name}' is a file, not a folder");
                child = new Node(existing?.Id);
                _children[name] = child;
                _set.Remove(name);
            }
            child.Set(store, parts, depth + 1, leaf);
        }

        private TreeEntry? Existing(ObjectStore store, string name) =>
            original is { } id ? FindRaw(store, id, name) : null;

        public Oid? Write(ObjectStore store)
        {
            var changes = new Dictionary<string, TreeEntry?>(_set, StringComparer.Ordinal);
            foreach (var (name, child) in _children)
                changes[name] = child.Write(store) is { } id ? new TreeEntry(name, EntryMode.Tree, id) : null;
            if (changes.Count == 0) return original is { } same && same != ObjectStore.EmptyTree ? same : null;
            var raw = original is { } o ? store.ReadTreeBytes(o) : [];
            var (body, offsets) = Splice(raw, raw.Length == 0 ? [] : store.TreeOffsets(original!.Value, raw, Index), changes);
            if (body.Length == 0) return null;
            var written = store.WriteTreeBytes(body);
            if (offsets is not null) store.KeepTreeOffsets(written, offsets);
            return written;
        }

        /// <summary>The raw body with every named entry replaced, added or (null) removed, in git's order, and the new body's entry offsets when known.</summary>
        /// <remarks>
        /// In a body in git's order (the usual case), the entries that leave and the places of the
        /// new ones are found by binary search, and the runs of entries in between are copied
        /// whole: a replay rewrites the same big folders once per patch, and parsing each entry
        /// of each was most of it. The new body's entry offsets come out of the same pass and are
        /// kept with it, so the next patch's lookups in it need no parse either. Built in a pooled
        /// buffer and copied out at its exact size.
        /// </remarks>
        private static (byte[] Body, int[]? Offsets) Splice(byte[] raw, int[] offsets, Dictionary<string, TreeEntry?> changes)
        {
            // Plain loops, not LINQ: a patch changes one or two entries of a folder, and the
            // iterators and sorts around them cost more than the search (a twentieth of a replay).
            var inserts = new List<(byte[] Key, TreeEntry Entry)>(changes.Count);
            var room = raw.Length; // removed entries only shrink the body: the old one plus every insert is enough
            foreach (var entry in changes.Values)
            {
                if (entry is null) continue;
                inserts.Add((System.Text.Encoding.Latin1.GetBytes(entry.IsTree ? entry.Name + "/" : entry.Name), entry));
                room += ObjectFormat.EntrySize(entry);
            }
            if (inserts.Count > 1) inserts.Sort((x, y) => ByteOrder.Instance.Compare(x.Key, y.Key));
            if (offsets == Unsorted) return (SpliceByScan(raw, changes, inserts), null);
            var drops = EntriesNamed(raw, offsets, changes.Keys);
            var places = new int[inserts.Count];
            for (var i = 0; i < places.Length; i++) places[i] = LowerBound(raw, offsets, inserts[i].Key);
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(room);
            var kept = new int[offsets.Length - drops.Count + inserts.Count];
            try
            {
                var output = buffer.AsSpan(0, room);
                var (at, k, copied, d, n) = (0, 0, 0, 0, 0);
                var count = offsets.Length;
                while (true)
                {
                    // The next place something happens: an entry leaves, or new ones go in before it.
                    var next = Math.Min(d < drops.Count ? drops[d] : count, n < inserts.Count ? places[n] : count);
                    if (next > copied)
                    {
                        var (from, to) = (offsets[copied], next < count ? offsets[next] : raw.Length);
                        raw.AsSpan(from, to - from).CopyTo(output[at..]);
                        for (var j = copied; j < next; j++) kept[k++] = offsets[j] - from + at;
                        at += to - from;
                        copied = next;
                    }
                    while (n < inserts.Count && places[n] == next)
                    {
                        kept[k++] = at;
                        at += ObjectFormat.WriteEntry(output[at..], inserts[n++].Entry);
                    }
                    if (d < drops.Count && drops[d] == next)
                    {
                        d++;
                        copied = next + 1;
                    }
                    else if (next == count) break;
                }
                return (output[..at].ToArray(), k == kept.Length ? kept : null);
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        /// <summary>The indexes of the entries named in <paramref name="names"/>, ascending: a file and a folder of one name (a malformed tree) both count.</summary>
        private static List<int> EntriesNamed(byte[] raw, int[] offsets, IEnumerable<string> names)
        {
            var found = new List<int>();
            foreach (var name in names)
            {
                var (first, second) = IndexesNamed(raw, offsets, System.Text.Encoding.Latin1.GetBytes(name + "/"));
                if (first >= 0) found.Add(first);
                if (second >= 0) found.Add(second);
            }
            // Distinct indexes by construction (each name its own entries; a second is never the first again).
            if (found.Count > 1) found.Sort();
            return found;
        }

        /// <summary>The same splice entry by entry, for a body out of git's order (it came from outside, and fsck would reject it).</summary>
        private static byte[] SpliceByScan(byte[] raw, Dictionary<string, TreeEntry?> changes, List<(byte[] Key, TreeEntry Entry)> inserts)
        {
            var names = changes.Keys.Select(n => System.Text.Encoding.Latin1.GetBytes(n)).ToList();
            var room = raw.Length + inserts.Sum(x => ObjectFormat.EntrySize(x.Entry));
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(room);
            try
            {
                var output = buffer.AsSpan(0, room);
                var (pos, next, at) = (0, 0, 0);
                while (pos < raw.Length)
                {
                    var start = pos;
                    RawEntry.Next(raw, ref pos, out var e);
                    var name = raw.AsSpan(e.NameStart, e.NameLength);
                    if (Named(names, name)) continue;
                    while (next < inserts.Count && RawEntry.CompareKey(name, e.IsTree, inserts[next].Key) > 0) at += ObjectFormat.WriteEntry(output[at..], inserts[next++].Entry);
                    raw.AsSpan(start, pos - start).CopyTo(output[at..]);
                    at += pos - start;
                }
                while (next < inserts.Count) at += ObjectFormat.WriteEntry(output[at..], inserts[next++].Entry);
                return output[..at].ToArray();
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        private static bool Named(List<byte[]> names, ReadOnlySpan<byte> name)
        {
            foreach (var n in names)
                if (name.SequenceEqual(n)) return true;
            return false;
        }
    }

    /// <summary>Byte-wise ordinal order of sort keys.</summary>
    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
