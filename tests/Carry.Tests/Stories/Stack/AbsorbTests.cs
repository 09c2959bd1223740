using System.Text.Json;
using Carry.Tests.Support;

namespace Carry.Tests.Stories.Stack;

/// <summary>carry absorb: hunks go to the patch that last changed their lines; the rest stays local.</summary>
public sealed class AbsorbTests
{
    /// <summary>shared.txt with lines 5 and 10 (patches 1 and 2) and line 100 (no patch) edited again.</summary>
    private static void EditThreeLines(TempRepo repo) =>
        repo.Write("shared.txt", TempRepo.SharedText(new Dictionary<int, string>
        {
            [5] = "line 5 changed by patch 1, fixed",
            [10] = "line 10 changed by patch 2, fixed",
            [100] = "line 100, a new change",
        }));

    [Fact]
    public void Hunks_go_to_the_patch_that_last_changed_their_lines()
    {
        using var repo = TempRepo.WithStack(3);
        EditThreeLines(repo);
        repo.Write("file-3.txt", "content of patch 3, fixed\n");
        repo.Write("untracked.txt", "new\n");
        var run = Invariants.RunAndCheckUndo(repo, "absorb");
        Assert.Contains("shared.txt:100-100 stays local", run.Out);
        Assert.Contains("'patch-number-1'", run.Out);
        Assert.Contains("line 5 changed by patch 1, fixed", repo.Git("show", "HEAD~2:shared.txt"));
        Assert.DoesNotContain("line 10 changed by patch 2, fixed", repo.Git("show", "HEAD~2:shared.txt"));
        Assert.Contains("line 10 changed by patch 2, fixed", repo.Git("diff", "HEAD~2", "HEAD~1"));
        Assert.Equal("content of patch 3, fixed", repo.Git("show", "HEAD:file-3.txt"));
        Assert.Equal(["+line 100, a new change"], repo.Git("diff", "-U0").Split('\n').Where(l => l.StartsWith('+') && !l.StartsWith("+++")));
        Assert.True(repo.Exists("untracked.txt"));
    }

    [Fact]
    public void Dry_run_and_json_change_nothing()
    {
        using var repo = TempRepo.WithStack(2);
        EditThreeLines(repo);
        var before = Snapshot.Take(repo);
        var state = repo.Git("rev-parse", "refs/carry/main");
        var run = repo.CarryOk("absorb", "--dry-run", "--json");
        var hunks = JsonDocument.Parse(run.Out).RootElement.GetProperty("hunks").EnumerateArray().ToList();
        Assert.Equal(["patch-number-1", "patch-number-2", null], hunks.Select(h => h.TryGetProperty("patch", out var p) ? p.GetString() : null));
        Assert.Equal(before, Snapshot.Take(repo));
        Assert.Equal(state, repo.Git("rev-parse", "refs/carry/main"));
    }

    [Fact]
    public void A_private_patch_gets_nothing_unless_asked()
    {
        using var repo = TempRepo.WithStack(2);
        repo.CarryOk("edit", "patch-number-1", "--layer", "private");
        EditThreeLines(repo);
        var run = repo.CarryOk("absorb");
        Assert.Contains("last changed by the private patch 'patch-number-1'", run.Out);
        Assert.DoesNotContain("fixed", repo.Git("show", "HEAD~1:shared.txt"));
        Assert.Contains("line 5 changed by patch 1, fixed", repo.Read("shared.txt"));
        var again = repo.CarryOk("absorb", "--into-private");
        Assert.Contains("went into 'patch-number-1'", again.Out);
        Assert.Contains("line 5 changed by patch 1, fixed", repo.Git("show", "HEAD~1:shared.txt"));
        Invariants.Check(repo);
    }

    [Fact]
    public void Nothing_to_absorb_is_refused()
    {
        using var repo = TempRepo.WithStack(1);
        Assert.Contains("no local changes to absorb", repo.CarryFails("absorb").Err);
        repo.CarryOk("pop");
        repo.Write("README.md", "changed\n");
        Assert.Contains("no patch applied", repo.CarryFails("absorb").Err);
    }
}
