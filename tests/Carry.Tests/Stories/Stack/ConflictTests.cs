using Carry.Tests.Support;

namespace Carry.Tests.Stories.Stack;

/// <summary>Patches that no longer apply: push stops before them, reordering refuses as a whole.</summary>
public sealed class ConflictTests
{
    /// <summary>Two patches editing the same line: the second depends on the first.</summary>
    private static TempRepo DependentStack()
    {
        var repo = TempRepo.WithBase();
        repo.Write("README.md", "Sample project, version A\n");
        repo.Commit("Version A");
        repo.Write("README.md", "Sample project, version B\n");
        repo.Commit("Version B");
        repo.CarryOk("init", "--base", "base");
        return repo;
    }

    [Fact]
    public void Push_stops_before_a_patch_that_does_not_apply_and_keeps_the_others()
    {
        using var repo = DependentStack();
        repo.Write("other.txt", "independent\n");
        repo.Git("add", "other.txt");
        repo.CarryOk("new", "independent");
        repo.CarryOk("refresh");
        repo.CarryOk("pop", "-a");
        var run = repo.Carry("push", "independent", "version-b");
        Assert.Equal(1, run.Exit);
        Assert.Contains("patch 'version-b' does not apply", run.Err);
        Assert.Contains("README.md", run.Err);
        Invariants.Check(repo);
        Assert.Equal(["independent"], StackCommandTests.Applied(repo));
        Assert.True(repo.Exists("other.txt"));
        Assert.Equal("Sample project\n", repo.Read("README.md"));
    }

    [Fact]
    public void Moving_a_patch_below_the_one_it_needs_is_refused_and_changes_nothing()
    {
        using var repo = DependentStack();
        var before = Snapshot.Take(repo);
        var run = repo.CarryFails("sink", "version-b");
        Assert.Contains("patch 'version-b' does not apply", run.Err);
        Assert.Contains("nothing was changed", run.Err);
        Assert.Equal(before, Snapshot.Take(repo));
        Invariants.Check(repo);
    }

    [Fact]
    public void Deleting_a_patch_another_one_needs_is_refused()
    {
        using var repo = DependentStack();
        var before = Snapshot.Take(repo);
        Assert.Contains("does not apply", repo.CarryFails("delete", "version-a").Err);
        Assert.Equal(before, Snapshot.Take(repo));
    }
}
