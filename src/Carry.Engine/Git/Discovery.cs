using System.Text;
using Carry.Git.Checkout;

namespace Carry.Git;

/// <summary>
/// Finds the repository a folder belongs to as git does (setup.c), so that carry, its libgit2
/// handle and every git it starts work on the one repository <c>git</c> itself would use there.
/// The plain case, no variable steering git, is a walk up from the folder (no process: it runs
/// before every command, <c>carry series</c> included); when <c>GIT_DIR</c>, <c>GIT_WORK_TREE</c>
/// or <c>GIT_CEILING_DIRECTORIES</c> is set, git itself is asked (<c>git rev-parse</c>), since its
/// rules for them (paths relative to the folder, <c>core.worktree</c>, <c>core.bare</c>, the
/// folder itself as the work tree of an explicit <c>GIT_DIR</c>) are its own to state.
/// </summary>
internal static class Discovery
{
    /// <summary>Where a repository was found.</summary>
    /// <param name="Path">What to open: the top of the work tree, or (asked of git) the git folder.</param>
    /// <param name="WorkTree">The work tree git named, which the opened repository must use; null when found by the walk (libgit2 reads it as git would).</param>
    internal sealed record Place(string Path, string? WorkTree);

    /// <summary>
    /// The variables that name the repository (git's <c>local_repo_env</c>, less configuration):
    /// a git started for a repository carry opened gets its own values instead, and a command
    /// started in another repository (carry test's worktrees, the demo's sample) gets none.
    /// </summary>
    internal static readonly string[] RepositoryVariables =
        ["GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES",
         "GIT_INDEX_FILE", "GIT_IMPLICIT_WORK_TREE", "GIT_PREFIX", "GIT_SHALLOW_FILE", "GIT_GRAFT_FILE"];

    /// <summary>True when the environment changes how git finds the repository (then <see cref="Walk"/> would not agree with git).</summary>
    internal static bool Steered =>
        Set("GIT_DIR") || Set("GIT_WORK_TREE") || Set("GIT_CEILING_DIRECTORIES");

    private static bool Set(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 };

    /// <summary>The repository of <paramref name="folder"/>; throws git's own error when there is none.</summary>
    public static Place Find(string folder)
    {
        if (Steered) return AskGit(folder);
        return new(Walk(folder, out var mountPoint) ?? throw NotARepository(mountPoint), null);
    }

    /// <summary>
    /// The top folder of the work tree containing <paramref name="folder"/>: the nearest enclosing
    /// folder with a .git folder or a .git file (linked work trees, submodules). Like git, it does
    /// not go up into another file system unless <c>GIT_DISCOVERY_ACROSS_FILESYSTEM</c> is true:
    /// then <paramref name="mountPoint"/> is where it stopped.
    /// </summary>
    public static string? Walk(string folder, out string? mountPoint)
    {
        mountPoint = null;
        var start = new DirectoryInfo(System.IO.Path.GetFullPath(folder));
        var oneFileSystem = !GitConfig.IsTrue(Environment.GetEnvironmentVariable("GIT_DISCOVERY_ACROSS_FILESYSTEM"));
        var device = oneFileSystem ? Device(start.FullName) : null;
        for (var dir = start; dir is not null; dir = dir.Parent)
        {
            var dotGit = System.IO.Path.Combine(dir.FullName, ".git");
            if (Directory.Exists(dotGit) || File.Exists(dotGit)) return dir.FullName;
            if (device is { } d && dir.Parent is { } parent && Device(parent.FullName) is { } p && p != d)
            {
                mountPoint = dir.FullName;
                return null;
            }
        }
        return null;
    }

    private static uint? Device(string path) =>
        FileStat.Available && FileStat.TryRead(Encoding.UTF8.GetBytes(path + "\0"), out var stat) ? stat.Dev : null;

    private static CarryException NotARepository(string? mountPoint) => mountPoint is null
        ? new("not a git repository (or any of the parent directories)", exitCode: 128)
        : new($"not a git repository (or any parent up to mount point {mountPoint})",
            "Stopping at filesystem boundary (GIT_DISCOVERY_ACROSS_FILESYSTEM not set).", exitCode: 128);

    /// <summary>Asks git, in the user's environment, which git folder and work tree it uses in <paramref name="folder"/>.</summary>
    private static Place AskGit(string folder)
    {
        var result = new GitCli(folder).Run(["rev-parse", "--absolute-git-dir", "--show-toplevel"]);
        if (!result.Ok)
        {
            // git's own words: "not a git repository: '/x'", "this operation must be run in a work tree".
            var said = result.Stderr.Trim().Split('\n')[^1];
            throw new CarryException(said.StartsWith("fatal: ", StringComparison.Ordinal) ? said["fatal: ".Length..] : said, exitCode: 128);
        }
        var lines = result.Stdout.TrimEnd('\n').Split('\n');
        if (lines.Length != 2) throw new CarryException("this operation must be run in a work tree", exitCode: 128);
        return new(lines[0], lines[1]);
    }
}
