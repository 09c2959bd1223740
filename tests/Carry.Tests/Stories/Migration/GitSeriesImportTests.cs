using System.Text.Json;
using Carry.Tests.Support;

namespace Carry.Tests.Stories.Migration;

/// <summary>
/// A git-series series, imported. git-series is not packaged by Debian (and nothing but NuGet and
/// Debian is reachable here), so the repository is laid out with git plumbing exactly as
/// git-series' INTERNALS.md specifies its format, not made by the tool: refs/heads/git-series/NAME
/// points at a series commit whose tree holds gitlinks 'series' and 'base' and a blob 'cover', whose
/// parents are the previous series commit and then the gitlinked commits;
/// refs/git-series-internals/working/NAME holds the uncommitted state the same way.
/// </summary>
[Trait(CarryProcess.Trait, "story")]
public sealed class GitSeriesImportTests
{
    [Fact]
    public void Every_git_series_version_becomes_a_carry_version_and_the_newest_the_stack()
    {
        using var repo = TempRepo.WithBase(0);
        var @base = repo.Git("rev-parse", "base");
        var v1 = Line(repo, ("one.txt", "one\n", "Add feature one"), ("two.txt", "two\n", "Add feature two"));
        var v2 = Line(repo, ("one.txt", "one, reviewed\n", "Add feature one"), ("two.txt", "two\n", "Add feature two"), ("three.txt", "three\n", "Add feature three"));
        var working = Line(repo, ("one.txt", "one, reviewed\n", "Add feature one"), ("two.txt", "two\n", "Add feature two"),
            ("three.txt", "three\n", "Add feature three"), ("four.txt", "four\n", "Add feature four"));
        var first = SeriesCommit(repo, v1[^1], @base, null, "Initial version");
        var second = SeriesCommit(repo, v2[^1], @base, first, "v2: one reviewed, three added");
        repo.Git("update-ref", "refs/heads/git-series/feat", second);
        repo.Git("update-ref", "refs/git-series-internals/working/feat", SeriesCommit(repo, working[^1], @base, null, "working"));

        repo.Git("switch", "-q", "-c", "carried", "base");
        repo.CarryOk("init", "--base", "base");
        var run = repo.CarryOk("import", "git-series", "feat");
        Assert.Contains("Imported 4 patches from git-series", run.Out);
        Assert.Contains("note: versions: feat-v1 (2 patches), feat-v2 (3 patches), feat-working (4 patches); the cover letter is not imported", run.Out);
        var series = PatchToolImportTests.Series(repo);
        Assert.Equal(["add-feature-one", "add-feature-two", "add-feature-three", "add-feature-four"], series.Select(p => p.Name));
        for (var i = 0; i < working.Length; i++)
        {
            Assert.Equal(repo.Git("diff", $"{working[i]}^", working[i]), repo.Git("diff", $"{series[i].Commit}^", series[i].Commit));
            Assert.Equal(repo.Git("log", "-1", "--format=%B%n%an <%ae> %ad", working[i]), repo.Git("log", "-1", "--format=%B%n%an <%ae> %ad", series[i].Commit));
        }
        Assert.Equal(repo.Git("rev-parse", $"{working[^1]}^{{tree}}"), repo.Git("rev-parse", "HEAD^{tree}"));

        // Each version names a state with exactly that version's commits on its base.
        using var doc = JsonDocument.Parse(repo.CarryOk("versions", "--json").Out);
        var versions = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(["feat-v1", "feat-v2", "feat-working"], versions.Select(v => v.GetProperty("name").GetString()));
        foreach (var (version, commits) in versions.Zip([v1, v2, working]))
        {
            Assert.Equal(@base, version.GetProperty("base").GetProperty("commit").GetString());
            Assert.Equal(commits.Length, version.GetProperty("applied").GetInt32());
            var stack = repo.Git("show", $"{version.GetProperty("state").GetString()}:stack");
            Assert.All(commits, c => Assert.Contains(c, stack));
        }
        // range-diff pairs the same patch across versions: one changed, one equal, one new.
        var diff = repo.CarryOk("range-diff", "feat-v1", "feat-v2").Out;
        Assert.Matches(@"1:\s+\w+ ! 1:\s+\w+ add-feature-one", diff);
        Assert.Matches(@"2:\s+\w+ = 2:\s+\w+ add-feature-two", diff);
        Assert.Matches(@"-:\s+-+ > 3:\s+\w+ add-feature-three", diff);
        Assert.Equal("", repo.Git("fsck", "--no-dangling", "--no-progress"));
        Invariants.Check(repo);

        // One recorded command: undo takes the patches and the versions back.
        repo.CarryOk("undo");
        Assert.Empty(PatchToolImportTests.Series(repo));
        Assert.Equal("", repo.CarryOk("versions").Out);
        Assert.Equal(@base, repo.Git("rev-parse", "HEAD"));
    }

    [Fact]
    public void A_missing_series_or_one_without_a_base_is_refused()
    {
        using var repo = TempRepo.WithBase(0);
        var top = Line(repo, ("one.txt", "one\n", "Add feature one"));
        var tree = repo.GitWithInput($"160000 commit {top[^1]}\tseries\n", "mktree");
        repo.Git("update-ref", "refs/heads/git-series/nobase", repo.Git("commit-tree", tree, "-p", top[^1], "-m", "no base"));
        repo.Git("switch", "-q", "-c", "carried", "base");
        repo.CarryOk("init", "--base", "base");
        Assert.Contains("error: there is no git-series named 'nope'", repo.CarryFails("import", "git-series", "nope").Err);
        Assert.Contains("error: version 1 of git-series 'nobase' has no base", repo.CarryFails("import", "git-series", "nobase").Err);
        Assert.Contains("is not a valid git-series name", repo.CarryFails("import", "git-series", "a..b").Err);
        Assert.Empty(PatchToolImportTests.Series(repo));
    }

    /// <summary>A line of commits on 'base', one file each; their ids, bottom first.</summary>
    private static string[] Line(TempRepo repo, params (string File, string Content, string Subject)[] patches)
    {
        repo.Git("switch", "-q", "--detach", "base");
        var ids = new List<string>();
        foreach (var (file, content, subject) in patches)
        {
            repo.Write(file, content);
            ids.Add(repo.Commit(subject));
        }
        repo.Git("switch", "-q", "main");
        return [.. ids];
    }

    /// <summary>A git-series commit: gitlinks 'series' and 'base', a cover blob; parents: the previous one, then the gitlinks.</summary>
    private static string SeriesCommit(TempRepo repo, string series, string @base, string? previous, string message)
    {
        var cover = repo.GitWithInput("Cover letter\n\nAbout the series.\n", "hash-object", "-w", "--stdin");
        var tree = repo.GitWithInput($"160000 commit {@base}\tbase\n100644 blob {cover}\tcover\n160000 commit {series}\tseries\n", "mktree");
        string[] parents = previous is null ? ["-p", series, "-p", @base] : ["-p", previous, "-p", series, "-p", @base];
        return repo.Git(["commit-tree", tree, .. parents, "-m", message]);
    }
}
