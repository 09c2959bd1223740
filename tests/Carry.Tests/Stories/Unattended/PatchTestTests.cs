using System.Text.Json;
using Carry.Tests.Support;

namespace Carry.Tests.Stories.Unattended;

/// <summary>
/// carry test runs a command on every applied patch's tree in temporary worktrees, caches
/// pass/fail by tree id in the stack (so rewording runs nothing again, and share push/pull carry
/// the cache), names the first failing patch and exits 3.
/// </summary>
[Trait(CarryProcess.Trait, "story")]
public sealed class PatchTestTests : IDisposable
{
    private readonly TempDir _logs = new("test-logs");

    /// <summary>A command that appends a line to a log outside the repository (so runs can be counted) and fails when shared.txt holds "BAD".</summary>
    private string[] Command() =>
        ["sh", "-c", $"echo ran >> '{Path.Combine(_logs.Path, "runs")}'; ! grep -q BAD shared.txt"];

    private int Runs() => File.Exists(Path.Combine(_logs.Path, "runs")) ? File.ReadAllLines(Path.Combine(_logs.Path, "runs")).Length : 0;

    public void Dispose() => _logs.Dispose();

    [Fact]
    public void A_reworded_patch_is_not_tested_again_and_a_failing_patch_is_named()
    {
        using var repo = TempRepo.WithStack(4);
        var first = repo.Carry(["test", "--jobs", "2", "--json", "--", .. Command()]);
        Assert.True(first.Exit == 0, first.ToString());
        Assert.Equal(4, Runs());
        Assert.Equal(4, JsonDocument.Parse(first.Out).RootElement.GetProperty("tests").GetProperty("ran").GetInt32());
        Assert.Equal("", repo.Git("worktree", "list", "--porcelain").Split('\n').Where(l => l.StartsWith("worktree ")).Skip(1).FirstOrDefault() ?? "");

        repo.CarryOk("edit", "patch-number-2", "-m", "A better message for patch 2");
        var second = repo.CarryOk(["test", "--", .. Command()]);
        Assert.Equal(4, Runs()); // 0 runs: every tree was tested already
        Assert.Contains("; ran 0, cached 4.", second.Out);

        repo.CarryOk("goto", "patch-number-2");
        UpstreamScenario.EditLines(repo, "shared.txt", (3, "BAD"));
        repo.Git("add", "-A");
        repo.CarryOk("refresh");
        repo.CarryOk("push", "--all");
        var failing = repo.Carry(["test", "--", .. Command()]);
        Assert.True(failing.Exit == 3, failing.ToString());
        Assert.Contains("error: patch 'patch-number-2' is the first that fails", failing.Err);
        Assert.Equal(4 + 3, Runs()); // patch 1's tree did not change
        Invariants.Check(repo);
    }

    [Fact]
    public void Results_survive_share_push_and_pull()
    {
        using var s = new UpstreamScenario();
        s.AddPatch("one", r => r.Write("one.txt", "1\n"));
        s.AddPatch("two", r => r.Write("two.txt", "2\n"));
        s.Fork.CarryOk(["test", "--", .. Command()]);
        Assert.Equal(2, Runs());
        s.Fork.CarryOk("share", "push", "origin");

        using var teammate = new TempRepo("teammate", s.Bare);
        teammate.CarryOk("share", "pull", "origin");
        var run = teammate.CarryOk(["test", "--json", "--", .. Command()]);
        Assert.Equal(2, Runs());
        Assert.All(JsonDocument.Parse(run.Out).RootElement.GetProperty("tests").GetProperty("patches").EnumerateArray(),
            p => Assert.True(p.GetProperty("cached").GetBoolean()));
    }

    [Fact]
    public void Sync_test_runs_after_the_sync_and_exits_3_on_a_failure()
    {
        using var s = new UpstreamScenario();
        s.AddPatch("mine", r => r.Write("mine.txt", "mine\n"));
        s.Upstream("Upstream breaks it", r => UpstreamScenario.EditLines(r, "shared.txt", (7, "BAD")));
        var run = s.Fork.Carry(["sync", "--fetch", "--test", "--format", "markdown", "--", .. Command()]);
        Assert.True(run.Exit == 3, run.ToString());
        Assert.Contains("| mine | **fail** (exit 1) |", run.Out);
        Assert.Contains("First failing patch: **mine**.", run.Out);
    }
}
