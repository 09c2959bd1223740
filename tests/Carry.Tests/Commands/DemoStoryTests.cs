using Carry.Tests.Support;

namespace Carry.Tests.Commands;

/// <summary>
/// Both tours as a user runs them (in CI: the installed NativeAOT binary, on a machine with only
/// git; otherwise in-process, like every story), then the sample each kept checked with git alone:
/// what a tour says it did must be true of the repository.
/// </summary>
[Trait(CarryProcess.Trait, "story")]
public sealed class DemoStoryTests
{
    /// <summary>Runs a tour with --keep; returns the clone it kept, and the sample's folder to delete.</summary>
    private static (string Clone, TempRepo Sample) Keep(params string[] tour)
    {
        var run = TempRepo.CarryAt(Path.GetTempPath(), ["demo", .. tour, "--keep"]);
        Assert.True(run.Exit == 0, run.ToString());
        var clone = run.Out.Split('\n').Single(l => l.StartsWith("The sample is yours", StringComparison.Ordinal)).Split("cd ")[1].Trim();
        return (clone, TempRepo.Adopt(Path.GetDirectoryName(clone)!));
    }

    [Fact]
    public void The_freelancers_tour_leaves_the_kit_on_the_new_upstream_and_the_merged_issue_retired()
    {
        var (clone, sample) = Keep();
        using var _ = sample;
        string Git(params string[] args) => TempRepo.GitIn(clone, args);
        Assert.Equal("", Git("status", "--porcelain"));
        Git("fsck", "--no-progress", "--strict");
        Git("merge-base", "--is-ancestor", "origin/main", "HEAD");
        // #42 is upstream (its Carry-Id trailer on origin/main) and retired with that evidence; no commit above carries it.
        var stack = Git("show", "refs/carry/main:stack").Split('\n');
        var retired = stack.Single(l => l.StartsWith("retired ", StringComparison.Ordinal));
        var id = retired.Split(' ').Single(w => w.StartsWith("id=", StringComparison.Ordinal))[3..];
        Assert.Contains("evidence=carry-id", retired);
        Assert.Contains(id, Git("log", "--format=%(trailers:key=Carry-Id,valueonly)", "-1", "origin/main"));
        Assert.DoesNotContain(id, Git("log", "--format=%(trailers:key=Carry-Id,valueonly)", "origin/main..HEAD"));
        Assert.Equal(stack.Count(l => l.StartsWith("applied ", StringComparison.Ordinal)), int.Parse(Git("rev-list", "--count", "origin/main..HEAD")));
        // The kit never left: no branch published to the fork holds a file the stack adds (only the kit adds files).
        var added = Git("diff", "--name-only", "--diff-filter=A", "origin/main", "HEAD").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(added);
        var fork = Path.Combine(sample.Dir, "fork.git");
        var published = TempRepo.GitIn(fork, "for-each-ref", "--format=%(refname)", "refs/heads").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(published);
        foreach (var branch in published)
            Assert.Empty(TempRepo.GitIn(fork, "ls-tree", "-r", "--name-only", branch).Split('\n').Intersect(added));
    }

    [Fact]
    public void The_fork_tour_leaves_the_series_on_the_release_with_the_landed_fix_gone_and_the_conflict_resolved_from_memory()
    {
        var (clone, sample) = Keep("fork");
        using var _ = sample;
        var root = sample.Dir;
        string Git(params string[] args) => TempRepo.GitIn(clone, args);
        Assert.Equal("", Git("status", "--porcelain"));
        Git("fsck", "--no-progress", "--strict");
        Assert.Equal(Git("rev-parse", "v1.1^{commit}"), Git("show", "refs/carry/acme:stack").Split('\n')[2].Split(' ')[1]);

        // The fix Acme sent landed: upstream's release has a commit with its patch-id (of the
        // original file, applied by git on 1.0), the branch none.
        var exported = Path.Combine(root, "acme-patches-1.1");
        var series = File.ReadAllLines(Path.Combine(exported, "series")).Where(l => l.Length > 0 && l[0] != '#').ToList();
        var check = Path.Combine(root, "check");
        Git("worktree", "add", "-q", "--detach", check, "v1.0");
        TempRepo.GitIn(check, "apply", "-p1", Path.Combine(root, "acme-patches", "fix-path-traversal.patch"));
        var fixId = Assert.Single(PatchIds(sample, clone, TempRepo.GitIn(check, "diff") + "\n"));
        Assert.Contains(fixId, PatchIds(sample, clone, Git("log", "-p", "v1.0..v1.1") + "\n"));
        Assert.DoesNotContain(fixId, PatchIds(sample, clone, Git("log", "-p", "v1.1..HEAD") + "\n"));
        Assert.DoesNotContain("fix-path-traversal.patch", series);

        // The exported series, applied by git onto the release, gives exactly the branch's tree.
        Assert.Equal(series.Count, int.Parse(Git("rev-list", "--count", "v1.1..HEAD")));
        TempRepo.GitIn(check, "checkout", "-q", "-f", "--detach", "v1.1");
        foreach (var patch in series) TempRepo.GitIn(check, "apply", "-p1", Path.Combine(exported, patch));
        TempRepo.GitIn(check, "add", "-A");
        Assert.Equal(Git("rev-parse", "HEAD^{tree}"), TempRepo.GitIn(check, "write-tree"));

        // The conflict met on the candidate was resolved once; the release's sync took that
        // resolution without a stop: no '--continue' after the undo, and the file is the recorded one.
        var states = Git("log", "--first-parent", "--format=%s", "refs/carry/acme").Split('\n');
        var sinceUndo = states.TakeWhile(s => s != "carry undo").ToList();
        Assert.Contains("carry sync --onto v1.1", sinceUndo);
        Assert.DoesNotContain(sinceUndo, s => s.StartsWith("carry sync --continue", StringComparison.Ordinal));
        Assert.Contains("carry sync --continue", states);
        var resolutions = Git("show", "refs/carry/acme:stack").Split('\n').Single(l => l.StartsWith("resolutions ", StringComparison.Ordinal)).Split(' ')[1];
        Assert.Contains(Git("rev-parse", "HEAD:src/config.h"), Git("ls-tree", "-r", resolutions));
        Assert.NotEqual(Git("rev-parse", "v1.1:src/config.h"), Git("rev-parse", "HEAD:src/config.h"));
    }

    /// <summary>git's stable patch-id of each diff in <paramref name="diffs"/> (a patch file, or 'git log -p' output).</summary>
    private static List<string> PatchIds(TempRepo sample, string clone, string diffs) =>
        [.. sample.GitWithInput(diffs, "-C", clone, "patch-id", "--stable").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0])];
}
