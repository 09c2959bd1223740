using Carry.Tests.Support;

namespace Carry.Tests.Commands;

/// <summary>
/// The ref transaction every command ends with, cut short by a kill inside it: the locks a
/// killed carry leaves are recognised as its own and removed, whatever they lock.
/// </summary>
[Trait("Speed", "Slow")]
public sealed class RefTransactionCrashTests
{
    [Theory]
    [InlineData("refs-locked", "rename", "patch-number-2", "renamed")] // the branch locked, kept at its value
    [InlineData("ref-locked", "rename", "patch-number-2", "renamed")]  // killed the moment its first lock exists
    [InlineData("ref-locked", "pop", "-a")]
    [InlineData("head-locked", "pop", "-a")]
    public void Every_lock_a_killed_ref_transaction_leaves_is_its_own_and_removed(string point, params string[] args)
    {
        using var repo = TempRepo.WithStack(2);
        var git = Path.Combine(repo.Dir, ".git");
        var crashed = CarryProcess.Run(repo.Dir, new Dictionary<string, string> { ["CARRY_CRASH_AT"] = point }, args);
        Assert.True(crashed.Exit == 137, $"carry should have been killed at {point}: {crashed}");
        string[] locks = [Path.Combine(git, "refs", "heads", "main.lock"), Path.Combine(git, "refs", "carry", "main.lock"), Path.Combine(git, "HEAD.lock")];
        // Created with its content in one step: never an empty lock, which could be anyone's.
        Assert.All(locks.Where(File.Exists), l => Assert.NotEqual(0, new FileInfo(l).Length));
        Assert.Contains(locks, File.Exists);

        Assert.Contains("was found and finished", repo.CarryOk("series").Err);
        Assert.All(locks, l => Assert.False(File.Exists(l), $"{l} was left"));
        Assert.Empty(Directory.GetFiles(git, "carry-reflock.*"));
        Invariants.Check(repo);
        Assert.Contains($"carry {string.Join(' ', args)}", repo.CarryOk("log", "-n", "1").Out);
        // Plain git works again too.
        repo.Git("commit", "-q", "--allow-empty", "-m", "after the crash");
    }

    [Fact]
    public void A_lock_content_file_of_a_killed_run_is_removed()
    {
        using var repo = TempRepo.WithStack(2);
        var git = Path.Combine(repo.Dir, ".git");
        // Killed between writing a lock's content and removing its private name; process 4194303 is gone.
        var dead = Path.Combine(git, "carry-reflock.4194303.0123abcd.tmp");
        var live = Path.Combine(git, $"carry-reflock.{Environment.ProcessId}.0123abcd.tmp");
        File.WriteAllText(dead, "0123\n");
        File.WriteAllText(live, "0123\n");
        repo.CarryOk("pop");
        Assert.False(File.Exists(dead));
        Assert.True(File.Exists(live));
    }
}
