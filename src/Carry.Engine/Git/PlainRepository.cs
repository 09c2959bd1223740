using Carry.Git.Checkout;

namespace Carry.Git;

/// <summary>
/// A repository read without loading libgit2, for the commands that only look (<c>carry series</c>,
/// <c>carry status</c>):
/// the native library's start costs more than such a command's whole work (about 4 ms, most of it
/// loading OpenSSL for a SHA-256 nobody here uses). Only the plain case is handled, the same
/// repository <see cref="CarryRepository.Open"/> would find: a <c>.git</c> folder (no linked work
/// tree, no reftable), owned by the user running carry as libgit2 requires, on Linux where that
/// owner can be read. Anything else is null, and the caller opens the repository the usual way,
/// which gives the usual answer or error.
/// </summary>
public sealed class PlainRepository
{
    private PlainRepository(string workDir, string gitDir) => (WorkDir, GitDir) = (workDir, gitDir);

    /// <summary>The top folder of the work tree.</summary>
    public string WorkDir { get; }

    /// <summary>The <c>.git</c> folder (also where shared refs live: there is no separate common folder).</summary>
    public string GitDir { get; }

    /// <summary>The work tree's changes, as <see cref="Diffs.ShortStatus(CarryRepository)"/> lists them.</summary>
    public string ShortStatus() => Diffs.ShortStatus(new GitCli(WorkDir, GitDir));

    /// <summary>The work tree's changes with their real paths, as <see cref="Diffs.PorcelainStatus(CarryRepository)"/> gives them.</summary>
    public IReadOnlyList<LocalChange> PorcelainStatus() => Diffs.PorcelainStatus(new GitCli(WorkDir));

    /// <summary>The plain repository containing <paramref name="path"/>, or null when it is not one this class reads.</summary>
    public static PlainRepository? Find(string path)
    {
        // A repository the environment names is found by asking git: the usual open does that.
        if (!FileStat.Available || Discovery.Steered || Discovery.Walk(path, out _) is not { } top) return null;
        var gitDir = Path.Combine(top, ".git");
        if (!Directory.Exists(gitDir) || !PlainGitDir(gitDir)) return null;
        // libgit2 refuses a repository another user owns (safe.directory): leave that verdict to it.
        var user = Libc.Geteuid();
        foreach (var dir in (string[])[top, gitDir])
            if (!FileStat.TryRead(System.Text.Encoding.UTF8.GetBytes(dir + "\0"), out var stat) || stat.Uid != user) return null;
        return new PlainRepository(top, gitDir);
    }

    /// <summary>
    /// Whether <see cref="Find"/> can find <paramref name="repo"/> (ownership aside): what is kept
    /// only for this reader (<see cref="Storage.SeriesCache"/>) is not written where it cannot be read.
    /// </summary>
    public static bool CanRead(CarryRepository repo) => FileStat.Available && PlainGitDir(repo.GitDir);

    /// <summary>A git folder that is not a linked work tree's and keeps its refs as files.</summary>
    private static bool PlainGitDir(string gitDir) =>
        !File.Exists(Path.Combine(gitDir, "commondir")) && !Directory.Exists(Path.Combine(gitDir, "reftable"));

    /// <summary>The checked-out branch's short name; null on a detached HEAD or a HEAD or name <see cref="RefFiles"/> does not read.</summary>
    public string? CurrentBranch()
    {
        const string heads = "refs/heads/";
        return RefFiles.TryReadHead(GitDir, out var target) && target is not null && target.StartsWith(heads, StringComparison.Ordinal)
            && RefFiles.PlainName(target) ? target[heads.Length..] : null;
    }

    /// <summary>
    /// The commit a ref points to, from its loose file or else <c>packed-refs</c>; null when it is
    /// absent, symbolic, or not plainly readable (the usual open then reports it).
    /// </summary>
    public Oid? ReadRef(string name)
    {
        if (!RefFiles.PlainName(name) || !RefFiles.TryReadLoose(Path.Combine(GitDir, name), out var loose, out var exists)) return null;
        if (exists) return loose;
        var packed = Path.Combine(GitDir, "packed-refs");
        if (!File.Exists(packed)) return null;
        foreach (var line in File.ReadLines(packed))
            if (line.Length == 41 + name.Length && line[40] == ' ' && line.EndsWith(name, StringComparison.Ordinal) && Oid.IsValid(line[..40]))
                return new Oid(line[..40]);
        return null;
    }
}
