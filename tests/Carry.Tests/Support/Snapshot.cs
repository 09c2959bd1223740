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
        // %(HEAD) marks the branch HEAD is on, so one git call gives the branches, the tags and HEAD.
        var refs = repo.Git("for-each-ref", "--format=%(HEAD) %(refname) %(objectname)", "refs/heads", "refs/tags")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var index = repo.Git("ls-files", "-s");
        var files = string.Join('\n', Entries(repo.Dir, repo.Dir).Order(StringComparer.Ordinal));
        var current = refs.FirstOrDefault(r => r.StartsWith('*'))?[2..];
        // Not on a branch (detached or unborn): ask git as before, which fails the test as before.
        var head = current ?? repo.Git("symbolic-ref", "HEAD") + " " + repo.Git("rev-parse", "HEAD");
        return new Snapshot(head, string.Join('\n', refs.Select(r => r[2..])), index, files);
    }

    /// <summary>Every file as "path sha1" and every symbolic link as "path -> target" (never followed), .git left out.</summary>
    private static IEnumerable<string> Entries(string root, string dir)
    {
        foreach (var entry in new DirectoryInfo(dir).EnumerateFileSystemInfos())
        {
            var relative = Path.GetRelativePath(root, entry.FullName);
            if (relative == ".git") continue;
            if (entry.LinkTarget is { } target) yield return relative + " -> " + target;
            else if (entry is DirectoryInfo) foreach (var inner in Entries(root, entry.FullName)) yield return inner;
            else yield return relative + " " + Convert.ToHexString(System.Security.Cryptography.SHA1.HashData(File.ReadAllBytes(entry.FullName)));
        }
    }
}
