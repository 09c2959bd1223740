using System.Text;

namespace Carry.Git.Checkout;

/// <summary>
/// Moves the index and working tree from one tree to another without git, for the common
/// case: only the paths that differ are checked and written, files are written on all cores,
/// and the index is rewritten once with fresh stat data. It is git's two-tree checkout
/// (<c>read-tree -m -u</c>), minus its full traversal of both trees, and measured faster.
/// Whenever anything is unusual (local changes, attributes that convert content, symlinks off,
/// submodules, sparse or split indexes, flags on a path it would change, another git holding index.lock) it declines before
/// touching anything, and the caller lets git do the work with git's own messages.
/// </summary>
internal static class DirectCheckout
{
    /// <summary>Why a path is not handled here; the caller falls back to git.</summary>
    private sealed class Decline(string reason) : Exception(reason);

    /// <summary><c>CARRY_CHECKOUT=git</c>: every index and working-tree job goes to git (this writer, and the snapshot and conflict stages beside it).</summary>
    internal static bool ForcedToGit => Environment.GetEnvironmentVariable("CARRY_CHECKOUT") == "git";

    /// <summary>How an index.lock held by this writer begins until the index is written into it.</summary>
    internal const string LockOwnerPrefix = "carry direct checkout, pid ";

    /// <summary>
    /// Moves index and files from <paramref name="from"/> to <paramref name="to"/>, or returns
    /// false with why (<paramref name="declined"/>) before touching anything. Paths in
    /// <paramref name="unmerged"/> (a stopped merge) are marked unmerged in the same index write;
    /// <paramref name="marked"/> says whether they were (a file/folder clash leaves them to git).
    /// </summary>
    public static bool TrySwitch(CarryRepository repo, Oid from, Oid to, string indexPath, out string? declined,
        IReadOnlyCollection<UnmergedPath>? unmerged, out bool marked, IReadOnlyList<PathChange>? changes = null)
    {
        declined = null;
        marked = false;
        if (ForcedToGit) { declined = "CARRY_CHECKOUT=git"; return false; }
        if (!FileStat.Available) { declined = "no statx on this platform"; return false; }
        if (ConfigDeclines(repo) is { } why) { declined = why; return false; }
        var lockPath = indexPath + ".lock";
        FileStream lockFile;
        try
        {
            lockFile = new FileStream(lockPath, FileMode.CreateNew, FileAccess.Write);
        }
        catch (IOException)
        {
            declined = "index.lock exists";
            return false;
        }
        var wrote = false;
        try
        {
            // Until the index is written, the lock says whose it is: if this process is killed,
            // recovery knows at once that no one is writing this index any more.
            lockFile.Write(System.Text.Encoding.ASCII.GetBytes($"{LockOwnerPrefix}{Environment.ProcessId}\n"));
            lockFile.Flush();
            var plan = Plan(repo, from, to, indexPath, changes);
            wrote = true;
            Apply(repo, plan);
            CrashPoint.Hit("worktree-written"); // files written, index.lock still held
            // Conflict stages go in with the new stat data: one index write, not two.
            marked = unmerged is not null && IndexStages.TryApply(plan.Index.Entries, unmerged);
            lockFile.SetLength(0);
            lockFile.Position = 0;
            plan.Index.WriteTo(lockFile);
            lockFile.Dispose();
            File.Move(lockPath, indexPath, overwrite: true);
            return true;
        }
        catch (Decline d) when (!wrote)
        {
            declined = d.Message;
            return false;
        }
        finally
        {
            lockFile.Dispose();
            if (File.Exists(lockPath)) File.Delete(lockPath);
        }
    }

    /// <param name="Index">The index as read.</param>
    /// <param name="Changes">What the switch changes.</param>
    /// <param name="Replaced">The entries of the changed paths the index holds: they leave it.</param>
    private sealed record CheckoutPlan(IndexFile Index, IReadOnlyList<PathChange> Changes, HashSet<IndexEntry> Replaced);

    /// <summary>Checks everything first; throws <see cref="Decline"/> before any file is touched.</summary>
    private static CheckoutPlan Plan(CarryRepository repo, Oid from, Oid to, string indexPath, IReadOnlyList<PathChange>? known)
    {
        var written = File.Exists(indexPath) ? File.GetLastWriteTimeUtc(indexPath) : DateTime.UtcNow;
        var index = IndexFile.TryRead(repo, indexPath, out var unsupported) ?? throw new Decline(unsupported!);
        foreach (var e in index.Entries)
        {
            if (e.Stage != 0) throw new Decline("index has conflicts");
            if (e.PathBytes.EndsWith(".gitattributes"u8) && AttributesConvert(repo, e)) throw new Decline("attributes convert content");
        }
        // The changed paths are found by binary search, no path decoded but theirs: git writes no other order.
        if (!IndexFile.InOrder(index.Entries)) throw new Decline("index entries out of order");
        var replaced = new HashSet<IndexEntry>(ReferenceEqualityComparer.Instance);
        var changes = known ?? TreeOps.Diff(repo.Objects, from, to);
        var deleted = changes.Where(c => c.New is null).Select(c => c.Path).ToHashSet(StringComparer.Ordinal);
        var toCheck = new List<(IndexEntry Entry, string Full, string Path)>(changes.Count);
        var realFolders = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            if (change.Old?.Mode == EntryMode.Gitlink || change.New?.Mode == EntryMode.Gitlink) throw new Decline("submodule");
            if (change.New is not null && change.Path.EndsWith(".gitattributes", StringComparison.Ordinal)) throw new Decline("attributes change");
            if (!IsUtf8(change.Path)) throw new Decline("file name is not UTF-8");
            if (change.New is { } entry && Paths.TreePath.Problem(RawPath.ToBytes(change.Path), entry.Mode) is { } unsafeReason)
                throw TreeCheck.Refused("to check out this tree", new UnsafePath(change.Path, unsafeReason));
            var full = FullPath(repo, change.Path);
            if (change.Old is { } old)
            {
                if (Find(index, change.Path) is not { } e || e.Id != old.Id || e.Mode != (uint)old.Mode)
                    throw new Decline($"staged change to {change.Path}");
                // Entries it does not change keep their bytes, flags included; a flagged entry that
                // changes (skip-worktree, assume-unchanged, intent-to-add) is git's to handle.
                if (e.Extended || e.AssumeValid) throw new Decline($"{change.Path} has index flags");
                toCheck.Add((e, full, change.Path));
                replaced.Add(e);
            }
            else
            {
                if (Find(index, change.Path) is not null) throw new Decline($"staged file {change.Path}");
                if (Exists(full) || BlockedByFile(repo, change.Path, deleted)) throw new Decline($"untracked file in the way of {change.Path}");
            }
            if (change.New is not null && LinkOnTheWay(repo, change.Path, realFolders) is { } link)
                throw new Decline($"symbolic link '{link}' on the way to {change.Path}");
        }
        // The files on disk are checked on all cores: each costs a stat, and a hash when stale.
        string? dirty = null;
        Parallel.ForEach(toCheck, Cores, item =>
        {
            if (!IsClean(item.Entry, item.Full, written)) dirty = item.Path;
        });
        if (dirty is not null) throw new Decline($"local change to {dirty}");
        return new CheckoutPlan(index, changes, replaced);
    }

    private static IndexEntry? Find(IndexFile index, string rawPath) =>
        IndexFile.At(index.Entries, rawPath) is var i && i < index.Entries.Count && index.Entries[i].ComparePath(rawPath) == 0 ? index.Entries[i] : null;

    private static void Apply(CarryRepository repo, CheckoutPlan plan)
    {
        // A regular file that stays one, with the same mode, is rewritten in place; every other
        // old entry leaves first (a folder may take a file's place, or the reverse).
        var removals = plan.Changes.Where(c => c.Old is not null && !InPlace(c)).ToList();
        if (removals.Count > 0) Parallel.ForEach(removals, Cores, change => File.Delete(FullPath(repo, change.Path)));
        var emptied = new HashSet<string>(StringComparer.Ordinal);
        foreach (var change in removals.Where(c => c.New is null)) emptied.Add(Path.GetDirectoryName(FullPath(repo, change.Path))!);
        RemoveEmptyFolders(repo, emptied);
        var writes = plan.Changes.Where(c => c.New is not null).Select(c => (c.Path, Entry: c.New!, Full: FullPath(repo, c.Path), InPlace: InPlace(c))).ToList();
        // Folders first, each once and in order, so the parallel writers only create files. Each
        // is made (or found) as a real folder, never through a symbolic link that appeared since
        // the plan; files are then created with O_EXCL, or opened with O_NOFOLLOW to be
        // rewritten, neither of which follows a link either.
        foreach (var dir in writes.Select(w => Path.GetDirectoryName(w.Full)!).Distinct().Order(StringComparer.Ordinal))
            CreateRealFolder(repo.WorkDir, dir);
        var stats = new IndexEntry[writes.Count];
        Parallel.For(0, writes.Count, Cores, i =>
        {
            var (path, entry, full, inPlace) = writes[i];
            stats[i] = IndexEntry.Create(path, entry.Id, entry.Mode, WriteFile(full, entry.Mode, repo.Objects.ReadBlob(entry.Id), inPlace));
        });
        // The changed paths' entries leave; the written files' join the rest in the index's order,
        // merged in place from the back (the new ones sorted first).
        Array.Sort(stats, IndexEntry.Order);
        var entries = plan.Index.Entries;
        entries.RemoveAll(plan.Replaced.Contains);
        var kept = entries.Count;
        if (entries.Capacity < kept + stats.Length) entries.Capacity = kept + stats.Length;
        entries.AddRange(stats);
        for (int i = kept - 1, j = stats.Length - 1, k = entries.Count - 1; j >= 0; k--)
            entries[k] = i >= 0 && IndexEntry.Order(entries[i], stats[j]) > 0 ? entries[i--] : stats[j--];
    }

    /// <summary>A regular file before and after, same mode: its content can be replaced where it is (<see cref="FileStat.TryRewrite"/>).</summary>
    private static bool InPlace(PathChange change) =>
        change is { Old: { } old, New: { } now } && old.Mode == now.Mode && old.Mode is EntryMode.Regular or EntryMode.Executable;

    /// <summary>Writes one file and returns its stat; a file to rewrite that cannot be is removed and created instead.</summary>
    private static FileStat.Stat WriteFile(string full, int mode, byte[] content, bool inPlace)
    {
        var path = NulTerminated(full);
        if (mode == EntryMode.Symlink)
        {
            File.CreateSymbolicLink(full, Encoding.UTF8.GetString(content));
            return FileStat.TryRead(path, out var st) ? st : throw new IOException($"cannot stat '{full}' after writing it");
        }
        if (inPlace)
        {
            if (FileStat.TryRewrite(path, content, out var rewritten)) return rewritten;
            File.Delete(full);
        }
        return FileStat.CreateFile(path, mode == EntryMode.Executable ? 0b111_111_111u : 0b110_110_110u, content);
    }

    private static readonly ParallelOptions Cores = new() { MaxDegreeOfParallelism = Environment.ProcessorCount };

    /// <summary>Clean = same stat as when git last saw it (and not racily so), or else the same content.</summary>
    private static bool IsClean(IndexEntry e, string full, DateTime indexWritten)
    {
        if (!FileStat.TryRead(NulTerminated(full), out var st)) return false;
        var expectedType = e.Mode & 0xF000;
        if ((st.Mode & 0xF000) != expectedType) return false;
        if (e.StatMatches(st, indexWritten)) return true;
        var content = expectedType == 0xA000
            ? Encoding.UTF8.GetBytes(new FileInfo(full).LinkTarget ?? "")
            : File.ReadAllBytes(full);
        if (e.Mode == EntryMode.Executable != ((st.Mode & 0x40) != 0)) return false;
        return ObjectFormat.Hash(NativeGit.ObjBlob, content) == e.Id;
    }

    private static bool IsUtf8(string rawPath) =>
        rawPath.All(c => c < 0x80) || System.Text.Unicode.Utf8.IsValid(RawPath.ToBytes(rawPath));

    private static bool Exists(string full) => FileStat.TryRead(NulTerminated(full), out _);

    /// <summary>True when a parent folder of the path is a file that this switch does not delete.</summary>
    private static bool BlockedByFile(CarryRepository repo, string path, HashSet<string> deleted)
    {
        for (var slash = path.IndexOf('/'); slash > 0; slash = path.IndexOf('/', slash + 1))
        {
            var prefix = path[..slash];
            if (deleted.Contains(prefix)) continue;
            if (File.Exists(FullPath(repo, prefix))) return true;
        }
        return false;
    }

    /// <summary>
    /// The first folder above <paramref name="path"/> that is a symbolic link on disk, or null.
    /// git never writes through a link (has_symlink_leading_path); such a switch is left to git.
    /// </summary>
    private static string? LinkOnTheWay(CarryRepository repo, string path, Dictionary<string, bool> real)
    {
        for (var slash = path.IndexOf('/'); slash > 0; slash = path.IndexOf('/', slash + 1))
        {
            var prefix = path[..slash];
            if (!real.TryGetValue(prefix, out var ok))
            {
                ok = !FileStat.TryRead(NulTerminated(FullPath(repo, prefix)), out var st) || (st.Mode & 0xF000) != 0xA000;
                real[prefix] = ok;
            }
            if (!ok) return RawPath.ToText(prefix);
        }
        return null;
    }

    /// <summary>Creates <paramref name="dir"/> and the folders above it inside <paramref name="root"/>, refusing any that is a symbolic link.</summary>
    private static void CreateRealFolder(string root, string dir)
    {
        var relative = Path.GetRelativePath(root, dir);
        if (relative == ".") return;
        var current = root;
        foreach (var part in relative.Split(Path.DirectorySeparatorChar))
        {
            current = Path.Combine(current, part);
            if (FileStat.TryRead(NulTerminated(current), out var st))
            {
                if ((st.Mode & 0xF000) != 0x4000) throw new IOException($"refusing to write through '{current}': it is not a folder (a symbolic link appeared?)");
                continue;
            }
            Directory.CreateDirectory(current);
        }
    }

    /// <summary>Removes folders left empty by deletions, deepest first, as git does; never one with untracked files.</summary>
    private static void RemoveEmptyFolders(CarryRepository repo, HashSet<string> candidates)
    {
        var queue = new SortedSet<string>(candidates, Comparer<string>.Create((a, b) => b.Length != a.Length ? b.Length.CompareTo(a.Length) : string.CompareOrdinal(a, b)));
        while (queue.Count > 0)
        {
            var dir = queue.Min!;
            queue.Remove(dir);
            if (dir.Length <= repo.WorkDir.Length || !Directory.Exists(dir) || Directory.EnumerateFileSystemEntries(dir).Any()) continue;
            Directory.Delete(dir);
            queue.Add(Path.GetDirectoryName(dir)!);
        }
    }

    private static string FullPath(CarryRepository repo, string rawPath) => Path.Combine(repo.WorkDir, RawPath.ToText(rawPath));

    private static byte[] NulTerminated(string full) => Encoding.UTF8.GetBytes(full + "\0");

    /// <summary>Settings under which git would convert or place content differently: leave those to git.</summary>
    internal static string? ConfigDeclines(CarryRepository repo)
    {
        var autocrlf = repo.Config("core.autocrlf");
        if (autocrlf is not null && autocrlf != "false" && autocrlf != "input") return "core.autocrlf";
        if (repo.Config("core.symlinks") == "false") return "core.symlinks=false";
        if (repo.Config("core.ignorecase") == "true") return "core.ignorecase";
        if (repo.Config("core.sparsecheckout") == "true") return "sparse checkout";
        if (repo.Config("core.fsmonitor") is { Length: > 0 } fs && fs != "false") return "fsmonitor";
        if (repo.Config("core.filemode") == "false") return "core.filemode=false";
        foreach (var file in GlobalAttributeFiles(repo))
            if (File.Exists(file) && TextConverts(File.ReadAllText(file))) return "attributes convert content";
        return null;
    }

    private static IEnumerable<string> GlobalAttributeFiles(CarryRepository repo)
    {
        yield return Path.Combine(repo.CommonDir, "info", "attributes");
        if (repo.Config("core.attributesfile") is { } configured) yield return configured.Replace("~", Environment.GetEnvironmentVariable("HOME") ?? "~");
        var xdg = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") ?? Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? "/", ".config");
        yield return Path.Combine(xdg, "git", "attributes");
    }

    internal static bool AttributesConvert(CarryRepository repo, IndexEntry attributesFile) =>
        TextConverts(Encoding.UTF8.GetString(repo.Objects.ReadBlob(attributesFile.Id)));

    /// <summary>True if an attributes file sets anything that changes bytes on checkout.</summary>
    internal static bool TextConverts(string attributes)
    {
        foreach (var line in attributes.Split('\n'))
        {
            var words = line.Trim().Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length < 2 || words[0].StartsWith('#')) continue;
            foreach (var word in words.Skip(1))
            {
                if (word is "-text" or "-crlf" or "binary" or "-diff" or "-merge") continue;
                var name = word.TrimStart('-', '!').Split('=')[0];
                if (name is "text" or "eol" or "crlf" or "filter" or "ident" or "working-tree-encoding") return true;
            }
        }
        return false;
    }
}
