using Carry.Tests.Stories.Layers;
using Carry.Tests.Support;

namespace Carry.Tests.Stories.Private;

/// <summary>
/// A freelancer's habits meet the kit: 'git pull --rebase' or a merging 'git pull' on the stacked
/// branch, then 'carry repair'. The pulled upstream commits move the base (a sync), the rebased
/// kit keeps its identity and its private layer, and publish still ships only the work.
/// </summary>
public sealed class RepairAfterPullTests
{
    /// <summary>A fork with a two-patch kit (one edits a file upstream also edits) and one issue patch.</summary>
    private static UpstreamScenario WithKit()
    {
        var s = new UpstreamScenario();
        LayerRepo.NewPatch(s.Fork, "kit-mise", "private", (".mise.toml", "[tools]\npython = \"3.13\"\n"));
        s.Fork.CarryOk("new", "kit-shared", "--layer", "private", "-m", "kit-shared: a local setting");
        UpstreamScenario.EditLines(s.Fork, "shared.txt", (50, UpstreamScenario.ForkLine50));
        s.Fork.CarryOk("refresh", "-p", "kit-shared");
        LayerRepo.NewPatch(s.Fork, "issue-1", "upstream", ("feature.txt", "the feature\n"));
        return s;
    }

    private static Dictionary<string, string> Ids(TempRepo repo) =>
        LayerRepo.Series(repo).GetProperty("patches").EnumerateArray()
            .ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("id").GetString()! + " " + p.GetProperty("layer").GetString());

    private static void AssertSameStackOnNewBase(UpstreamScenario s, Dictionary<string, string> before)
    {
        Assert.Equal(before, Ids(s.Fork));
        Assert.Equal(["kit-mise", "kit-shared", "issue-1"], LayerRepo.Applied(s.Fork));
        Assert.Equal(s.Fork.Git("rev-parse", "origin/main"), LayerRepo.Series(s.Fork).GetProperty("base").GetProperty("commit").GetString());
        Assert.Empty(s.Fork.Git("rev-list", "--merges", "origin/main..HEAD"));
        Invariants.Check(s.Fork);
        // Publish still ships the work alone.
        s.Fork.CarryOk("publish");
        Assert.Equal("feature.txt", s.Fork.Git("diff", "--name-only", "origin/main", "publish/main"));
    }

    [Fact]
    public void After_pull_rebase_repair_syncs_and_the_kit_stays_private()
    {
        using var s = WithKit();
        var before = Ids(s.Fork);
        s.Upstream("Upstream adds a changelog", r => r.Write("CHANGES.md", "1.1\n"));
        s.Fork.Git("pull", "-q", "--rebase");
        Assert.Contains("carry repair", s.Fork.CarryFails("pop").Err);

        var repair = s.Fork.CarryOk("repair");

        Assert.DoesNotContain("Adopted", repair.Out);
        Assert.Contains("Recognised", repair.Out);
        Assert.Contains("Sync onto origin/main", repair.Out);
        AssertSameStackOnNewBase(s, before);
        Assert.True(s.Fork.Exists("CHANGES.md"));
    }

    [Fact]
    public void A_kit_patch_resolved_by_hand_during_the_rebase_is_still_the_kit_patch()
    {
        using var s = WithKit();
        var before = Ids(s.Fork);
        s.Upstream("Upstream rewrites line 50", r => UpstreamScenario.EditLines(r, "shared.txt", (50, UpstreamScenario.UpstreamLine50)));
        Assert.NotEqual(0, TempRepo.RunGit(s.Fork.Dir, "pull", "-q", "--rebase").Exit);
        UpstreamScenario.EditLines(s.Fork, "shared.txt", (50, "line 50, both"));
        s.Fork.Git("add", "shared.txt");
        s.Fork.Git("-c", "core.editor=true", "rebase", "--continue");

        s.Fork.CarryOk("repair");

        AssertSameStackOnNewBase(s, before);
        Assert.Contains("line 50, both", s.Fork.Git("show", LayerRepo.Patch(s.Fork, "kit-shared")!.Value.GetProperty("commit").GetString()!));
    }

    [Fact]
    public void After_a_merging_pull_repair_linearises_onto_the_merged_upstream()
    {
        using var s = WithKit();
        var before = Ids(s.Fork);
        s.Upstream("Upstream adds a changelog", r => r.Write("CHANGES.md", "1.1\n"));
        s.Fork.Git("-c", "pull.rebase=false", "pull", "-q", "--no-edit");
        var merged = s.Fork.Git("rev-parse", "HEAD^{tree}");
        Assert.NotEmpty(s.Fork.Git("rev-list", "--merges", "origin/main..HEAD"));

        var repair = s.Fork.CarryOk("repair");

        Assert.Contains("Linearised merge", repair.Out);
        AssertSameStackOnNewBase(s, before);
        Assert.Equal(merged, s.Fork.Git("rev-parse", "HEAD^{tree}"));
    }

    [Fact]
    public void A_commit_made_on_top_after_the_pull_is_adopted_and_the_kit_is_not()
    {
        using var s = WithKit();
        s.Upstream("Upstream adds a changelog", r => r.Write("CHANGES.md", "1.1\n"));
        s.Fork.Git("pull", "-q", "--rebase");
        s.Fork.Write("more.txt", "more\n");
        s.Fork.Commit("More work");

        var repair = s.Fork.CarryOk("repair");

        Assert.Contains("Adopted 'more-work'", repair.Out);
        Assert.Equal(["kit-mise", "kit-shared", "issue-1", "more-work"], LayerRepo.Applied(s.Fork));
        Assert.Equal("private", LayerRepo.Patch(s.Fork, "kit-mise")!.Value.GetProperty("layer").GetString());
        Invariants.Check(s.Fork);
    }

    [Fact]
    public void A_cherry_picked_kit_commit_joins_the_private_layer_with_its_id()
    {
        using var s = WithKit();
        var kitCommit = LayerRepo.Patch(s.Fork, "kit-mise")!.Value.GetProperty("commit").GetString()!;
        s.Fork.Git("switch", "-q", "-c", "other", "origin/main");
        s.Fork.CarryOk("init", "--base", "origin/main");
        s.Fork.Git("cherry-pick", kitCommit);

        s.Fork.CarryOk("repair");

        var copy = LayerRepo.Patch(s.Fork, "kit-mise")!.Value;
        Assert.Equal("private", copy.GetProperty("layer").GetString());
        s.Fork.Git("switch", "-q", "main");
        Assert.Equal(LayerRepo.Id(s.Fork, "kit-mise"), copy.GetProperty("id").GetString());
    }
}
