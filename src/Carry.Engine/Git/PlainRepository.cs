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
    public string ShortStatus() => Diffs.ShortStatus(new GitCli(WorkDir));

    /// <summary>The plain repository containing <paramref name="path"/>, or null when it is not one this class reads.</summary>
    public static PlainRepository? Find(string path)
    {
        if (!FileStat.Available || CarryRepository.Discover(path) is not { } top) return null;
        var gitDir = Path.Combine(top, ".git");
        if (!Directory.Exists(gitDir) || File.Exists(Path.Combine(gitDir, "commondir")) || Directory.Exists(Path.Combine(gitDir, "reftable")))
            return null;
        // libgit2 refuses a repository another user owns (safe.directory): leave that verdict to it.
        var user = Libc.Geteuid();
        foreach (var dir in (string[])[top, gitDir])
            if (!FileStat.TryRead(System.Text.Encoding.UTF8.GetBytes(dir + "\0"), out var stat) || stat.Uid != user) return null;
        return new PlainRepository(top, gitDir);
    }

    /// <summary>The checked-out branch's short name; null on a detached HEAD or a name this reader does not take.</summary>
    public string? CurrentBranch()
    {
        const string prefix = "ref: refs/heads/";
        var head = ReadSmall(Path.Combine(GitDir, "HEAD"))?.TrimEnd('\n');
        if (head is null || !head.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var branch = head[prefix.Length..];
        return PlainName(branch) ? branch : null;
    }

    /// <summary>
    /// The commit a ref points to, from its loose file or else <c>packed-refs</c>; null when it is
    /// absent, symbolic, or not plainly readable (the usual open then reports it).
    /// </summary>
    public Oid? ReadRef(string name)
    {
        if (!PlainName(name)) return null;
        if (ReadSmall(Path.Combine(GitDir, name)) is { } loose)
            return loose.Length == 41 && loose[40] == '\n' && Oid.IsValid(loose[..40]) ? new Oid(loose[..40]) : null;
        var packed = Path.Combine(GitDir, "packed-refs");
        if (!File.Exists(packed)) return null;
        foreach (var line in File.ReadLines(packed))
            if (line.Length == 41 + name.Length && line[40] == ' ' && line.EndsWith(name, StringComparison.Ordinal) && Oid.IsValid(line[..40]))
                return new Oid(line[..40]);
        return null;
    }

    /// <summary>A ref or branch name made of plain parts only: no '..', no empty or dot-led part, no backslash or control character.</summary>
    private static bool PlainName(string name) =>
        name.Length > 0 && name.Split('/').All(part => part.Length > 0 && part[0] != '.' && !part.EndsWith(".lock", StringComparison.Ordinal))
        && !name.Contains("..", StringComparison.Ordinal) && name.All(ch => ch > ' ' && ch != '\\' && ch != 0x7f && ch != ':');

    /// <summary>A small file's text, or null when it is missing (or a folder).</summary>
    private static string? ReadSmall(string file)
    {
        try
        {
            return File.Exists(file) ? File.ReadAllText(file) : null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
