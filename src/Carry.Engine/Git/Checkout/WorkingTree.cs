using System.Text.RegularExpressions;

namespace Carry.Git.Checkout;

/// <summary>
/// The index and the files on disk: the one place that writes them (every other folder asks
/// here), so path checks and index-flag preservation have one choke point. Carry writes them
/// once per command: directly when the case is simple (<see cref="DirectCheckout"/>), else
/// through git itself
/// (<c>read-tree -m -u</c>, the two-tree merge behind <c>git checkout</c>). Either way only
/// paths that differ between the two trees are touched, and local changes in the way make it
/// refuse, exactly as checkout does, before any file is written.
/// </summary>
public static partial class WorkingTree
{
    /// <summary>
    /// Moves index and files from <paramref name="from"/> to <paramref name="to"/>. With
    /// <paramref name="indexFile"/>, a temporary index stands in for the real one.
    /// </summary>
    /// <remarks>With <paramref name="unmerged"/>, those paths are marked unmerged as well (see <see cref="MarkConflicts"/>), in the same index write when the direct checkout does the work (<see cref="CheckoutWay.MarkedConflicts"/>).
    /// A caller that has the two trees' diff (<see cref="TreeCheck.Require"/> returns it) passes it as <paramref name="changes"/>.</remarks>
    /// <returns>How it was done, or null when the trees are equal (nothing to write).</returns>
    public static CheckoutWay? Switch(CarryRepository repo, Oid from, Oid to, string action, string? indexFile = null, IReadOnlyCollection<UnmergedPath>? unmerged = null,
        IReadOnlyList<PathChange>? changes = null)
    {
        if (from == to) return null;
        if (DirectCheckout.TrySwitch(repo, from, to, indexFile ?? Path.Combine(repo.GitDir, "index"), out var declined, unmerged, out var marked, changes))
            return new CheckoutWay(Direct: true, null, marked);
        var way = new CheckoutWay(Direct: false, declined);
        // git's read-tree checks paths too, but without core.protectHFS on Linux: the one rule first.
        TreeCheck.Require(repo.Objects, from, to, "to check out this tree");
        var env = IndexEnv(indexFile);
        var result = repo.Git.Run(["read-tree", "-m", "-u", from.Hex, to.Hex], env: env);
        if (result.Ok) return way;
        // Stat data may be stale (files touched but unchanged): refresh once, as checkout does.
        repo.Git.Run(["update-index", "-q", "--refresh"], env: env);
        result = repo.Git.Run(["read-tree", "-m", "-u", from.Hex, to.Hex], env: env);
        if (result.Ok) return way;
        var paths = BlockedPaths().Matches(result.Stderr).Select(m => m.Groups[1].Value).Distinct().ToList();
        if (paths.Count > 0) throw new LocalChangesException(paths, action);
        throw new CarryException($"could not update the working tree: {result.Stderr.Trim()}");
    }

    [GeneratedRegex(@"(?:Entry|file) '([^']+)' (?:not uptodate|would be overwritten)")]
    private static partial Regex BlockedPaths();

    /// <summary>
    /// The tree of the index plus tracked files' changes on disk (what <c>git commit -a</c>
    /// would record), or of the index alone. Built in a copy of the index, so the real one is
    /// untouched until the command succeeds; the caller moves the copy into place or deletes it.
    /// </summary>
    /// <remarks>With <paramref name="acceptConflicts"/>, unmerged paths count as their working-tree content (as <c>git add</c> would take them).</remarks>
    public static (Oid Tree, Oid Index, string IndexFile) Snapshot(CarryRepository repo, bool indexOnly, IReadOnlyList<string> paths, bool acceptConflicts = false)
    {
        var real = Path.Combine(repo.GitDir, "index");
        var copy = Path.Combine(repo.GitDir, $"carry-index-{Environment.ProcessId}");
        var written = File.Exists(real) ? File.GetLastWriteTimeUtc(real) : DateTime.UtcNow;
        if (File.Exists(real)) File.Copy(real, copy, overwrite: true);
        else File.Delete(copy);
        var env = IndexEnv(copy);
        try
        {
            if (paths.Count == 0 && !DirectCheckout.ForcedToGit
                && IndexSnapshot.TryTake(repo, copy, written, indexOnly, acceptConflicts, out _) is { } done)
                return (done.Tree, done.Index, copy);
            if (acceptConflicts) repo.Git.Check(["add", "-u"], env: env);
            var index = new Oid(repo.Git.Check(["write-tree"], env: env));
            // After 'add -u' the index already holds every tracked file's content: a second pass would find nothing.
            if (acceptConflicts && !indexOnly && paths.Count == 0) return (index, index, copy);
            if (!indexOnly)
            {
                var add = paths.Count > 0 ? (string[])["add", "-A", "--", .. paths] : ["add", "-u"];
                var result = repo.Git.Run(add, env: env);
                if (!result.Ok) throw new CarryException(result.Stderr.Trim().Replace("fatal: ", ""));
            }
            var tree = indexOnly ? index : new Oid(repo.Git.Check(["write-tree"], env: env));
            return (tree, index, copy);
        }
        catch
        {
            File.Delete(copy);
            throw;
        }
    }

    /// <summary>Sets the index to a tree without touching files (like git reset --mixed).</summary>
    /// <remarks>
    /// A one-tree merge (<c>--reset</c>), not a plain read: entries the tree does not change keep
    /// their stat data and their flags (skip-worktree, assume-unchanged), so a hidden local edit
    /// stays hidden and an absent sparse file is not seen as deleted; with sparse checkout on, git
    /// applies the patterns to new entries too.
    /// </remarks>
    public static void SetIndex(CarryRepository repo, Oid tree) => repo.Git.Check(["read-tree", "--reset", tree.Hex]);

    /// <summary>Puts a temporary index in the real one's place.</summary>
    public static void ReplaceIndex(CarryRepository repo, string indexFile) =>
        File.Move(indexFile, Path.Combine(repo.GitDir, "index"), overwrite: true);

    /// <summary>
    /// Finishes an interrupted switch: every path that differs between the two trees gets its
    /// <paramref name="to"/> version in index and working tree. Those paths were verified free
    /// of local changes before the interrupted run wrote anything, so this loses nothing.
    /// </summary>
    /// <remarks>With <paramref name="only"/>, just those of the paths.</remarks>
    public static void ForceSwitchPaths(CarryRepository repo, Oid from, Oid to, Oid toTreeish, IReadOnlyCollection<string>? only = null) =>
        IndexFlags.Keep(repo, () => ForcePaths(repo, from, to, toTreeish, only));

    private static void ForcePaths(CarryRepository repo, Oid from, Oid to, Oid toTreeish, IReadOnlyCollection<string>? only)
    {
        TreeCheck.Require(repo.Objects, from, to, "to finish the interrupted command");
        var changes = TreeOps.Diff(repo.Objects, from, to);
        if (only is not null)
        {
            var wanted = only.ToHashSet(StringComparer.Ordinal);
            changes = [.. changes.Where(c => wanted.Contains(RawPath.ToText(c.Path)))];
        }
        var present = changes.Where(c => c.New is not null).Select(c => RawPath.ToText(c.Path)).ToList();
        var gone = changes.Where(c => c.New is null).Select(c => RawPath.ToText(c.Path)).ToList();
        if (gone.Count > 0)
        {
            repo.Git.Run(["rm", "-q", "--cached", "--ignore-unmatch", "--pathspec-from-file=-", "--pathspec-file-nul"],
                string.Join('\0', gone));
            foreach (var path in gone)
            {
                var full = Path.Combine(repo.WorkDir, path);
                if (File.Exists(full)) File.Delete(full);
            }
        }
        if (present.Count > 0)
            repo.Git.Check(["checkout", toTreeish.Hex, "--pathspec-from-file=-", "--pathspec-file-nul"],
                string.Join('\0', present));
    }

    /// <summary>Resets the index entries of <paramref name="paths"/> to their <paramref name="tree"/> versions; files on disk are untouched.</summary>
    public static void ResetPaths(CarryRepository repo, Oid tree, IReadOnlyCollection<string> paths)
    {
        if (paths.Count == 0) return;
        // A path-limited reset drops the flags of the entries it rewrites: they are put back.
        IndexFlags.Keep(repo, () => repo.Git.Run(["reset", "-q", tree.Hex, "--pathspec-from-file=-", "--pathspec-file-nul"], string.Join('\0', paths)));
    }

    /// <summary>Marks paths unmerged in the index (stages 1–3), as git does after a conflicted merge, so status and mergetool see them.</summary>
    public static void MarkConflicts(CarryRepository repo, IEnumerable<UnmergedPath> paths)
    {
        if (!DirectCheckout.ForcedToGit && IndexStages.TryMark(repo, paths)) return;
        var sb = new System.Text.StringBuilder();
        foreach (var f in paths)
        {
            sb.Append("0 0000000000000000000000000000000000000000\t").Append(f.Path).Append('\0');
            foreach (var (stage, side) in new[] { (1, f.Base), (2, f.Ours), (3, f.Theirs) })
                if (side is { } e) sb.Append($"{Convert.ToString(e.Mode, 8)} {e.Id.Hex} {stage}\t").Append(f.Path).Append('\0');
        }
        repo.Git.Check(["update-index", "-z", "--index-info"], sb.ToString());
    }

    /// <summary>
    /// True when tracked files or the index differ from HEAD. The index's stat data is
    /// refreshed first (plumbing trusts it), so a touched but unchanged file is not a change.
    /// </summary>
    public static bool HasLocalChanges(CarryRepository repo)
    {
        repo.Git.Run(["update-index", "-q", "--refresh"]);
        return repo.Git.Run(["diff-index", "--quiet", "HEAD", "--"]).ExitCode != 0;
    }

    /// <summary>Checks out another branch as <c>git switch</c> does (refusing over local changes that clash); git's message on failure.</summary>
    public static GitResult SwitchBranch(CarryRepository repo, string branch) => repo.Git.Run(["switch", "--quiet", branch]);

    /// <summary>
    /// A copy of the index (null when there is none), taken before a command replaces it
    /// wholesale, so a refused ref update can put it back exactly.
    /// </summary>
    public static string? BackupIndex(CarryRepository repo)
    {
        var real = Path.Combine(repo.GitDir, "index");
        if (!File.Exists(real)) return null;
        var copy = Path.Combine(repo.GitDir, $"carry-index-{Environment.ProcessId}-backup");
        File.Copy(real, copy, overwrite: true);
        return copy;
    }

    /// <summary>Puts a copy made by <see cref="BackupIndex"/> back in place of the index.</summary>
    public static void RestoreIndex(CarryRepository repo, string backup) =>
        File.Move(backup, Path.Combine(repo.GitDir, "index"), overwrite: true);

    /// <summary>
    /// Paths that differ between <paramref name="from"/> and <paramref name="to"/> whose file
    /// holds neither version: changes that a switch between them must not overwrite. A missing
    /// file counts as either (deleted, or not written yet). Content is hashed by git, with the
    /// same filters as <c>git add</c>.
    /// </summary>
    public static List<string> ForeignPaths(CarryRepository repo, Oid from, Oid to)
    {
        var foreign = new List<string>();
        var files = new List<(string Path, PathChange Change)>();
        foreach (var change in TreeOps.Diff(repo.Objects, from, to))
        {
            var path = RawPath.ToText(change.Path);
            var full = Path.Combine(repo.WorkDir, path);
            var info = new FileInfo(full);
            if (!info.Exists) continue;
            if (info.LinkTarget is { } target)
            {
                var id = ObjectFormat.Hash(NativeGit.ObjBlob, System.Text.Encoding.UTF8.GetBytes(target));
                if (id != change.Old?.Id && id != change.New?.Id) foreign.Add(path);
            }
            else files.Add((path, change));
        }
        if (files.Count == 0) return foreign;
        var ids = repo.Git.Check(["hash-object", "--stdin-paths"], string.Join('\n', files.Select(f => f.Path)) + "\n")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < files.Count; i++)
        {
            var (path, change) = files[i];
            if (i >= ids.Length || (ids[i] != change.Old?.Id.Hex && ids[i] != change.New?.Id.Hex)) foreign.Add(path);
        }
        return foreign;
    }

    /// <summary>
    /// The paths (as text) of <paramref name="changes"/> whose index entry is the new side's, or
    /// absent where the new side has none: the entries a switch to the new side stages. An entry
    /// staged otherwise (by the user, since) is not among them.
    /// </summary>
    public static List<string> StagedAsNew(CarryRepository repo, IEnumerable<PathChange> changes)
    {
        var wanted = changes.GroupBy(c => RawPath.ToText(c.Path)).ToList();
        if (wanted.Count == 0) return [];
        var staged = new Dictionary<string, (int Mode, string Id)>(StringComparer.Ordinal);
        foreach (var line in repo.Git.Check(["ls-files", "-z", "--stage"]).Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            // "<mode> <id> <stage>\t<path>"; an unmerged path is nobody's switch: it stays.
            var tab = line.IndexOf('\t');
            var fields = line[..tab].Split(' ');
            staged[line[(tab + 1)..]] = fields[2] == "0" ? (Convert.ToInt32(fields[0], 8), fields[1]) : (-1, "");
        }
        return wanted.Where(g => g.Any(c => staged.TryGetValue(g.Key, out var e)
                ? c.New is { } n && e.Mode == n.Mode && e.Id == n.Id.Hex
                : c.New is null))
            .Select(g => g.Key).ToList();
    }

    /// <summary>
    /// Clears an <c>index.lock</c> left by an interrupted carry (called only with its journal in
    /// hand and carry's lock held, so no carry is writing this index). A git process the
    /// interrupted carry started may still be finishing, and removes its lock itself: that is
    /// waited for first; a lock still there afterwards belongs to no living writer.
    /// </summary>
    public static void TakeOverIndexLock(CarryRepository repo, TimeSpan wait)
    {
        var lockPath = Path.Combine(repo.GitDir, "index.lock");
        var deadline = DateTime.UtcNow + wait;
        while (File.Exists(lockPath) && DateTime.UtcNow < deadline && !OwnedByDeadCarry(lockPath)) Thread.Sleep(20);
        if (File.Exists(lockPath)) File.Delete(lockPath);
    }

    /// <summary>True when the lock was taken by carry's own checkout writer, in a process that is gone.</summary>
    private static bool OwnedByDeadCarry(string lockPath) => Processes.LockOfGoneProcess(lockPath, DirectCheckout.LockOwnerPrefix);

    private static Dictionary<string, string>? IndexEnv(string? indexFile) =>
        indexFile is null ? null : new() { ["GIT_INDEX_FILE"] = indexFile };
}

/// <summary>An unmerged path for <see cref="WorkingTree.MarkConflicts"/>: its three versions (null where a side lacks it).</summary>
/// <param name="Path">The path, as text.</param>
/// <param name="Base">The common ancestor's version (stage 1).</param>
/// <param name="Ours">Our version (stage 2).</param>
/// <param name="Theirs">Their version (stage 3).</param>
public sealed record UnmergedPath(string Path, TreeEntry? Base, TreeEntry? Ours, TreeEntry? Theirs);

/// <summary>How <see cref="WorkingTree.Switch"/> wrote the working tree.</summary>
/// <param name="Direct">True when Carry wrote the files itself; false when it left the work to <c>git read-tree -m -u</c>.</param>
/// <param name="Declined">Why the direct way was declined, when it was.</param>
/// <param name="MarkedConflicts">True when the paths to mark unmerged were marked in the same index write.</param>
public sealed record CheckoutWay(bool Direct, string? Declined, bool MarkedConflicts = false);
