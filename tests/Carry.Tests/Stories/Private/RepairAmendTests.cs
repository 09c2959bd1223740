using Carry.Tests.Stories.Layers;
using Carry.Tests.Support;

namespace Carry.Tests.Stories.Private;

/// <summary>
/// A kit patch amended with plain git under a new message, with more in it: nothing identifies
/// it as the kit patch any more (not its commit, message, change nor file content), yet it is
/// the kit. 'carry repair' keeps a new commit that changes a kit file private, and says so.
/// </summary>
public sealed class RepairAmendTests
{
    [Fact]
    public void An_amended_kit_patch_with_a_new_message_stays_private_and_never_leaves()
    {
        using var s = new UpstreamScenario();
        LayerRepo.NewPatch(s.Fork, "kit-mise", "private", (".mise.toml", "[tools]\n"));
        LayerRepo.NewPatch(s.Fork, "pub1", "upstream", ("feature.txt", "the feature\n"));
        s.Fork.CarryOk("pop", "pub1");
        s.Fork.Write(".mise.toml", "[tools]\nnode = \"20\"\n");
        s.Fork.Git("commit", "-q", "--amend", "-am", "kit: mise with node");

        var repair = s.Fork.CarryOk("repair");

        Assert.Contains("Adopted 'kit-mise-with-node' into private layer 'private': it changes .mise.toml, as private patch 'kit-mise' does", repair.Out);
        Assert.Equal("private", LayerRepo.Patch(s.Fork, "kit-mise-with-node")!.Value.GetProperty("layer").GetString());
        s.Fork.CarryOk("push", "pub1");
        s.Fork.CarryOk("publish");
        Assert.Equal("feature.txt", s.Fork.Git("diff", "--name-only", "origin/main", "publish/main"));
        var push = TempRepo.RunGit(s.Fork.Dir, "push", "origin", "main");
        Assert.NotEqual(0, push.Exit);
        Assert.Contains("private patch 'kit-mise-with-node'", push.Err);
        // A new commit that changes no kit file is adopted into upstream, as before.
        s.Fork.Write("fix.txt", "a fix\n");
        s.Fork.Commit("a fix");
        var plain = s.Fork.CarryOk("repair");
        Assert.Contains("Adopted 'a-fix'", plain.Out);
        Assert.DoesNotContain("private layer", plain.Out);
        Assert.Equal("upstream", LayerRepo.Patch(s.Fork, "a-fix")!.Value.GetProperty("layer").GetString());
    }
}
