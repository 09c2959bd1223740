using Carry.Model;
using Carry.Operations.Layers;
using Carry.Tests.Support;
using static Carry.Tests.Stories.Layers.LayerRepo;

namespace Carry.Tests.Stories.Layers;

/// <summary>Layers: every patch has one, lower layers stay below higher ones, private layers sit lowest.</summary>
public sealed class LayerTests
{
    [Fact]
    public void A_new_private_patch_goes_under_the_upstream_patches()
    {
        using var repo = TempRepo.WithStack(2);
        Invariants.RunAndCheckUndo(repo, "new", "devkit", "--layer", "private", "-m", "Development kit");
        Assert.Equal(["devkit", "patch-number-1", "patch-number-2"], Applied(repo));
        repo.Write(".mise.toml", "[tools]\npython = \"3.13\"\n");
        repo.Git("add", ".mise.toml");
        Invariants.RunAndCheckUndo(repo, "refresh", "-p", "devkit");
        Assert.Equal(".mise.toml", repo.Git("diff-tree", "--no-commit-id", "--name-only", "-r", "base", "HEAD~2"));
        var series = repo.CarryOk("series").Out;
        Assert.Contains("devkit          private   Development kit", series);
        Assert.Contains("private   private   1 patch", repo.CarryOk("layer").Out);
    }

    [Fact]
    public void Setting_a_layer_re_sorts_and_replays_the_series()
    {
        using var repo = TempRepo.WithStack(3);
        Invariants.RunAndCheckUndo(repo, "layer", "set", "private", "patch-number-3");
        Assert.Equal(["patch-number-3", "patch-number-1", "patch-number-2"], Applied(repo));
        Assert.Equal("private", Patch(repo, "patch-number-3")!.Value.GetProperty("layer").GetString());
        Invariants.RunAndCheckUndo(repo, "edit", "patch-number-2", "--layer", "fork");
        Assert.Equal(["patch-number-3", "patch-number-2", "patch-number-1"], Applied(repo));
        // Unchanged content: the head's tree is the same whatever the order.
        Assert.Equal(TempRepo.SharedText(new Dictionary<int, string> { [5] = "line 5 changed by patch 1", [10] = "line 10 changed by patch 2", [15] = "line 15 changed by patch 3" }),
            repo.Read("shared.txt"));
    }

    [Fact]
    public void A_re_sort_that_does_not_apply_changes_nothing_and_names_the_patch()
    {
        using var repo = TempRepo.WithBase();
        repo.Write("app.txt", "one\n");
        repo.Commit("add app");
        repo.Write("app.txt", "one\ntwo\n");
        repo.Commit("edit app");
        repo.CarryOk("init", "--base", "base");
        var before = Snapshot.Take(repo);
        var run = repo.CarryFails("layer", "set", "private", "edit-app");
        Assert.Contains("'edit-app'", run.Err);
        Assert.Contains("app.txt", run.Err);
        Assert.Equal(before, Snapshot.Take(repo));
    }

    [Fact]
    public void Move_refuses_to_put_a_private_patch_above_a_published_one()
    {
        using var repo = TempRepo.WithStack(2);
        repo.CarryOk("layer", "set", "private", "patch-number-1");
        var run = repo.CarryFails("move", "patch-number-1", "--top");
        Assert.Contains("patch 'patch-number-2' (layer upstream) cannot sit below patch 'patch-number-1' (layer private)", run.Err);
        Invariants.Check(repo);
    }

    [Fact]
    public void User_named_layers_map_to_a_rule_and_private_ones_sit_lowest()
    {
        using var repo = TempRepo.WithStack(1);
        Invariants.RunAndCheckUndo(repo, "layer", "add", "workspaces", "--rule", "private");
        Invariants.RunAndCheckUndo(repo, "layer", "add", "client-fixes", "--rule", "fork", "--below", "upstream");
        var layers = LayerRepo.Series(repo).GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("name").GetString() + ":" + l.GetProperty("rule").GetString());
        Assert.Equal(["private:private", "workspaces:private", "fork:fork", "client-fixes:fork", "upstream:upstream"], layers);
        Assert.Contains("sit above", repo.CarryFails("layer", "add", "late-kit", "--rule", "private", "--above", "upstream").Err);
        Assert.Contains("does not exist", repo.CarryFails("new", "x", "--layer", "nope").Err);
        repo.CarryOk("layer", "set", "client-fixes", "patch-number-1");
        Assert.Contains("still holds patch 'patch-number-1'", repo.CarryFails("layer", "remove", "client-fixes").Err);
        Invariants.RunAndCheckUndo(repo, "layer", "remove", "workspaces");
    }

    [Fact]
    public void New_patches_get_the_configured_default_layer()
    {
        using var repo = TempRepo.WithStack(1);
        repo.Git("config", "carry.defaultLayer", "fork");
        repo.CarryOk("new", "branding");
        Assert.Equal("fork", Patch(repo, "branding")!.Value.GetProperty("layer").GetString());
        repo.Git("config", "carry.defaultLayer", "missing");
        Assert.Contains("carry.defaultLayer", repo.CarryFails("new", "other").Err);
    }
}
