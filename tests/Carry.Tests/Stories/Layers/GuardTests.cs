using Carry.Model;
using Carry.Operations.Layers;
using Carry.Tests.Support;
using static Carry.Tests.Stories.Layers.LayerRepo;

namespace Carry.Tests.Stories.Layers;

/// <summary>Guards as in Mercurial MQ: +g only when g is selected, -g never when it is, unguarded always.</summary>
public sealed class GuardTests
{
    /// <summary>MQ's rule in its own words (mercurial/hgext/mq.py, pushable): a negative guard that is selected blocks; else positive guards need one selected.</summary>
    private static bool MqPushable(string[] guards, string[] selected)
    {
        if (guards.Length == 0) return true;
        if (guards.Any(g => g[0] == '-' && selected.Contains(g[1..]))) return false;
        var positive = guards.Where(g => g[0] == '+').ToList();
        return positive.Count == 0 || positive.Any(g => selected.Contains(g[1..]));
    }

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        string[] guardSets = ["", "+a", "-a", "+a,+b", "+a,-b", "-a,-b", "-a,+b"];
        string[] selections = ["", "a", "b", "a,b", "c"];
        foreach (var g in guardSets)
            foreach (var s in selections) data.Add(g, s);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_patch_applies_exactly_when_MQ_would_push_it(string guards, string selected)
    {
        var g = guards.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var s = selected.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var details = StackDetails.Default with { SelectedGuards = s };
        var patch = new Carry.Model.Patch("p", Carry.Model.Patch.NewId(), default) { Guards = g };
        Assert.Equal(MqPushable(g, s), details.Allows(patch));
    }

    [Fact]
    public void Select_unapplies_the_patches_it_blocks_and_applies_them_again_when_allowed()
    {
        using var repo = TempRepo.WithStack(3);
        Invariants.RunAndCheckUndo(repo, "guard", "patch-number-2", "+x86");
        Assert.Equal(["patch-number-1", "patch-number-3"], Applied(repo));
        Assert.False(repo.Exists("file-2.txt"));
        Assert.Contains("guarded off", repo.CarryOk("series").Out);

        Invariants.RunAndCheckUndo(repo, "select", "x86");
        Assert.Equal(["patch-number-1", "patch-number-3", "patch-number-2"], Applied(repo));
        Assert.True(repo.Exists("file-2.txt"));

        Invariants.RunAndCheckUndo(repo, "guard", "patch-number-1", "-stable");
        Invariants.RunAndCheckUndo(repo, "select", "x86", "stable");
        Assert.Equal(["patch-number-3", "patch-number-2"], Applied(repo));
        Assert.Equal(["patch-number-1"], Unapplied(repo));

        Invariants.RunAndCheckUndo(repo, "select", "--none");
        Assert.Equal(["patch-number-3", "patch-number-1"], Applied(repo));
        Assert.Equal(["patch-number-2"], Unapplied(repo));
    }

    [Fact]
    public void Push_skips_guarded_off_patches_and_refuses_to_push_one_by_name()
    {
        using var repo = TempRepo.WithStack(3);
        repo.CarryOk("pop", "-a");
        repo.CarryOk("guard", "patch-number-1", "+arm");
        Invariants.RunAndCheckUndo(repo, "push");
        Assert.Equal(["patch-number-2"], Applied(repo));
        repo.CarryOk("push", "-a");
        Assert.Equal(["patch-number-2", "patch-number-3"], Applied(repo));
        var refused = repo.CarryFails("push", "patch-number-1");
        Assert.Contains("guarded off by '+arm'", refused.Err);
        Assert.Equal("patch-number-1: +arm", repo.CarryOk("guard", "patch-number-1").Out.Trim());
        Invariants.RunAndCheckUndo(repo, "guard", "patch-number-1", "--none");
        Assert.Equal(["patch-number-2", "patch-number-3", "patch-number-1"], Applied(repo));
    }

    [Fact]
    public void Guards_are_validated_and_kept_in_the_json()
    {
        using var repo = TempRepo.WithStack(1);
        Assert.Contains("must start with '+' or '-'", repo.CarryFails("guard", "patch-number-1", "x86").Err);
        var bare = repo.CarryFails("guard", "patch-number-1", "+").Err;
        Assert.Contains("guard '+' has no name after its sign", bare);
        Assert.DoesNotContain("must start with", bare);
        Assert.Contains("without '+' or '-'", repo.CarryFails("select", "+x86").Err);
        repo.CarryOk("guard", "patch-number-1", "+x86", "-stable");
        var p = Patch(repo, "patch-number-1")!.Value;
        Assert.Equal(["+x86", "-stable"], p.GetProperty("guards").EnumerateArray().Select(g => g.GetString()));
        Assert.True(p.GetProperty("guardedOff").GetBoolean());
        repo.CarryOk("select", "x86");
        Assert.Equal(["x86"], LayerRepo.Series(repo).GetProperty("selectedGuards").EnumerateArray().Select(g => g.GetString()));
        Invariants.Check(repo);
    }
}
