using System.Diagnostics;
using System.Text;
using Carry.Tests.Support;

namespace Carry.Tests.Stories.Stack;

/// <summary>
/// Commits whose bytes are not UTF-8 text (a project with <c>i18n.commitEncoding=ISO-8859-1</c>,
/// an old commit with stray bytes): a patch carry rebuilds keeps its author and message bytes
/// and its <c>encoding</c> header, as git cherry-pick and rebase keep them.
/// </summary>
public sealed class CommitEncodingTests
{
    [Theory]
    [InlineData("move")]
    [InlineData("import branch")]
    public void A_rebuilt_latin1_patch_keeps_its_bytes_and_its_encoding_header(string how)
    {
        using var repo = TempRepo.WithBase();
        repo.Git("config", "i18n.commitEncoding", "ISO-8859-1");
        var original = LatinCommit(repo, "encoding ISO-8859-1\n");
        Assert.Equal("J\u00f6rg|ISO-8859-1|caf\u00e9 latin\n\nbody \u00e9", Shown(repo, original));

        if (how == "move")
        {
            repo.Git("reset", "-q", "--hard", original);
            repo.CarryOk("init", "--base", "base");
            AddOther(repo);
            repo.CarryOk("move", "other", "--bottom");
        }
        else
        {
            repo.Git("branch", "latin", original);
            repo.CarryOk("init", "--base", "base");
            AddOther(repo);
            repo.CarryOk("import", "branch", "base..latin");
        }

        var rebuilt = repo.Git("rev-parse", "HEAD");
        Assert.NotEqual(original, rebuilt);
        Assert.Equal("J\u00f6rg|ISO-8859-1|caf\u00e9 latin\n\nbody \u00e9", Shown(repo, rebuilt));
        Assert.Equal(AuthorAndMessage(repo, original), AuthorAndMessage(repo, rebuilt));
        Invariants.Check(repo);
    }

    [Fact]
    public void A_rebuilt_patch_with_bytes_that_are_not_utf8_keeps_them()
    {
        // No encoding header, a byte that is not UTF-8: git log prints it as it is, a rebase keeps it.
        using var repo = TempRepo.WithBase();
        var original = LatinCommit(repo, "");
        repo.Git("reset", "-q", "--hard", original);
        repo.CarryOk("init", "--base", "base");
        AddOther(repo);
        repo.CarryOk("move", "other", "--bottom");

        var rebuilt = repo.Git("rev-parse", "HEAD");
        Assert.NotEqual(original, rebuilt);
        Assert.Equal(AuthorAndMessage(repo, original), AuthorAndMessage(repo, rebuilt));
        Invariants.Check(repo);
    }

    /// <summary>A commit on "base" adding latin.txt, its author and message in Latin-1 bytes, written as is.</summary>
    private static string LatinCommit(TempRepo repo, string encodingHeader)
    {
        repo.Git("checkout", "-q", "--detach", "base");
        repo.Write("latin.txt", "latin\n");
        repo.Git("add", "latin.txt");
        var tree = repo.Git("write-tree");
        var body = $"tree {tree}\nparent {repo.Git("rev-parse", "base")}\n"
            + "author J\u00f6rg <j@example.com> 1700000000 +0100\ncommitter J\u00f6rg <j@example.com> 1700000000 +0100\n"
            + encodingHeader + "\ncaf\u00e9 latin\n\nbody \u00e9\n";
        var file = Path.Combine(repo.Dir, ".git", "latin-commit");
        File.WriteAllBytes(file, Encoding.Latin1.GetBytes(body));
        var id = repo.Git("hash-object", "-w", "-t", "commit", file);
        repo.Git("checkout", "-q", "main");
        return id;
    }

    private static void AddOther(TempRepo repo)
    {
        repo.CarryOk("new", "other");
        repo.Write("other.txt", "other\n");
        repo.Git("add", "other.txt");
        repo.CarryOk("refresh");
    }

    /// <summary>Author name, encoding and message as git log shows them in UTF-8 (git decodes by the encoding header).</summary>
    private static string Shown(TempRepo repo, string rev) =>
        repo.Git("log", "-1", "--encoding=UTF-8", "--format=%an|%e|%B", rev);

    /// <summary>The hash of the commit's bytes from the author line to the end, without the committer line: exact bytes, compared.</summary>
    private static string AuthorAndMessage(TempRepo repo, string rev)
    {
        var start = new ProcessStartInfo("sh", ["-c", $"git cat-file commit {rev} | sed -n '/^author /,$p' | grep -av '^committer ' | git hash-object --stdin"])
        { WorkingDirectory = repo.Dir, RedirectStandardOutput = true };
        using var p = Process.Start(start)!;
        var hash = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        return hash;
    }
}
