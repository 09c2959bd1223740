using Carry.Tests.Stories.Layers;
using Carry.Tests.Support;

namespace Carry.Tests.Stories.Private;

/// <summary>
/// A branch started from a stack's branch ('git switch -c feature --track main') has the kit
/// commits below its own work. Its stack must not take them as upstream history: init refuses
/// such a base, publish refuses to build on one, and the pre-push guard checks those commits.
/// </summary>
public sealed class KitBaseTests
{
    private static UpstreamScenario KitOnMain()
    {
        var s = new UpstreamScenario();
        LayerRepo.NewPatch(s.Fork, "kit-mise", "private", (".mise.toml", "[tools]\npython = \"3.13\"\n"));
        LayerRepo.NewPatch(s.Fork, "issue-1", "upstream", ("feature.txt", "the feature\n"));
        return s;
    }

    private static string? RemoteRef(UpstreamScenario s, string name)
    {
        var run = TempRepo.RunGit(s.Bare, "rev-parse", "--verify", "-q", name);
        return run.Exit == 0 ? run.Out.Trim() : null;
    }

    [Fact]
    public void Init_on_a_branch_carrying_the_kit_is_refused_and_a_plain_push_is_stopped()
    {
        using var s = KitOnMain();
        s.Fork.Git("switch", "-q", "-c", "feature", "--track", "main");

        var init = s.Fork.CarryFails("init");

        Assert.Contains("its base 'main' holds private patch 'kit-mise'", init.Err);
        Assert.Contains("carry init --base origin/main", init.Err);
        Assert.Equal("", s.Fork.Git("for-each-ref", "refs/carry/feature"));
        var push = TempRepo.RunGit(s.Fork.Dir, "push", "origin", "feature");
        Assert.NotEqual(0, push.Exit);
        Assert.Contains("private patch 'kit-mise'", push.Err);
        Assert.Null(RemoteRef(s, "refs/heads/feature"));
    }

    [Fact]
    public void A_stack_on_the_upstream_base_keeps_the_kit_private_and_its_push_is_stopped()
    {
        using var s = KitOnMain();
        var kitId = LayerRepo.Id(s.Fork, "kit-mise");
        s.Fork.Git("switch", "-q", "-c", "feature", "--track", "main");

        s.Fork.CarryOk("init", "--base", "origin/main");

        var kit = LayerRepo.Patch(s.Fork, "kit-mise")!.Value;
        Assert.Equal("private", kit.GetProperty("layer").GetString());
        Assert.Equal(kitId, kit.GetProperty("id").GetString());
        s.Fork.CarryOk("publish");
        Assert.Equal("feature.txt", s.Fork.Git("diff", "--name-only", "origin/main", "publish/feature"));
        Assert.NotEqual(0, TempRepo.RunGit(s.Fork.Dir, "push", "origin", "feature").Exit);
    }

    [Fact]
    public void Publish_refuses_a_base_that_holds_another_stacks_kit()
    {
        using var s = new UpstreamScenario();
        s.Fork.Git("switch", "-q", "-c", "feature", "main");
        s.Fork.CarryOk("init", "--base", "main");
        LayerRepo.NewPatch(s.Fork, "feat", "upstream", ("feat.txt", "feat\n"));
        s.Fork.Git("switch", "-q", "main");
        LayerRepo.NewPatch(s.Fork, "kit-mise", "private", (".mise.toml", "[tools]\n"));
        s.Fork.Git("switch", "-q", "feature");
        s.Fork.CarryOk("sync", "--onto", "main");

        var run = s.Fork.CarryFails("publish", "--push", "origin");

        Assert.Contains("publish refused: its base 'main' holds private patch 'kit-mise'", run.Err);
        Assert.Equal("", s.Fork.Git("branch", "--list", "publish/feature"));
        Assert.Null(RemoteRef(s, "refs/heads/publish/feature"));
    }

    [Fact]
    public void Init_after_a_branch_rename_keeps_the_kit_private_even_once_the_old_stack_is_gone()
    {
        using var s = KitOnMain();
        var kitId = LayerRepo.Id(s.Fork, "kit-mise");
        s.Fork.Git("branch", "-m", "main", "dev");

        s.Fork.CarryOk("init", "--base", "origin/main");

        var kit = LayerRepo.Patch(s.Fork, "kit-mise")!.Value;
        Assert.Equal("private", kit.GetProperty("layer").GetString());
        Assert.Equal(kitId, kit.GetProperty("id").GetString());
        // The old stack's ref cleaned up: the new stack alone knows the kit, and keeps it.
        s.Fork.Git("update-ref", "-d", "refs/carry/main");
        s.Fork.CarryOk("publish");
        Assert.Equal("feature.txt", s.Fork.Git("diff", "--name-only", "origin/main", "publish/dev"));
        Assert.NotEqual(0, TempRepo.RunGit(s.Fork.Dir, "push", "origin", "dev").Exit);
        Assert.Null(RemoteRef(s, "refs/heads/dev"));
    }
}
