using Carry.Tests.Support;

namespace Carry.Tests.Commands;

/// <summary>Whole-output snapshots of sync: a landing, a conflict stop and each way on from it, text and --json.</summary>
[Collection(FixedClockCollection.Name)]
public sealed class SyncOutputTests
{
    private static Transcript For(UpstreamScenario s) =>
        new Transcript().Name(s.Fork.Dir, "<fork>").Name(s.Maintainer.Dir, "<maintainer>").Name(s.Bare, "<upstream.git>");

    [Fact]
    public void A_sync_retires_a_landed_patch()
    {
        using var s = new UpstreamScenario();
        var picked = s.AddPatch("fix-typo", r => UpstreamScenario.EditLines(r, "shared.txt", (10, "line ten, typo fixed")));
        s.AddPatch("feature", r => r.Write("feature.txt", "a fork feature\n"));
        s.Upstream("unrelated upstream work", r => UpstreamScenario.EditLines(r, "other.txt", (100, "upstream changed this")));
        s.UpstreamCherryPick(picked);
        var t = For(s);
        t.Note("upstream cherry-picked fix-typo and pushed");
        t.Ok(s.Fork, "sync", "--fetch");
        t.Ok(s.Fork, "series");
        t.Ok(s.Fork, "undo");
        t.Ok(s.Fork, "sync", "--json");
        t.Match("A_sync_retires_a_landed_patch");
    }

    [Fact]
    public void A_sync_stops_at_a_conflict()
    {
        using var s = UpstreamScenario.Conflicting();
        var t = For(s);
        t.Note("upstream rewrote line 50, which patch 'clash' changes");
        t.Run(s.Fork, "sync", "--fetch");
        t.Ok(s.Fork, "status");
        t.Ok(s.Fork, "sync", "--abort");
        t.Run(s.Fork, "sync", "--json");
        t.Ok(s.Fork, "sync", "--skip", "--json");
        t.Ok(s.Fork, "undo");
        t.Run(s.Fork, "sync");
        UpstreamScenario.Resolve(s.Fork, "line 50, as both want it");
        t.Note("conflict in shared.txt resolved and added");
        t.Ok(s.Fork, "sync", "--continue");
        t.Ok(s.Fork, "series");
        t.Match("A_sync_stops_at_a_conflict");
    }

    [Fact]
    public void A_sync_carries_finished_commits_and_refuses_one_that_conflicts()
    {
        using var s = new UpstreamScenario();
        s.AddPatch("kept-fix", r => UpstreamScenario.EditLines(r, "shared.txt", (10, "line ten, fixed")));
        s.AddPatch("taken-fix", r => UpstreamScenario.EditLines(r, "shared.txt", (20, "line twenty, fixed")));
        s.AddPatch("feature", r => r.Write("feature.txt", "a fork feature\n"));
        var t = For(s);
        t.Ok(s.Fork, "finish", "-n", "2");
        s.UpstreamCherryPick(s.Fork.Git("rev-parse", "HEAD~1"));
        t.Note("upstream cherry-picked taken-fix and pushed");
        t.Ok(s.Fork, "sync", "--fetch");
        t.Ok(s.Fork, "undo");
        t.Ok(s.Fork, "sync", "--json");
        s.Upstream("upstream rewrites line 10", r => UpstreamScenario.EditLines(r, "shared.txt", (10, "line ten, upstream's way")));
        t.Note("upstream rewrote line 10, which the finished kept-fix changes");
        t.Fails(s.Fork, "sync", "--fetch");
        t.Match("A_sync_carries_finished_commits_and_refuses_one_that_conflicts");
    }
}
