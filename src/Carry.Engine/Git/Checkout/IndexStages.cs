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
            if (index is null) return false;
            var staged = new List<IndexEntry>();
            var marked = new HashSet<string>(StringComparer.Ordinal);
            foreach (var p in paths)
            {
                var raw = RawPath.FromText(p.Path);
                marked.Add(raw);
                foreach (var (stage, side) in new[] { (1, p.Base), (2, p.Ours), (3, p.Theirs) })
                    if (side is { } e) staged.Add(IndexEntry.CreateStaged(raw, e.Id, e.Mode, stage));
            }
            index.Entries.RemoveAll(e => marked.Contains(e.Path));
            // A file where a marked path needs a folder, or the reverse, is git's to sort out (it replaces them).
            var present = index.Entries.Select(e => e.Path).ToHashSet(StringComparer.Ordinal);
            foreach (var path in marked)
            {
                for (var slash = path.IndexOf('/'); slash > 0; slash = path.IndexOf('/', slash + 1))
                    if (present.Contains(path[..slash])) return false;
                var folder = path + "/";
                if (index.Entries.Any(e => e.Path.StartsWith(folder, StringComparison.Ordinal))) return false;
            }
            index.Entries.AddRange(staged);
            lockFile.Write(index.Serialize());
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
}
