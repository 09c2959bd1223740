using System.Text.RegularExpressions;
using Carry.Git.Checkout;

namespace Carry.Git;

/// <summary>
/// The index and the files on disk. Carry writes them once per command: directly when the
/// case is simple (<see cref="Checkout.DirectCheckout"/>), else through git itself
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
    public static void Switch(CarryRepository repo, Oid from, Oid to, string action, string? indexFile = null)
    {
        if (from == to) return;
        LastDirect = Checkout.DirectCheckout.TrySwitch(repo, from, to, indexFile ?? Path.Combine(repo.GitDir, "index"), out LastDeclined);
        if (LastDirect) return;
        var env = IndexEnv(indexFile);
        var result = repo.Git.Run(["read-tree", "-m", "-u", from.Hex, to.Hex], env: env);
        if (result.Ok) return;
        // Stat data may be stale (files touched but unchanged): refresh once, as checkout does.
        repo.Git.Run(["update-index", "-q", "--refresh"], env: env);
        result = repo.Git.Run(["read-tree", "-m", "-u", from.Hex, to.Hex], env: env);
        if (result.Ok) return;
        var paths = BlockedPaths().Matches(result.Stderr).Select(m => m.Groups[1].Value).Distinct().ToList();
        if (paths.Count > 0) throw new LocalChangesException(paths, action);
        throw new CarryException($"could not update the working tree: {result.Stderr.Trim()}");
    }

    /// <summary>Diagnostics: whether the last switch on this thread was written directly.</summary>
    [ThreadStatic] public static bool LastDirect;

    /// <summary>Diagnostics: why the last switch on this thread was left to git, if it was.</summary>
    [ThreadStatic] public static string? LastDeclined;

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
        if (File.Exists(real)) File.Copy(real, copy, overwrite: true);
        else File.Delete(copy);
        var env = IndexEnv(copy);
        try
        {
            if (acceptConflicts) repo.Git.Check(["add", "-u"], env: env);
            var index = new Oid(repo.Git.Check(["write-tree"], env: env));
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

    /// <summary>
    /// Sets the index to a tree without touching files (like git reset --mixed). A one-tree
    /// merge (<c>--reset</c>), not a plain read: entries the tree does not change keep their
    /// stat data and their flags (skip-worktree, assume-unchanged), so a hidden local edit stays
    /// hidden and an absent sparse file is not seen as deleted; with sparse checkout on, git
    /// applies the patterns to new entries too.
    /// </summary>
    public static void SetIndex(CarryRepository repo, Oid tree) => repo.Git.Check(["read-tree", "--reset", tree.Hex]);

    /// <summary>Puts a temporary index in the real one's place.</summary>
    public static void ReplaceIndex(CarryRepository repo, string indexFile) =>
        File.Move(indexFile, Path.Combine(repo.GitDir, "index"), overwrite: true);

    /// <summary>
    /// Finishes an interrupted switch: every path that differs between the two trees gets its
    /// <paramref name="to"/> version in index and working tree. Those paths were verified free
    /// of local changes before the interrupted run wrote anything, so this loses nothing.
    /// </summary>
    public static void ForceSwitchPaths(CarryRepository repo, Oid from, Oid to, Oid toTreeish) =>
        Checkout.IndexFlags.Keep(repo, () => ForcePaths(repo, from, to, toTreeish));

    /// <summary>Runs an index write made with path-limited git commands (which drop the flags of the entries they rewrite), keeping every entry's skip-worktree and assume-unchanged flags.</summary>
    public static void KeepingIndexFlags(CarryRepository repo, Action write) => Checkout.IndexFlags.Keep(repo, write);

    private static void ForcePaths(CarryRepository repo, Oid from, Oid to, Oid toTreeish)
    {
        var changes = TreeOps.Diff(repo.Objects, from, to);
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

    private static Dictionary<string, string>? IndexEnv(string? indexFile) =>
        indexFile is null ? null : new() { ["GIT_INDEX_FILE"] = indexFile };
}
