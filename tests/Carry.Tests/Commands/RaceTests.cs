using Carry.Tests.Support;

namespace Carry.Tests.Commands;

/// <summary>
/// A plain <c>git commit</c> or <c>git reset</c> made while a carry command runs is never
/// lost: carry's ref update compares with the branch as the command found it, and refuses
/// (changing nothing) when the branch moved meanwhile.
/// </summary>
public sealed class RaceTests
{
    [Theory]
    [InlineData("before-journal", "commit")] // while the stack is replayed in memory
    [InlineData("after-worktree", "commit")] // files written, refs not yet moved
    [InlineData("before-journal", "reset")]
    [InlineData("after-worktree", "reset")]
    public void A_git_command_racing_carry_is_kept_and_carry_refuses(string point, string git)
    {
        using var repo = TempRepo.WithStack(3);
        repo.Write("README.md", "local edit that must survive\n");
        var before = repo.Git("rev-parse", "HEAD");
        string? theirs = null;
        var run = CarryProcess.RunPausedAt(repo.Dir, point, () =>
        {
            if (git == "commit") repo.Git("commit", "-q", "--allow-empty", "-m", "a commit made meanwhile");
            else repo.Git("reset", "-q", "--soft", "HEAD~1");
            theirs = repo.Git("rev-parse", "HEAD");
        }, "pop", "-a");

        Assert.Equal(1, run.Exit);
        Assert.Contains("was moved while carry was working", run.Err);
        Assert.Contains("carry repair", run.Err);
        Assert.DoesNotContain("Exception", run.Err);
        Assert.NotEqual(before, theirs);
        Assert.Equal(theirs, repo.Git("rev-parse", "HEAD"));           // the user's change stays
        Assert.Equal(before, StackHead(repo));                          // carry's new state was not applied
        Assert.Equal("local edit that must survive\n", repo.Read("README.md"));
        Assert.All(new[] { 1, 2, 3 }, n => Assert.True(repo.Exists($"file-{n}.txt"))); // files rolled back
        Assert.False(File.Exists(Path.Combine(repo.Dir, ".git", "carry-journal")));
        Assert.Equal(0, TempRepo.RunGit(repo.Dir, "fsck", "--strict", "--no-progress").Exit);

        // The way on is the one carry names: adopt the branch as it is, then go on.
        repo.CarryOk("repair");
        Invariants.Check(repo);
    }

    [Theory]
    [InlineData("undo")]
    [InlineData("redo")]
    public void Undo_and_redo_refuse_after_a_plain_commit_and_say_how_to_adopt_it(string command)
    {
        using var repo = TempRepo.WithStack(2);
        repo.CarryOk("pop");
        if (command == "redo") repo.CarryOk("undo");
        repo.Write("mine.txt", "my own commit\n");
        var mine = repo.Commit("my own commit, made with plain git");
        var before = Snapshot.Take(repo);

        var refused = repo.CarryFails(command);
        Assert.Contains("changed outside carry", refused.Err);
        Assert.Contains("carry repair", refused.Err);
        Assert.Equal(before, Snapshot.Take(repo));

        // Adopted first, the commit is a patch; undo then undoes the adoption, and nothing is lost.
        repo.CarryOk("repair");
        if (command == "undo") repo.CarryOk("undo");
        Assert.Equal(0, TempRepo.RunGit(repo.Dir, "merge-base", "--is-ancestor", mine, "refs/carry/main").Exit);
        Invariants.Check(repo);
    }

    /// <summary>
    /// Plain git commits and resets at random moments while carry pops and pushes: every
    /// commit git reports as made is on the branch or in the stack afterwards.
    /// </summary>
    [Trait("Speed", "Slow")]
    [Fact]
    public void Commits_and_resets_at_random_moments_are_never_lost()
    {
        var trials = CrashTests.Trials("CARRY_RACE_TRIALS", 6);
        // The seed is in every failure message: CARRY_RACE_SEED=<seed> replays the same moments.
        var seed = Environment.GetEnvironmentVariable("CARRY_RACE_SEED") is { } given ? int.Parse(given) : Environment.TickCount;
        var random = new Random(seed);
        using var repo = TempRepo.WithStack(3);
        var made = new List<string>();
        for (var t = 0; t < trials; t++)
        {
            var args = t % 2 == 0 ? new[] { "pop", "-a" } : ["push", "-a"];
            var carry = CarryProcess.Start(repo.Dir, null, args);
            Thread.Sleep(random.Next(100, 900));
            // A reset only while the branch is above the base: below it, the stack's base is gone
            // and 'repair' rightly refuses (that is not what this test is about).
            if (random.Next(3) == 0 && TempRepo.RunGit(repo.Dir, "merge-base", "--is-ancestor", "base", "HEAD~1").Exit == 0)
            {
                TempRepo.RunGit(repo.Dir, "reset", "-q", "--soft", "HEAD~1");
            }
            else
            {
                var commit = TempRepo.RunGit(repo.Dir, "commit", "-q", "--allow-empty", "-m", $"racing commit {t}");
                if (commit.Exit == 0) made.Add(repo.Git("rev-parse", "HEAD"));
            }
            var run = CarryProcess.Finish(carry);
            Assert.False(run.Err.Contains("Exception"), $"seed {seed}, trial {t}: {run}");
            // Whatever happened, the stack takes the branch as it is before the next trial.
            // (When the racing git command lost the race for the index, there is nothing to repair.)
            var repair = repo.Carry("repair");
            Assert.True(repair.Exit == 0 || repair.Err.Contains("nothing to repair"), $"seed {seed}, trial {t}: repair failed: {repair}");
            foreach (var c in made)
                Assert.True(TempRepo.RunGit(repo.Dir, "merge-base", "--is-ancestor", c, "refs/carry/main").Exit == 0,
                    $"seed {seed}, trial {t}: commit {c} was lost ({string.Join(' ', args)}: {run})");
        }
        Invariants.Check(repo);
    }

    private static string StackHead(TempRepo repo) =>
        System.Text.Json.JsonDocument.Parse(repo.CarryOk("series", "--json").Out).RootElement
            .GetProperty("patches").EnumerateArray().Last(p => p.GetProperty("state").GetString() is "top").GetProperty("commit").GetString()!;
}
