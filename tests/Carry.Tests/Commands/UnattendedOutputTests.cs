using Carry.Tests.Support;

namespace Carry.Tests.Commands;

/// <summary>Whole-output snapshots of the unattended commands: sync --park in each format, taking a parked patch up, carry test.</summary>
[Collection(FixedClockCollection.Name)]
public sealed class UnattendedOutputTests
{
    [Fact]
    public void A_sync_parks_a_conflict_and_reports_it()
    {
        using var s = UpstreamScenario.Conflicting();
        var t = new Transcript().Name(s.Fork.Dir, "<fork>").Name(s.Maintainer.Dir, "<maintainer>").Name(s.Bare, "<upstream.git>");
        t.Note("upstream rewrote line 50, which patch 'clash' changes");
        t.Run(s.Fork, "sync", "--fetch", "--park");
        t.Ok(s.Fork, "series");
        t.Run(s.Fork, "sync", "--format", "markdown");
        t.Run(s.Fork, "sync", "--format", "json");
        t.Run(s.Fork, "sync", "--continue", "clash");
        t.Ok(s.Fork, "sync", "--abort");
        t.Match("A_sync_parks_a_conflict_and_reports_it");
    }

    [Fact]
    public void Testing_every_patch()
    {
        using var repo = TempRepo.WithStack(3);
        var t = new Transcript().Name(repo.Dir, "<repo>");
        t.Ok(repo, "test", "--jobs", "1", "--", "sh", "-c", "test -f file-1.txt");
        t.Ok(repo, "test", "--json", "--", "sh", "-c", "test -f file-1.txt");
        t.Run(repo, "test", "--", "sh", "-c", "! test -f file-2.txt");
        t.Fails(repo, "test");
        t.Match("Testing_every_patch");
    }
}
