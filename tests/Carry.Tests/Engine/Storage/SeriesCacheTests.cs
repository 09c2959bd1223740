using Carry.Storage;
using Carry.Tests.Support;

namespace Carry.Tests.Engine.Storage;

/// <summary>
/// <c>carry series</c> from its cache (no libgit2) says exactly what it says from the repository,
/// and uses the cache only for the stack ref value it was made from, in a plain repository the
/// user owns, with no journal waiting.
/// </summary>
[Collection(FixedClockCollection.Name)]
public sealed class SeriesCacheTests
{
    /// <summary>A stack with layers, guards, a status, a hidden patch and subjects that need escaping.</summary>
    private static TempRepo Stack()
    {
        var repo = TempRepo.WithStack(3);
        repo.CarryOk("new", "odd", "-m", "Subject with spaces, 100% odd: ü \u202e tab\there");
        repo.CarryOk("edit", "patch-number-1", "--layer", "private");
        repo.CarryOk("guard", "patch-number-2", "+x86");
        repo.CarryOk("propose", "patch-number-3", "--url", "https://example.com/mr/1");
        repo.CarryOk("pop");
        return repo;
    }

    private static string CacheFile(TempRepo repo) => Path.Combine(repo.Dir, ".git", SeriesCache.FileName);

    [Fact]
    public void Series_from_the_cache_says_what_series_from_the_repository_says()
    {
        using var repo = Stack();
        Assert.True(File.Exists(CacheFile(repo)), "the last command wrote the cache");
        string[][] lines = [["series"], ["series", "--all"], ["series", "--json"]];
        var cached = lines.Select(l => repo.CarryOk(l).Out).ToList();
        File.Delete(CacheFile(repo));
        var read = lines.Select(l => repo.CarryOk(l).Out).ToList();
        Assert.Equal(read, cached);
        Assert.Contains("odd", read[0]);
        Assert.True(File.Exists(CacheFile(repo)), "a series that found no cache writes it");
    }

    [Fact]
    public void Status_from_the_cache_says_what_status_from_the_repository_says()
    {
        using var repo = Stack();
        repo.Write("file-1.txt", "changed\n");
        repo.Write("new file.txt", "new\n");
        foreach (var outside in new[] { false, true })
        {
            if (outside) repo.Git("commit", "-qam", "made with plain git"); // the branch moves away from the stack's head
            repo.CarryOk("series"); // (re)writes the cache
            Assert.NotNull(Carry.Operations.Queries.StackStatus.TryReadCached(repo.Dir));
            var cached = new[] { repo.CarryOk("status").Out, repo.CarryOk("status", "--json").Out };
            File.Delete(CacheFile(repo));
            Assert.Null(Carry.Operations.Queries.StackStatus.TryReadCached(repo.Dir));
            var read = new[] { repo.CarryOk("status").Out, repo.CarryOk("status", "--json").Out };
            Assert.Equal(read, cached);
            Assert.Contains("new file.txt", read[0]);
            Assert.Equal(outside, read[0].Contains("changed outside carry", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_cache_is_what_series_shows_while_the_stack_ref_holds_its_value()
    {
        using var repo = Stack();
        File.WriteAllText(CacheFile(repo), File.ReadAllText(CacheFile(repo)).Replace("Patch%20number%202", "Cached%20subject"));
        Assert.Contains("Cached subject", repo.CarryOk("series").Out);

        // The ref moved by plain git: the entry is for another value, so the repository is read.
        var record = repo.Git("rev-parse", "refs/carry/main").Trim();
        repo.Git("update-ref", "refs/carry/main", record + "^", record);
        var after = repo.CarryOk("series").Out;
        Assert.DoesNotContain("Cached subject", after);
        Assert.Contains("Patch number 2", after);
        Assert.Contains($"ref refs/carry/main {repo.Git("rev-parse", "refs/carry/main").Trim()}", File.ReadAllText(CacheFile(repo)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("carry-series-cache 1\n")]
    [InlineData("not a cache at all\n\0\0")]
    [InlineData("cut")]
    [InlineData("cut among the subjects")]
    [InlineData("length")]
    public void A_damaged_cache_is_a_missed_one(string content)
    {
        using var repo = Stack();
        var good = File.ReadAllText(CacheFile(repo));
        var expected = repo.CarryOk("series", "--json").Out;
        File.WriteAllText(CacheFile(repo), content switch
        {
            "cut" => good[..(good.Length - 10)],
            "cut among the subjects" => good[..good.IndexOf('\n', good.IndexOf("\nsubject ", StringComparison.Ordinal) + 1)], // after a whole line, before its newline
            "length" => good.Replace("\nstack ", "\nstack 1"),
            _ => content,
        });
        Assert.Equal(expected, repo.CarryOk("series", "--json").Out);
        Assert.Equal(good, File.ReadAllText(CacheFile(repo)));
    }

    [Fact]
    public void The_cache_is_not_read_while_a_journal_waits_nor_in_a_linked_work_tree()
    {
        using var repo = Stack();
        var real = repo.CarryOk("series").Out;
        File.WriteAllText(CacheFile(repo), File.ReadAllText(CacheFile(repo)).Replace("Patch%20number%202", "Cached%20subject"));
        Assert.NotNull(SeriesCache.TryRead(repo.Dir));

        File.WriteAllText(Path.Combine(repo.Dir, ".git", "carry-journal"), "");
        Assert.Null(SeriesCache.TryRead(repo.Dir));
        File.Delete(Path.Combine(repo.Dir, ".git", "carry-journal"));

        var linked = repo.Dir + "-linked";
        repo.Git("worktree", "add", "-q", "-b", "other", linked, "main");
        try
        {
            var linkedCache = Path.Combine(repo.Dir, ".git", "worktrees", Path.GetFileName(linked), SeriesCache.FileName);
            Assert.Equal(0, TempRepo.CarryAt(linked, "init", "--base", "base").Exit);
            var series = TempRepo.CarryAt(linked, "series");
            Assert.True(series.Out.Contains("Patch number 1", StringComparison.Ordinal), series.ToString());
            Assert.False(File.Exists(linkedCache), "no cache is written where it is never read");
            File.Copy(CacheFile(repo), linkedCache);
            Assert.Null(SeriesCache.TryRead(linked));
        }
        finally
        {
            TempRepo.DeleteFolder(linked);
        }

        repo.Git("checkout", "-q", "--detach");
        Assert.Null(SeriesCache.TryRead(repo.Dir));
        Assert.Contains("HEAD is detached", repo.CarryFails("series").Err);
        repo.Git("checkout", "-q", "main");
        Assert.NotEqual(real, repo.CarryOk("series").Out); // the cached entry again
    }

    /// <summary>A link left at the cache's name is replaced, never written through.</summary>
    [Fact]
    public void The_cache_is_never_written_through_a_link()
    {
        using var repo = Stack();
        using var outside = new TempDir("cache-link");
        var target = Path.Combine(outside.Path, "target");
        File.WriteAllText(target, "keep\n");
        var expected = repo.CarryOk("series").Out;
        File.Delete(CacheFile(repo));
        File.CreateSymbolicLink(CacheFile(repo), target);
        Assert.Equal(expected, repo.CarryOk("series").Out); // not a cache: the repository is read, and the cache written
        Assert.Equal("keep\n", File.ReadAllText(target));
        Assert.Null(new FileInfo(CacheFile(repo)).LinkTarget);
        Assert.NotNull(SeriesCache.TryRead(repo.Dir));
        Assert.DoesNotContain(Directory.GetFiles(Path.Combine(repo.Dir, ".git")), f => Path.GetFileName(f).StartsWith(SeriesCache.FileName + ".", StringComparison.Ordinal));
    }

    /// <summary>libgit2 refuses a repository another user owns; the cache must not answer for it.</summary>
    [SkippableFact]
    public void A_repository_another_user_owns_is_left_to_libgit2()
    {
        Skip.If(Carry.Git.Libc.Geteuid() != 0, "needs root, to give the repository to another user (CI runs as root)");
        using var repo = Stack();
        Assert.NotNull(SeriesCache.TryRead(repo.Dir));
        var chown = System.Diagnostics.Process.Start("chown", ["-R", "12345", repo.Dir])!;
        chown.WaitForExit();
        Assert.Equal(0, chown.ExitCode);
        Assert.Null(SeriesCache.TryRead(repo.Dir));
        Assert.Equal(repo.CarryFails("status").Err, repo.CarryFails("series").Err);
    }
}
