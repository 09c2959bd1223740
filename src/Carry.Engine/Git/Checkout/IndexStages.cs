namespace Carry.Git.Checkout;

/// <summary>
/// Marks paths unmerged in the index (stages 1–3) the way <c>git update-index --index-info</c>
/// does, without starting git: the index is read, the paths' entries replaced, and the file
/// written under <c>index.lock</c>. Every other entry keeps its bytes, flags included. An index
/// this reader does not handle, or a lock someone holds, is left to git.
/// </summary>
internal static class IndexStages
{
    public static bool TryMark(CarryRepository repo, IEnumerable<UnmergedPath> paths)
    {
        var indexPath = Path.Combine(repo.GitDir, "index");
        var lockPath = indexPath + ".lock";
        FileStream lockFile;
        try
        {
            lockFile = new FileStream(lockPath, FileMode.CreateNew, FileAccess.Write);
        }
        catch (IOException)
        {
            return false;
        }
        try
        {
            var index = IndexFile.TryRead(indexPath, out _);
            if (index is null || !TryApply(index.Entries, paths)) return false;
            index.WriteTo(lockFile);
            lockFile.Dispose();
            File.Move(lockPath, indexPath, overwrite: true);
            return true;
        }
        finally
        {
            lockFile.Dispose();
            if (File.Exists(lockPath)) File.Delete(lockPath);
        }
    }

    /// <summary>
    /// Replaces <paramref name="paths"/>' entries in <paramref name="entries"/> with their stages;
    /// false, with the entries untouched, when a marked path and another entry would be a file and
    /// a folder of the same name (git's to sort out: it replaces them).
    /// </summary>
    internal static bool TryApply(List<IndexEntry> entries, IEnumerable<UnmergedPath> paths)
    {
        var staged = new List<IndexEntry>();
        var marked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in paths)
        {
            var raw = RawPath.FromText(p.Path);
            marked.Add(raw);
            foreach (var (stage, side) in new[] { (1, p.Base), (2, p.Ours), (3, p.Theirs) })
                if (side is { } e) staged.Add(IndexEntry.CreateStaged(raw, e.Id, e.Mode, stage));
        }
        // Every check is a binary search in the index's order (git writes no other), so no other
        // entry's path is decoded; an index out of order is git's to handle.
        if (!IndexFile.InOrder(entries)) return false;
        var replaced = new HashSet<IndexEntry>(ReferenceEqualityComparer.Instance);
        foreach (var path in marked)
            for (var i = IndexFile.At(entries, path); i < entries.Count && entries[i].ComparePath(path) == 0; i++) replaced.Add(entries[i]);
        foreach (var path in marked)
        {
            for (var slash = path.IndexOf('/'); slash > 0; slash = path.IndexOf('/', slash + 1))
                if (Stays(entries, replaced, path[..slash], below: false)) return false;
            if (Stays(entries, replaced, path + "/", below: true)) return false;
        }
        entries.RemoveAll(replaced.Contains);
        // Exactly the room needed: grown by doubling, a big index's list would be copied into one twice its size.
        if (entries.Capacity < entries.Count + staged.Count) entries.Capacity = entries.Count + staged.Count;
        entries.AddRange(staged);
        return true;
    }

    /// <summary>True when an entry that is not being replaced has <paramref name="path"/> (or, <paramref name="below"/>, starts with it).</summary>
    private static bool Stays(List<IndexEntry> entries, HashSet<IndexEntry> replaced, string path, bool below)
    {
        for (var i = IndexFile.At(entries, path); i < entries.Count; i++)
        {
            if (below ? !entries[i].PathStartsWith(path) : entries[i].ComparePath(path) != 0) return false;
            if (!replaced.Contains(entries[i])) return true;
        }
        return false;
    }
}
