using Carry.Tests.Support;

namespace Carry.Tests.Stories.Stack;

/// <summary>When plain git moves the branch, carry notices, says so, and repairs on request.</summary>
public sealed class PlainGitTests
{
    [Fact]
    public void A_commit_made_with_git_is_reported_then_adopted_by_repair()
    {
        using var repo = TempRepo.WithStack(2);
        repo.Write("extra.txt", "made with git commit\n");
        repo.Commit("Extra work via git");
        var run = repo.CarryFails("pop");
        Assert.Contains("changed outside carry (commits were added on top of the stack)", run.Err);
        Assert.Contains("carry repair", run.Err);
        var repair = repo.CarryOk("repair");
        Assert.Contains("Adopted 'extra-work-via-git'", repair.Out);
        Invariants.Check(repo);
        Assert.Equal(["patch-number-1", "patch-number-2", "extra-work-via-git"], StackCommandTests.Applied(repo));
    }

    [Fact]
    public void A_reset_below_the_top_leaves_the_dropped_patches_unapplied()
    {
        using var repo = TempRepo.WithStack(3);
        repo.Git("reset", "-q", "--hard", "HEAD~2");
        Assert.Contains("reset below the top patch", repo.CarryFails("push").Err);
        repo.CarryOk("repair");
        Invariants.Check(repo);
        Assert.Equal(["patch-number-1"], StackCommandTests.Applied(repo));
        repo.CarryOk("push", "-a");
        Assert.True(repo.Exists("file-3.txt"));
        Invariants.Check(repo);
    }

    [Fact]
    public void An_amended_top_commit_becomes_a_patch_and_the_old_one_is_kept_unapplied()
    {
        using var repo = TempRepo.WithStack(2);
        repo.Write("file-2.txt", "amended\n");
        repo.Git("commit", "-q", "-a", "--amend", "-m", "Patch number 2, amended");
        Assert.Contains("was rewritten", repo.CarryFails("pop").Err);
        repo.CarryOk("repair");
        Invariants.Check(repo);
        var series = repo.CarryOk("series").Out;
        Assert.Contains("> patch-number-2-amended", series);
        Assert.Contains("- patch-number-2 ", series);
    }

    [Fact]
    public void Repair_is_undoable()
    {
        using var repo = TempRepo.WithStack(1);
        repo.Write("extra.txt", "x\n");
        repo.Commit("Extra");
        var before = repo.CarryOk("series", "--json").Out;
        repo.CarryOk("repair");
        repo.CarryOk("undo");
        Assert.Equal(before, repo.CarryOk("series", "--json").Out);
    }
}
