using Carry.Tests.Support;

namespace Carry.Tests.Commands;

/// <summary>
/// A carry process killed at any point leaves a repository that git accepts and that the
/// next carry run finishes (the journal in the lock file), losing nothing.
/// </summary>
[Trait("Speed", "Slow")]
public sealed class CrashTests
{
    [Theory]
    [InlineData("before-worktree", "pop", "-a")]
    [InlineData("after-worktree", "pop", "-a")]
    [InlineData("before-worktree", "move", "patch-number-3", "--bottom")]
    [InlineData("after-worktree", "delete", "patch-number-1")]
    public void A_killed_command_is_finished_by_the_next_run(string point, params string[] args)
    {
        using var repo = TempRepo.WithBase(3);
        repo.CarryOk("init", "--base", "base");
        repo.Write("README.md", "local edit that must survive\n");

        var crashed = CarryProcess.Run(repo.Dir, new Dictionary<string, string> { ["CARRY_CRASH_AT"] = point }, args);
        Assert.Equal(137, crashed.Exit);
        Assert.True(File.Exists(Path.Combine(repo.Dir, ".git", "carry.lock")));
        Assert.Equal(0, TempRepo.RunGit(repo.Dir, "fsck", "--no-progress").Exit);

        var next = repo.CarryOk("series");
        Assert.Contains("interrupted carry command was found and finished", next.Err);
        Assert.False(File.Exists(Path.Combine(repo.Dir, ".git", "carry.lock")));
        Invariants.Check(repo);
        Assert.Equal("local edit that must survive\n", repo.Read("README.md"));
        Assert.Equal(" M README.md", repo.Git("status", "--porcelain").TrimEnd('\n').Split('\n').Single(l => l.Contains("README")));
        Assert.Contains($"carry {string.Join(' ', args)}", repo.CarryOk("log", "-n", "1").Out);
    }

    [Fact]
    public void Undo_after_a_finished_crash_returns_to_before_the_command()
    {
        using var repo = TempRepo.WithBase(2);
        repo.CarryOk("init", "--base", "base");
        var before = Snapshot.Take(repo);
        CarryProcess.Run(repo.Dir, new Dictionary<string, string> { ["CARRY_CRASH_AT"] = "before-worktree" }, "pop", "-a");
        repo.CarryOk("series");
        repo.CarryOk("undo");
        Assert.Equal(before, Snapshot.Take(repo));
    }
}
