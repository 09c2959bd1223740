using Carry.Git;
using Carry.Model;
using Carry.Operations.Layers;
using Carry.Operations.Stack;
using Carry.Tests.Support;
using static Carry.Tests.Stories.Layers.LayerRepo;

namespace Carry.Tests.Stories.Layers;

/// <summary>Upstream status per patch: propose, reject, fork-only, landed, keep; each undoable.</summary>
public sealed class StatusTests
{
    [Fact]
    public void Propose_records_the_url_and_the_version_sent()
    {
        using var repo = TempRepo.WithStack(2);
        Invariants.RunAndCheckUndo(repo, "propose", "patch-number-1", "--url", "https://git.example/app/-/merge_requests/12");
        var status = Patch(repo, "patch-number-1")!.Value.GetProperty("status");
        Assert.Equal("proposed", status.GetProperty("kind").GetString());
        Assert.Equal("https://git.example/app/-/merge_requests/12", status.GetProperty("url").GetString());
        Assert.Equal(repo.Git("rev-parse", "HEAD~1"), status.GetProperty("sent").GetString());
        Assert.Contains("[proposed]", repo.CarryOk("series").Out);

        repo.CarryOk("edit", "patch-number-1", "-m", "Patch number 1, reworded in review");
        Assert.Contains("[proposed, changed since sent]", repo.CarryOk("series").Out);
    }

    [Fact]
    public void Private_and_fork_patches_are_never_proposed()
    {
        using var repo = TempRepo.WithStack(2);
        repo.CarryOk("layer", "set", "private", "patch-number-1");
        repo.CarryOk("layer", "set", "fork", "patch-number-2");
        Assert.Contains("never proposed", repo.CarryFails("propose", "patch-number-1", "--url", "u").Err);
        Assert.Contains("never proposed", repo.CarryFails("propose", "patch-number-2", "--url", "u").Err);
    }

    [Fact]
    public void Reject_and_fork_only_keep_the_patch_with_a_reason()
    {
        using var repo = TempRepo.WithStack(2);
        Invariants.RunAndCheckUndo(repo, "reject", "patch-number-1", "--reason", "not the direction we want");
        var status = Patch(repo, "patch-number-1")!.Value.GetProperty("status");
        Assert.Equal("rejected", status.GetProperty("kind").GetString());
        Assert.Equal("not the direction we want", status.GetProperty("reason").GetString());

        Invariants.RunAndCheckUndo(repo, "fork-only", "patch-number-2", "--reason", "our branding");
        var p = Patch(repo, "patch-number-2")!.Value;
        Assert.Equal("fork-only", p.GetProperty("status").GetProperty("kind").GetString());
        Assert.Equal("fork", p.GetProperty("layer").GetString());
        // Fork sits below upstream: the series was re-sorted.
        Assert.Equal(["patch-number-2", "patch-number-1"], Applied(repo));
        Assert.Contains("--reason", repo.CarryFails("fork-only", "patch-number-1").Err);
    }

    [Fact]
    public void Landed_retires_the_patch_now_with_manual_evidence()
    {
        using var repo = TempRepo.WithStack(3);
        repo.CarryOk("propose", "patch-number-2", "--url", "https://git.example/mr/7");
        var upstream = repo.Git("rev-parse", "base");
        var run = Invariants.RunAndCheckUndo(repo, "landed", "patch-number-2", "--upstream", "base");
        Assert.Contains("landed (manual", run.Out);
        Assert.Equal(["patch-number-1", "patch-number-3"], Applied(repo));
        Assert.False(repo.Exists("file-2.txt"));
        var retired = Assert.Single(LayerRepo.Series(repo).GetProperty("retired").EnumerateArray());
        Assert.Equal("patch-number-2", retired.GetProperty("name").GetString());
        var status = retired.GetProperty("status");
        Assert.Equal("landed", status.GetProperty("kind").GetString());
        Assert.Equal("https://git.example/mr/7", status.GetProperty("url").GetString());
        Assert.Equal("manual", status.GetProperty("evidence").GetProperty("how").GetString());
        Assert.Equal([upstream], status.GetProperty("evidence").GetProperty("upstream").EnumerateArray().Select(u => u.GetString()));
        // The retired commit stays reachable.
        Assert.Equal("commit", repo.Git("cat-file", "-t", retired.GetProperty("commit").GetString()!));
    }

    [Fact]
    public void Landed_takes_the_evidence_a_sync_suspected_and_keep_clears_it()
    {
        using var repo = TempRepo.WithStack(2);
        var upstream = repo.Git("rev-parse", "base");
        using (var session = Carry.Operations.Stack.StackSession.Open(repo.Dir, "test: sync suspects", Carry.Operations.Stack.Preconditions.Standard))
        {
            var tx = session.Begin();
            foreach (var name in (string[])["patch-number-1", "patch-number-2"])
                Carry.Operations.Layers.Upstream.Suspect(tx, session.Require(name),
                    new Carry.Model.LandingEvidence(Carry.Model.LandingKind.Similar, [new Carry.Git.Oid(upstream)], 87));
            tx.Execute("test: sync suspects");
        }
        Assert.Contains("probably landed", repo.CarryOk("series").Out);
        Invariants.RunAndCheckUndo(repo, "keep", "patch-number-1");
        Assert.False(Patch(repo, "patch-number-1")!.Value.TryGetProperty("probable", out _));
        Assert.Contains("nothing to keep", repo.CarryFails("keep", "patch-number-1").Err);

        Invariants.RunAndCheckUndo(repo, "landed", "patch-number-2");
        var evidence = Assert.Single(LayerRepo.Series(repo).GetProperty("retired").EnumerateArray()).GetProperty("status").GetProperty("evidence");
        Assert.Equal("similar", evidence.GetProperty("how").GetString());
        Assert.Equal(87, evidence.GetProperty("similarity").GetInt32());
    }
}
