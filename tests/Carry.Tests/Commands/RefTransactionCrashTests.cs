using System.Diagnostics;
using Carry.Tests.Support;

namespace Carry.Tests.Commands;

/// <summary>
/// The ref transaction every command ends with, cut short: by a kill inside it (the locks a
/// killed carry leaves are recognised as its own and removed, whatever they lock), and, when git
/// does it for carry (<c>core.hooksPath</c>), by a Ctrl-C or a git that fails. The refs are
/// then read to see what happened: never a move reported that did not happen, never a branch
/// moved under a working tree and a stack that were not.
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

    [Fact]
    public void Ctrl_c_while_git_moves_the_refs_for_carry_does_not_stop_it()
    {
        using var repo = TempRepo.WithStack(2);
        var mark = Path.Combine(repo.Dir, ".git", "hook-ran");
        // A hooks folder (as husky sets), whose reference-transaction hook takes a moment once git
        // holds the locks; it ignores Ctrl-C itself (a hook that dies of it makes git abort, and
        // carry then puts the files back: A_ref_transaction_git_refuses_…), so that only git can die.
        Hooks(repo, """trap '' INT; [ "$1" = prepared ] && { touch "$MARK"; sleep 2; }""");
        var carry = CarryProcess.StartAsForegroundJob(repo.Dir, new Dictionary<string, string> { ["MARK"] = mark }, "pop", "-a");
        var deadline = Environment.TickCount64 + 60_000;
        while (!File.Exists(mark) && !carry.HasExited && Environment.TickCount64 < deadline) Thread.Sleep(10);
        Assert.True(File.Exists(mark), "the hook never ran");
        // Ctrl-C: SIGINT to the whole process group, carry and the git it started.
        using (var kill = Process.Start("kill", ["-INT", "--", $"-{carry.Id}"])) kill.WaitForExit();
        var run = CarryProcess.Finish(carry);

        AssertPoppedAll(repo, run);
    }

    [Fact]
    public void A_git_that_dies_after_moving_the_refs_leaves_the_command_done()
    {
        using var repo = TempRepo.WithStack(2);
        // git is killed once its transaction is committed: it exits 137 with both refs moved.
        Hooks(repo, """[ "$1" = committed ] && kill -9 $PPID""");
        var run = repo.Carry("pop", "-a");

        AssertPoppedAll(repo, run);
    }

    [Fact]
    public void A_ref_transaction_git_refuses_changes_nothing_and_says_why()
    {
        using var repo = TempRepo.WithStack(2);
        Hooks(repo, """[ "$1" = prepared ] && { echo "no ref updates today" >&2; exit 1; }""");
        var before = Snapshot.Take(repo);
        var run = repo.Carry("pop", "-a");

        Assert.NotEqual(0, run.Exit);
        Assert.NotEqual(70, run.Exit);
        Assert.DoesNotContain("was moved", run.Err);
        Assert.Contains("'carry pop -a' was not applied; the working tree is as it was", run.Err);
        Assert.Equal(before, Snapshot.Take(repo));
    }

    /// <summary>Points core.hooksPath at a folder whose reference-transaction hook runs <paramref name="body"/> (after reading its input, as git wants).</summary>
    /// <summary>'carry pop -a' done whole: branch at the base, nothing left staged, no false "was moved".</summary>
    private static void AssertPoppedAll(TempRepo repo, CarryRun run)
    {
        Assert.True(run.Exit == 0, run.ToString());
        Assert.DoesNotContain("was moved", run.Err);
        Assert.Equal(repo.Git("rev-parse", "base"), repo.Git("rev-parse", "HEAD"));
        Assert.Equal("", repo.Git("status", "--porcelain"));
        Invariants.Check(repo);
    }

    private static void Hooks(TempRepo repo, string body)
    {
        var hooks = Path.Combine(repo.Dir, ".git", "test-hooks");
        Directory.CreateDirectory(hooks);
        var hook = Path.Combine(hooks, "reference-transaction");
        File.WriteAllText(hook, $"#!/bin/sh\ncat >/dev/null\n{body}\nexit 0\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(hook, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        repo.Git("config", "core.hooksPath", hooks);
    }
}
