using Carry.Tests.Stories.Layers;
using Carry.Tests.Support;

namespace Carry.Tests.Stories.Private;

/// <summary>Publish refuses any patch that holds a private patch, whatever layer it sits in.</summary>
public sealed class PublishKitCopyTests
{
    private static UpstreamScenario KitOnMain()
    {
        var s = new UpstreamScenario();
        LayerRepo.NewPatch(s.Fork, "kit-mise", "private", (".mise.toml", "[tools]\npython = \"3.13\"\n"));
        LayerRepo.NewPatch(s.Fork, "issue-1", "upstream", ("feature.txt", "the feature\n"));
        s.Fork.Git("switch", "-q", "-c", "other", "origin/main");
        s.Fork.CarryOk("init", "--base", "origin/main");
        return s;
    }

    [Fact]
    public void A_patch_with_the_same_change_as_a_private_patch_is_refused()
    {
        using var s = KitOnMain();
        LayerRepo.NewPatch(s.Fork, "tools", "upstream", (".mise.toml", "[tools]\npython = \"3.13\"\n"));

        var run = s.Fork.CarryFails("publish");

        Assert.Contains("patch 'tools' holds private patch 'kit-mise'", run.Err);
        Assert.Contains("stack 'main'", run.Err);
        Assert.Contains("same change", run.Err);
        Assert.Equal("", s.Fork.Git("branch", "--list", "publish/other"));
    }

    [Fact]
    public void A_patch_carrying_a_private_patch_id_or_squashing_its_file_is_refused()
    {
        using var s = KitOnMain();
        s.Fork.Git("switch", "-q", "main");
        var kitId = LayerRepo.Id(s.Fork, "kit-mise");
        s.Fork.Git("switch", "-q", "other");
        s.Fork.CarryOk("new", "tagged", "-m", $"Something else\n\nCarry-Id: {kitId}");
        s.Fork.Write("else.txt", "x\n");
        s.Fork.Git("add", "else.txt");
        s.Fork.CarryOk("refresh");
        Assert.Contains("Carry-Id trailer", s.Fork.CarryFails("publish").Err);

        s.Fork.CarryOk("delete", "tagged");
        LayerRepo.NewPatch(s.Fork, "squashed", "upstream", (".mise.toml", "[tools]\npython = \"3.13\"\n"), ("app.txt", "app\n"));
        Assert.Contains("same file .mise.toml", s.Fork.CarryFails("publish").Err);
    }

    [Fact]
    public void Work_that_only_resembles_the_kit_is_published()
    {
        using var s = KitOnMain();
        LayerRepo.NewPatch(s.Fork, "tools", "upstream", (".mise.toml", "[tools]\nnode = \"22\"\n"));
        s.Fork.CarryOk("publish");
        Assert.Equal(".mise.toml", s.Fork.Git("diff", "--name-only", "origin/main", "publish/other"));
    }
}
