using Carry.Tests.Support;

namespace Carry.Tests.Stories.Series;

/// <summary>
/// A sync stopped at a conflict lives in its author's working tree: its stack is not shared
/// half-done, and a teammate's pull of one (pushed by hand or by an older Carry) is refused with
/// an explanation, never a crash, and changes nothing.
/// </summary>
public sealed class ShareMidSyncTests
{
    [Fact]
    public void A_stack_stopped_in_a_sync_is_not_pushed_and_not_taken_until_the_sync_is_done()
    {
        using var s = new UpstreamScenario();
        s.AddPatch("below", r => r.Write("below.txt", "applies cleanly\n"));
        s.AddPatch("clash", r => UpstreamScenario.EditLines(r, "shared.txt", (50, UpstreamScenario.ForkLine50)));
        s.Fork.CarryOk("share", "push", "origin");
        using var mate = TempRepo.Adopt(Path.Combine(Path.GetTempPath(), "carry-mate-" + Guid.NewGuid().ToString("N")[..8]));
        TempRepo.GitIn(Path.GetTempPath(), "clone", "-q", s.Bare, mate.Dir);
        mate.CarryOk("share", "pull", "origin");
        s.Upstream("Upstream rewrites line 50", r => UpstreamScenario.EditLines(r, "shared.txt", (50, UpstreamScenario.UpstreamLine50)));
        Assert.Equal(2, s.Fork.Carry("sync", "--fetch").Exit);
        var shared = TempRepo.GitIn(s.Bare, "rev-parse", "refs/carry/main");

        var push = s.Fork.CarryFails("share", "push", "origin");
        Assert.Contains("a sync is in progress: it stopped at patch 'clash'", push.Err);
        Assert.Equal(shared, TempRepo.GitIn(s.Bare, "rev-parse", "refs/carry/main"));

        // Pushed anyway, by hand (or by a Carry that did not refuse): the teammate's pull refuses it whole.
        s.Fork.Git("push", "-q", "--no-verify", "--force", "origin", "refs/carry/main:refs/carry/main");
        var (mateStack, mateHead) = (mate.Git("rev-parse", "refs/carry/main"), mate.Git("rev-parse", "HEAD"));
        var pull = mate.Carry("share", "pull", "origin");
        Assert.Equal(1, pull.Exit);
        Assert.Contains("is in the middle of a sync, stopped at patch 'clash'; nothing was changed", pull.Err);
        Assert.DoesNotContain("unexpectedly", pull.Err);
        Assert.Equal((mateStack, mateHead), (mate.Git("rev-parse", "refs/carry/main"), mate.Git("rev-parse", "HEAD")));
        Assert.Equal("", mate.Git("status", "--porcelain"));

        // Our own stopped sync is not replaced by a pull either, even with its conflict resolved.
        UpstreamScenario.Resolve(s.Fork, "line 50, resolved");
        Assert.Contains("a sync is in progress: it stopped at patch 'clash'", s.Fork.CarryFails("share", "pull", "origin").Err);

        // Once the sync is done, the stack goes out and comes in as usual.
        s.Fork.CarryOk("sync", "--skip");
        s.Fork.CarryOk("share", "push", "origin");
        Assert.Contains("Fast-forwarded the stack", mate.CarryOk("share", "pull", "origin").Out);
        Assert.Equal(s.Fork.Git("rev-parse", "refs/carry/main"), mate.Git("rev-parse", "refs/carry/main"));
        Invariants.Check(mate);
    }
}
