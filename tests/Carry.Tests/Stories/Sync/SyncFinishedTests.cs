using Carry.Tests.Support;

namespace Carry.Tests.Stories.Sync;

/// <summary>
/// 'carry finish' makes bottom patches ordinary history of the branch; a sync onto a moved
/// upstream carries that history below the stack as 'git rebase' would, leaves out what upstream
/// took, and refuses (changing nothing) what it cannot carry without a stop.
/// </summary>
[Trait(CarryProcess.Trait, "story")]
public sealed class SyncFinishedTests
{
    private static UpstreamScenario Finished()
    {
        var s = new UpstreamScenario();
        s.AddPatch("finished-fix", r => UpstreamScenario.EditLines(r, "shared.txt", (10, "line 10, fixed for good")));
        s.AddPatch("feature", r => r.Write("feature.txt", "a feature\n"));
        s.Fork.CarryOk("finish", "finished-fix");
        return s;
    }

    [Fact]
    public void Finished_commits_are_carried_onto_the_new_upstream_and_undo_gives_the_old_branch_back()
    {
        using var s = Finished();
        var fork = s.Fork;
        var before = fork.Git("rev-parse", "HEAD");
        s.Upstream("Upstream edits other.txt", r => UpstreamScenario.EditLines(r, "other.txt", (3, "line 3, upstream's")));
        fork.Git("fetch", "-q");

        var run = Invariants.RunAndCheckUndo(fork, "sync");
        Assert.Contains("finished   ", run.Out);
        Assert.Contains("base history, carried onto origin/main", run.Out);
        // The finished commit sits between upstream and the stack, with its change; the stack is the feature alone.
        Assert.Equal(["feature: a change carried by the fork", "finished-fix: a change carried by the fork"],
            fork.Git("log", "--format=%s", "origin/main..HEAD").Split('\n'));
        Assert.Contains("+line 10, fixed for good", fork.Git("diff", "origin/main", "HEAD", "--", "shared.txt"));
        Assert.Equal(fork.Git("rev-parse", "HEAD~1"), fork.Git("show", "refs/carry/main:stack").Split('\n')[2].Split(' ')[1]);
        Assert.Equal(fork.Git("rev-parse", "origin/main"), fork.Git("rev-parse", "HEAD~2"));

        // Upstream moves again: the carried history is still known as finished, and carried again.
        s.Upstream("Upstream edits other.txt again", r => UpstreamScenario.EditLines(r, "other.txt", (30, "line 30, upstream's")));
        fork.Git("fetch", "-q");
        fork.CarryOk("sync");
        Assert.Contains("+line 10, fixed for good", fork.Git("diff", "origin/main", "HEAD", "--", "shared.txt"));
        Assert.Equal("2", fork.Git("rev-list", "--count", "origin/main..HEAD"));

        // Undo goes back through both syncs to the branch as finish left it.
        fork.CarryOk("undo");
        fork.CarryOk("undo");
        Assert.Equal(before, fork.Git("rev-parse", "HEAD"));
        Invariants.Check(fork);
    }

    [Fact]
    public void A_finished_commit_upstream_took_is_left_out()
    {
        using var s = Finished();
        var fork = s.Fork;
        var finished = fork.Git("rev-parse", "HEAD~1");
        var taken = s.UpstreamCherryPick(finished);
        fork.Git("fetch", "-q");

        var run = Invariants.RunAndCheckUndo(fork, "sync", "--json");
        Assert.Contains($"\"was\": \"{finished}\"", run.Out);
        Assert.Contains("\"now\": null", run.Out);
        Assert.Contains(taken, run.Out);
        // Only the feature is above upstream; the fix is upstream's own commit now.
        Assert.Equal(fork.Git("rev-parse", "origin/main"), fork.Git("rev-parse", "HEAD~1"));
        Assert.Contains("line 10, fixed for good", fork.Git("show", "HEAD:shared.txt"));
        Assert.DoesNotContain("finished-on", fork.Git("show", "refs/carry/main:stack"));
    }

    [Fact]
    public void A_finished_commit_that_conflicts_refuses_the_sync_and_uncommit_lets_it_stop_as_a_patch()
    {
        using var s = Finished();
        var fork = s.Fork;
        s.Upstream("Upstream rewrites line 10", r => UpstreamScenario.EditLines(r, "shared.txt", (10, "line 10, upstream's way")));
        fork.Git("fetch", "-q");
        var head = fork.Git("rev-parse", "HEAD");
        var state = fork.Git("rev-parse", "refs/carry/main");

        var refused = fork.CarryFails("sync");
        Assert.Contains($"error: cannot carry finished commit {fork.Git("rev-parse", "HEAD~1")[..7]}", refused.Err);
        Assert.Contains("'carry uncommit -n 1'", refused.Err);
        Assert.Equal(head, fork.Git("rev-parse", "HEAD"));
        Assert.Equal(state, fork.Git("rev-parse", "refs/carry/main"));
        Assert.Equal("", fork.Git("status", "--porcelain"));

        fork.CarryOk("uncommit", "-n", "1");
        var stop = fork.Carry("sync");
        Assert.Equal(2, stop.Exit);
        Assert.Matches("patch 'finished-fix[a-z-]*' does not apply", stop.Err);
    }
}
