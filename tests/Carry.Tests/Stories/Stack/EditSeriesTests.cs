using Carry.Tests.Support;

namespace Carry.Tests.Stories.Stack;

/// <summary>carry edit-series (carry rebase -i): a plan edited by a script, carried out in one undoable command.</summary>
public sealed class EditSeriesTests
{
    /// <summary>Makes the repository's sequence editor write <paramref name="plan"/> over the plan.</summary>
    internal static string UsePlan(TempRepo repo, string plan)
    {
        var file = Path.Combine(repo.Dir, ".git", "wanted-plan");
        File.WriteAllText(file, plan);
        repo.Git("config", "sequence.editor", $"cp '{file}'");
        return file;
    }

    [Fact]
    public void A_plan_reorders_squashes_renames_relayers_and_drops_in_one_command()
    {
        using var repo = TempRepo.WithStack(4);
        UsePlan(repo, """
            layer patch-number-3 fork
            keep patch-number-4
            squash patch-number-1   # folded into 4
            rename patch-number-2 second
            """);
        var before = repo.Git("rev-list", "--first-parent", "--count", "refs/carry/main");
        Invariants.RunAndCheckUndo(repo, "edit-series");
        Assert.Equal(["Patch number 3", "Patch number 4", "Patch number 2"], repo.Git("log", "--format=%s", "--reverse", "base..HEAD").Split('\n'));
        Assert.Contains("Patch number 1", repo.Git("log", "-1", "--format=%b", "HEAD~1"));
        Assert.Equal("file-1.txt\nfile-4.txt\nshared.txt", repo.Git("diff", "--name-only", "HEAD~2", "HEAD~1"));
        var series = repo.CarryOk("series").Out;
        Assert.Contains("second", series);
        Assert.Contains("patch-number-3  fork", series);
        Assert.DoesNotContain("patch-number-1", series);
        Assert.Equal(int.Parse(before) + 3, int.Parse(repo.Git("rev-list", "--first-parent", "--count", "refs/carry/main"))); // edit, undo, redo: one record each
    }

    [Fact]
    public void Deleting_a_line_unapplies_the_patch_and_drop_lines_can_be_kept_again()
    {
        using var repo = TempRepo.WithStack(3);
        UsePlan(repo, "keep patch-number-1\nkeep patch-number-3\n");
        Invariants.RunAndCheckUndo(repo, "edit-series");
        Assert.Contains("- patch-number-2", repo.CarryOk("series").Out);
        UsePlan(repo, "keep patch-number-1\nkeep patch-number-2\nkeep patch-number-3\n");
        Invariants.RunAndCheckUndo(repo, "rebase", "-i");
        Assert.Equal("Patch number 3", repo.Git("log", "-1", "--format=%s"));
        UsePlan(repo, "\n# nothing\n");
        var head = repo.Git("rev-parse", "refs/carry/main");
        Assert.Contains("nothing to do", repo.CarryOk("edit-series").Out);
        Assert.Equal(head, repo.Git("rev-parse", "refs/carry/main"));
    }

    [Fact]
    public void A_bad_plan_changes_nothing()
    {
        using var repo = TempRepo.WithStack(3);
        var head = repo.Git("rev-parse", "refs/carry/main");
        UsePlan(repo, "keep patch-number-1\nfrobnicate patch-number-2\n");
        Assert.Contains("line 2 of the plan is not understood", repo.CarryFails("edit-series").Err);
        UsePlan(repo, "keep patch-number-1\nkeep nope\n");
        Assert.Contains("'nope', which does not exist", repo.CarryFails("edit-series").Err);
        UsePlan(repo, "squash patch-number-1\nkeep patch-number-2\n");
        Assert.Contains("no kept patch above it", repo.CarryFails("edit-series").Err);
        UsePlan(repo, "keep patch-number-1\nrename patch-number-2 patch-number-1\n");
        Assert.Contains("two patches the name 'patch-number-1'", repo.CarryFails("edit-series").Err);
        repo.CarryOk("new", "clash");
        repo.Write("file-1.txt", "changed on top\n");
        repo.CarryOk("refresh");
        UsePlan(repo, "keep clash\nkeep patch-number-1\n");
        head = repo.Git("rev-parse", "refs/carry/main");
        Assert.Contains("patch 'clash' does not apply", repo.CarryFails("edit-series").Err);
        Assert.Equal(head, repo.Git("rev-parse", "refs/carry/main"));
        Assert.Equal("", repo.Git("status", "--short"));
    }

    [Fact]
    [Trait(CarryProcess.Trait, "story")]
    public void GIT_SEQUENCE_EDITOR_is_respected()
    {
        using var repo = TempRepo.WithStack(2);
        repo.Git("config", "sequence.editor", "false");
        var file = Path.Combine(repo.Dir, ".git", "wanted-plan");
        File.WriteAllText(file, "keep patch-number-2\nkeep patch-number-1\n");
        var run = CarryProcess.Run(repo.Dir, new Dictionary<string, string> { ["GIT_SEQUENCE_EDITOR"] = $"cp '{file}'" }, "rebase", "-i");
        Assert.True(run.Exit == 0, run.ToString());
        Assert.Equal("Patch number 1", repo.Git("log", "-1", "--format=%s"));
        Invariants.Check(repo);
    }
}
