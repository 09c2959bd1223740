using System.Text;

namespace Carry.Git.Checkout;

/// <summary>
/// <c>git add -u</c> and <c>git write-tree</c> on a copy of the index, done here for the common
/// case: every tracked file is stat-ed on all cores, only the ones whose stat data changed (or
/// that are racily clean) are read and hashed, and the trees are built from the entries. A resumed
/// sync and every refresh take this snapshot; two git processes were most of a resume's cost.
/// Like <see cref="DirectCheckout"/>, it declines whenever git would do something it does not:
/// content filters, submodules, flagged entries (skip-worktree, intent-to-add, assume-unchanged),
/// index formats it does not read; the caller then lets git do it.
/// </summary>
internal static class IndexSnapshot
{
    /// <summary>Why the snapshot is left to git.</summary>
    private sealed class Decline(string reason) : Exception(reason);

    /// <summary>The index's tree and, unless <paramref name="indexOnly"/>, the tree with tracked files' changes taken; the copy is rewritten to match.</summary>
    /// <param name="repo">The repository.</param>
    /// <param name="indexCopy">The copy of the index to read and update.</param>
    /// <param name="indexTime">When the real index was last written: files modified since then are hashed whatever their stat data says.</param>
    /// <param name="indexOnly">Only the index's tree (<c>git write-tree</c>).</param>
    /// <param name="declined">Why git must do it, when null is returned.</param>
    /// <param name="acceptConflicts">Unmerged paths take their working-tree content (as <c>git add</c>); without it, an unmerged index is git's to refuse.</param>
    public static (Oid Index, Oid Tree)? TryTake(CarryRepository repo, string indexCopy, DateTime indexTime, bool indexOnly, bool acceptConflicts, out string? declined)
    {
        declined = null;
        try
        {
            if (!FileStat.Available) throw new Decline("no statx on this platform");
            if (DirectCheckout.ConfigDeclines(repo) is { } why) throw new Decline(why);
            var index = IndexFile.TryRead(indexCopy, out var unsupported) ?? throw new Decline(unsupported!);
            var conflicted = false;
            foreach (var e in index.Entries)
            {
                if (e.Mode == EntryMode.Gitlink) throw new Decline("submodule");
                if (e.Extended || e.AssumeValid) throw new Decline($"{e.Path} has index flags");
                if (e.PathBytes.EndsWith(".gitattributes"u8) && DirectCheckout.AttributesConvert(repo, e)) throw new Decline("attributes convert content");
                conflicted |= e.Stage != 0;
            }
            if (conflicted && !acceptConflicts) throw new Decline("unmerged entries");
            var objects = repo.Objects;
            Oid? before = conflicted ? null : Build(objects, index.Entries);
            Oid? taken = null;
            if (!indexOnly && Take(repo, index.Entries, indexTime))
            {
                taken = Build(objects, index.Entries);
                using var copy = new FileStream(indexCopy, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
                index.WriteTo(copy);
            }
            // The copy, as it is left, is what the command's checkout reads next: kept in memory for it.
            index.Keep(repo, indexCopy);
            return Done(objects, (before ?? taken)!.Value, (taken ?? before)!.Value);
        }
        catch (Decline d)
        {
            declined = d.Message;
            return null;
        }
    }

    /// <summary>New objects are written at once, as git's own add and write-tree would have.</summary>
    private static (Oid, Oid) Done(ObjectStore objects, Oid index, Oid tree)
    {
        objects.Flush();
        return (index, tree);
    }

    /// <summary>Turns the entries into what <c>git add -u</c> leaves; false, with them untouched, when no file changed.</summary>
    private static bool Take(CarryRepository repo, List<IndexEntry> entries, DateTime indexTime)
    {
        // One slot per path: stage 0, or the first stage of an unmerged path (the others drop).
        var paths = new List<IndexEntry>(entries.Count);
        foreach (var e in entries)
        {
            if (paths.Count > 0 && paths[^1].PathBytes.SequenceEqual(e.PathBytes)) continue;
            paths.Add(e);
        }
        var results = new IndexEntry?[paths.Count];
        var touched = new bool[paths.Count];
        // Each file is looked up from the top of the working tree, not from '/'.
        var root = FileStat.OpenFolder(repo.WorkDir);
        if (root < 0) throw new Decline("cannot open the working tree's folder");
        try
        {
            Parallel.For(0, paths.Count, i =>
            {
                var e = paths[i];
                var unmerged = e.Stage != 0;
                touched[i] = true;
                // The raw path's bytes in the index are the file name on disk: no text round trip, no copy.
                if (!FileStat.TryReadAt(root, e.NulTerminatedPath, out var st)) return; // deleted: add -u drops it
                var type = st.Mode & 0xF000;
                if (type is not (0x8000 or 0xA000)) throw new Decline($"{RawPath.ToText(e.Path)} is not a file any more");
                var mode = type == 0xA000 ? EntryMode.Symlink : (st.Mode & 0x40) != 0 ? EntryMode.Executable : EntryMode.Regular;
                if (!unmerged && mode == e.Mode && e.StatMatches(st, indexTime))
                {
                    results[i] = e;
                    touched[i] = false;
                    return;
                }
                var full = Path.Combine(repo.WorkDir, RawPath.ToText(e.Path));
                var content = type == 0xA000 ? Encoding.UTF8.GetBytes(new FileInfo(full).LinkTarget ?? "") : File.ReadAllBytes(full);
                if (!FileStat.TryReadAt(root, e.NulTerminatedPath, out var after) || !SameStat(after, st)) throw new Decline($"{RawPath.ToText(e.Path)} changed while being read");
                var id = ObjectFormat.Hash(NativeGit.ObjBlob, content);
                results[i] = IndexEntry.Create(e.Path, id, mode, st);
                if (id != e.Id) lock (results) repo.Objects.AddKnown(id, NativeGit.ObjBlob, content);
            });
        }
        catch (AggregateException all) when (all.InnerExceptions.All(x => x is Decline or IOException or UnauthorizedAccessException))
        {
            throw new Decline(all.InnerExceptions[0].Message);
        }
        finally
        {
            FileStat.CloseFolder(root);
        }
        if (!touched.Contains(true)) return false;
        entries.Clear();
        foreach (var r in results) if (r is not null) entries.Add(r);
        return true;
    }

    private static bool SameStat(FileStat.Stat a, FileStat.Stat b) =>
        a.Size == b.Size && a.MtimeSeconds == b.MtimeSeconds && a.MtimeNanos == b.MtimeNanos && a.CtimeSeconds == b.CtimeSeconds && a.CtimeNanos == b.CtimeNanos && a.Ino == b.Ino;

    /// <summary>
    /// The tree of stage-0 entries, sub-trees built bottom-up, each written straight from the
    /// entries' raw names and ids: the index's order is git's tree order, so nothing is sorted
    /// or parsed. An index out of that order (git would not write one) is left to git.
    /// </summary>
    /// <remarks>
    /// Every tree's body is made in one scratch buffer, a sub-tree's after its parent's part so
    /// far, and copied out at its exact size: a growing stream per folder made five arrays for
    /// each tree (a resume's biggest allocation after the index itself).
    /// </remarks>
    private static Oid Build(ObjectStore objects, List<IndexEntry> entries)
    {
        var i = 0;
        return TryBuild(objects, entries, ref i, [], new TreeScratch()) ?? throw new Decline("index entries out of order");
    }

    private static Oid? TryBuild(ObjectStore objects, List<IndexEntry> entries, ref int i, ReadOnlySpan<byte> prefix, TreeScratch body)
    {
        var start = body.Length;
        ReadOnlySpan<byte> last = default;
        var first = true;
        while (i < entries.Count && entries[i].PathBytes.StartsWith(prefix))
        {
            var e = entries[i];
            var path = e.PathBytes;
            var slash = path[prefix.Length..].IndexOf((byte)'/');
            // A folder's name keeps its slash here: git orders a folder as if its name ended in one.
            var name = slash < 0 ? path[prefix.Length..] : path.Slice(prefix.Length, slash + 1);
            if (!first && last.SequenceCompareTo(name) >= 0) return null;
            last = name;
            first = false;
            if (slash < 0)
            {
                body.Write(e.Mode switch { EntryMode.Executable => "100755 "u8, EntryMode.Symlink => "120000 "u8, _ => "100644 "u8 });
                body.Write(name);
                body.Write([0]);
                body.Write(e.IdBytes);
                i++;
            }
            else if (TryBuild(objects, entries, ref i, path[..(prefix.Length + slash + 1)], body) is { } sub)
            {
                body.Write("40000 "u8);
                body.Write(name[..^1]);
                body.Write([0]);
                sub.CopyTo(body.Take(20));
            }
            else return null;
        }
        return objects.WriteTreeBytes(body.Cut(start));
    }

    /// <summary>One growing buffer holding the bodies of the trees being built, innermost last.</summary>
    private sealed class TreeScratch
    {
        private byte[] _bytes = new byte[4096];

        public int Length { get; private set; }

        public void Write(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Take(bytes.Length));

        /// <summary>The next <paramref name="count"/> bytes, to fill.</summary>
        public Span<byte> Take(int count)
        {
            if (Length + count > _bytes.Length) Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Length + count));
            Length += count;
            return _bytes.AsSpan(Length - count, count);
        }

        /// <summary>The bytes from <paramref name="start"/> on, as their own array; the buffer goes back to <paramref name="start"/>.</summary>
        public byte[] Cut(int start)
        {
            var body = _bytes[start..Length];
            Length = start;
            return body;
        }
    }
}
