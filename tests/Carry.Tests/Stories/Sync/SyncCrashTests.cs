using Carry.Operations.Sync;
using Carry.Tests.Support;

namespace Carry.Tests.Stories.Sync;

/// <summary>A sync killed at any point leaves a state that --continue, --skip or --abort finishes.</summary>
[Trait("Speed", "Slow")]
public sealed class SyncCrashTests
{
    private const string Theirs = UpstreamScenario.UpstreamLine50;

    private static UpstreamScenario Conflicting()
    {
        var s = UpstreamScenario.Conflicting();
        s.Fork.Git("fetch", "-q");
        return s;
    }

    private static void Kill(TempRepo repo, string point, params string[] args)
    {
        var crashed = CarryProcess.Run(repo.Dir, new Dictionary<string, string> { ["CARRY_CRASH_AT"] = point }, args);
        Assert.Equal(137, crashed.Exit);
        Assert.Equal(0, TempRepo.RunGit(repo.Dir, "fsck", "--no-progress").Exit);
    }

    private static void ResolveByHand(TempRepo fork) => UpstreamScenario.Resolve(fork, "line 50, resolved after a crash");

    [Theory]
    [InlineData("before-worktree", "continue")]
    [InlineData("after-worktree", "continue")]
    [InlineData("before-worktree", "skip")]
    [InlineData("after-worktree", "skip")]
    [InlineData("before-worktree", "abort")]
    [InlineData("after-worktree", "abort")]
    public void A_sync_killed_while_stopping_is_finished_and_each_way_out_works(string point, string then)
    {
        using var s = Conflicting();
        var before = Snapshot.Take(s.Fork);
        Kill(s.Fork, point, "sync");

        // The next run finishes the interrupted one: the sync is stopped at the conflict.
        var status = s.Fork.Carry("push");
        Assert.Contains("was found and finished", status.Err);
        Assert.Contains("a sync is in progress", status.Err);
        Assert.Contains("<<<<<<< upstream", s.Fork.Read("shared.txt"));

        switch (then)
        {
            case "continue":
                ResolveByHand(s.Fork);
                s.Fork.CarryOk("sync", "--continue");
                Assert.Contains("resolved after a crash", s.Fork.Read("shared.txt"));
                Assert.Equal(3, s.Fork.Git("rev-list", "origin/main..HEAD").Split('\n').Length);
                break;
            case "skip":
                s.Fork.CarryOk("sync", "--skip");
                Assert.Contains(Theirs, s.Fork.Read("shared.txt"));
                Assert.Equal(2, s.Fork.Git("rev-list", "origin/main..HEAD").Split('\n').Length);
                break;
            default:
                s.Fork.CarryOk("sync", "--abort");
                Assert.Equal(before, Snapshot.Take(s.Fork));
                break;
        }
        Assert.DoesNotContain("<<<<<<<", s.Fork.Read("shared.txt"));
        Invariants.Check(s.Fork);
    }

    [Theory]
    [InlineData("before-worktree")]
    [InlineData("after-worktree")]
    public void A_continue_killed_midway_is_finished_by_the_next_run(string point)
    {
        using var s = Conflicting();
        Assert.Equal(2, s.Fork.Carry("sync").Exit);
        ResolveByHand(s.Fork);
        Kill(s.Fork, point, "sync", "--continue");
        var next = s.Fork.CarryOk("series");
        Assert.Contains("was found and finished", next.Err);
        Assert.Contains("resolved after a crash", s.Fork.Read("shared.txt"));
        Assert.Equal("", s.Fork.Git("status", "--porcelain", "--untracked-files=no"));
        Invariants.Check(s.Fork);
    }

    [Fact]
    public void A_refused_abort_changes_nothing()
    {
        using var s = Conflicting();
        Assert.Equal(2, s.Fork.Carry("sync").Exit);
        File.AppendAllText(Path.Combine(s.Fork.Dir, "shared.txt"), "half of a resolution\n");

        // Refused before writing: an untracked file is where the abort would write one.
        s.Fork.Write("above.txt", "mine, untracked\n");
        var before = Snapshot.Take(s.Fork);
        Assert.Contains("would be overwritten", s.Fork.CarryFails("sync", "--abort").Err);
        Assert.Equal(before, Snapshot.Take(s.Fork));
        File.Delete(Path.Combine(s.Fork.Dir, "above.txt"));

        // Refused after writing, because the branch moved meanwhile: everything is put back,
        // the half-resolved file and the index's conflict stages included.
        before = Snapshot.Take(s.Fork);
        var run = CarryProcess.RunPausedAt(s.Fork.Dir, "after-worktree",
            () => s.Fork.Git("commit", "-q", "--allow-empty", "-m", "made meanwhile"), "sync", "--abort");
        Assert.Equal(1, run.Exit);
        Assert.Contains("was moved while carry was working", run.Err);
        var after = Snapshot.Take(s.Fork);
        Assert.Equal(before.Files, after.Files);
        Assert.Equal(before.Index, after.Index);
        Assert.Contains("half of a resolution", s.Fork.Read("shared.txt"));
        Assert.Contains("a sync is in progress", s.Fork.Carry("series").Err + s.Fork.Carry("push").Err);
    }
}
