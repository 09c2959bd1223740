namespace Carry.Tests.Support;

/// <summary>
/// Everything a user would notice about a repository besides carry's own ref: branch and
/// HEAD, the index (entries with modes and ids), and every file in the working tree. Two
/// equal snapshots mean "exactly as it was".
/// </summary>
public sealed record Snapshot(string Head, string Refs, string Index, string Files)
{
    public static Snapshot Take(TempRepo repo)
    {
        var refs = repo.Git("for-each-ref", "--format=%(refname) %(objectname)", "refs/heads", "refs/tags");
        var index = repo.Git("ls-files", "-s");
        var files = string.Join('\n', Directory.EnumerateFiles(repo.Dir, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + ".git" + Path.DirectorySeparatorChar))
            .Order(StringComparer.Ordinal)
            .Select(f => Path.GetRelativePath(repo.Dir, f) + " " + Convert.ToHexString(System.Security.Cryptography.SHA1.HashData(File.ReadAllBytes(f)))));
        return new Snapshot(repo.Git("symbolic-ref", "HEAD") + " " + repo.Git("rev-parse", "HEAD"), refs, index, files);
    }
}
