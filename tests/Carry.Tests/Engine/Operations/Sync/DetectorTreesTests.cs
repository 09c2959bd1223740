using Carry.Git;
using Carry.Operations.Stack;
using Carry.Tests.Support;

namespace Carry.Tests.Engine.Operations.Sync;

/// <summary>Which trees a sync keeps in memory once landing detection is done (Sync.Detector).</summary>
public sealed class DetectorTreesTests
{
    [Fact]
    public void The_detector_keeps_the_trees_of_both_bases_and_of_the_old_top_and_lets_go_of_upstreams_others()
    {
        using var repo = TempRepo.WithStack(2);
        // Upstream: two commits on base that change the file the patches change.
        repo.Git("checkout", "-q", "-b", "upstream-new", "base");
        repo.Write("shared.txt", TempRepo.SharedText(new Dictionary<int, string> { [100] = "line 100 changed upstream" }));
        var middle = repo.Commit("upstream one");
        repo.Write("shared.txt", TempRepo.SharedText(new Dictionary<int, string> { [100] = "line 100 changed upstream", [150] = "line 150 too" }));
        repo.Commit("upstream two");
        repo.Git("checkout", "-q", "-");

        using var session = StackSession.Open(repo.Dir, "test", Preconditions.Standard);
        var objects = session.Repo.Objects;
        var tree = (string rev) => objects.ReadCommit(new Oid(repo.Git("rev-parse", rev))).Tree;
        var (oldBase, newBase, top, between) = (tree("base"), tree("upstream-new"), tree("HEAD"), tree(middle));
        foreach (var t in (Oid[])[oldBase, newBase, top, between]) objects.ReadTreeBytes(t); // as the sync's earlier steps may have
        Carry.Operations.Sync.Sync.Detector(session, new Oid(repo.Git("rev-parse", "base")), new Oid(repo.Git("rev-parse", "upstream-new")), [.. session.State.Applied]);

        // Kept: the replay looks in the new base, the checkout starts from the old top, and the
        // bases' diff (upstream's moves) reads the old base's folders again.
        Assert.True(objects.HoldsTree(newBase), "new base");
        Assert.True(objects.HoldsTree(top), "old top");
        Assert.True(objects.HoldsTree(oldBase), "old base");
        // Let go: an upstream commit's tree, read to see what it changed.
        Assert.False(objects.HoldsTree(between));
    }
}
