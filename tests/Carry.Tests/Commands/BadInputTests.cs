using Carry.Cli;
using Carry.Tests.Support;

namespace Carry.Tests.Commands;

/// <summary>Bad input gets a clear git-style error and changes nothing.</summary>
public sealed class BadInputTests
{
    private static void FailsWithoutChange(TempRepo repo, string expected, params string[] args)
    {
        var before = Snapshot.Take(repo);
        var carryRef = TempRepo.RunGit(repo.Dir, "rev-parse", "-q", "--verify", "refs/carry/main").Out;
        var run = repo.CarryFails(args);
        Assert.Contains(expected, run.Err);
        Assert.StartsWith("error:", run.Err);
        Assert.Equal(before, Snapshot.Take(repo));
        Assert.Equal(carryRef, TempRepo.RunGit(repo.Dir, "rev-parse", "-q", "--verify", "refs/carry/main").Out);
    }

    [Theory]
    [InlineData("has space", "cannot contain spaces")]
    [InlineData("has/slash", "cannot contain slashes")]
    [InlineData("-dash", "cannot start with")]
    [InlineData("a..b", "cannot contain '..'")]
    [InlineData("semi;colon", "cannot contain ';'")]
    public void Invalid_patch_names_are_refused(string name, string problem)
    {
        using var repo = TempRepo.WithStack(2);
        FailsWithoutChange(repo, problem, "new", name);
        FailsWithoutChange(repo, problem, "rename", "patch-number-1", name);
    }

    [Fact]
    public void Duplicate_and_unknown_names_are_refused()
    {
        using var repo = TempRepo.WithStack(2);
        FailsWithoutChange(repo, "already exists", "new", "patch-number-1");
        FailsWithoutChange(repo, "already exists", "rename", "patch-number-1", "patch-number-2");
        FailsWithoutChange(repo, "patch 'nope' does not exist", "goto", "nope");
        FailsWithoutChange(repo, "patch 'nope' does not exist", "delete", "nope");
        FailsWithoutChange(repo, "patch 'nope' does not exist", "move", "nope", "--top");
        FailsWithoutChange(repo, "a patch is named twice", "squash", "patch-number-1", "patch-number-1");
    }

    [Fact]
    public void A_base_that_does_not_exist_is_refused()
    {
        using var repo = TempRepo.WithBase(1);
        var run = repo.CarryFails("init", "--base", "upstream/nowhere");
        Assert.Contains("base 'upstream/nowhere' is not a commit", run.Err);
        Assert.Contains("hint:", run.Err);
        Assert.NotEqual(0, TempRepo.RunGit(repo.Dir, "rev-parse", "-q", "--verify", "refs/carry/main").Exit);
    }

    [Fact]
    public void A_base_that_is_not_below_the_branch_is_refused()
    {
        using var repo = TempRepo.WithBase(1);
        repo.Git("checkout", "-q", "-b", "other", "base");
        repo.Write("other.txt", "x\n");
        repo.Commit("elsewhere");
        repo.Git("checkout", "-q", "main");
        Assert.Contains("is not an ancestor", repo.CarryFails("init", "--base", "other").Err);
    }

    [Fact]
    public void Init_twice_is_refused()
    {
        using var repo = TempRepo.WithStack(2);
        FailsWithoutChange(repo, "already has a stack", "init", "--base", "base");
    }

    [Fact]
    public void Commands_without_a_stack_say_how_to_start_one()
    {
        using var repo = TempRepo.WithBase(1);
        foreach (var args in new[] { ["series"], ["push"], ["pop"], ["log"], new[] { "undo" } })
        {
            var run = repo.CarryFails(args);
            Assert.Contains("has no stack", run.Err);
            Assert.Contains("carry init --base", run.Err);
        }
    }

    [Fact]
    public void Detached_head_is_refused()
    {
        using var repo = TempRepo.WithStack(2);
        repo.Git("checkout", "-q", "--detach");
        var run = repo.CarryFails("pop");
        Assert.Contains("HEAD is detached", run.Err);
    }

    [Fact]
    public void A_conflicted_index_is_refused()
    {
        using var repo = TempRepo.WithStack(2);
        repo.Git("checkout", "-q", "-b", "side", "base");
        repo.Write("README.md", "side change\n");
        repo.Commit("side");
        repo.Git("checkout", "-q", "main");
        // A real conflict in the index, without a merge in progress (that is refused before:
        // GitInProgressTests): side's change applied with 'git apply --3way' onto ours.
        repo.Write("README.md", "ours\n");
        repo.Git("commit", "-q", "-am", "ours readme");
        var patch = Path.Combine(repo.Dir, ".git", "side.patch");
        File.WriteAllText(patch, repo.Git("diff", "base", "side", "--", "README.md") + "\n");
        Assert.NotEqual(0, TempRepo.RunGit(repo.Dir, "apply", "--3way", patch).Exit);
        Assert.Contains("UU README.md", repo.Git("status", "--short"));
        Assert.False(File.Exists(Path.Combine(repo.Dir, ".git", "MERGE_HEAD")));
        var run = repo.CarryFails("pop");
        Assert.Contains("unmerged paths", run.Err);
    }

    [Fact]
    public void A_second_carry_on_the_same_repository_is_locked_out()
    {
        using var repo = TempRepo.WithStack(2);
        var lockFile = Path.Combine(repo.Dir, ".git", "carry.lock");
        // A live process holds the lock: this test's own process id stands in for it.
        File.WriteAllText(lockFile, $"pid {Environment.ProcessId}\nhost {Environment.MachineName}\ncommand push -a\n");
        try
        {
            FailsWithoutChange(repo, "another carry is running", "pop");
        }
        finally
        {
            File.Delete(lockFile);
        }
    }

    [Fact]
    public void A_lock_left_by_a_dead_process_is_taken_over()
    {
        using var repo = TempRepo.WithStack(2);
        File.WriteAllText(Path.Combine(repo.Dir, ".git", "carry.lock"), $"pid {int.MaxValue - 1}\nhost {Environment.MachineName}\ncommand push\n");
        repo.CarryOk("pop");
        Assert.False(File.Exists(Path.Combine(repo.Dir, ".git", "carry.lock")));
        Invariants.Check(repo);
    }

    [Fact]
    public void Nothing_to_refresh_is_an_error()
    {
        using var repo = TempRepo.WithStack(2);
        FailsWithoutChange(repo, "no local changes", "refresh");
    }

    [Fact]
    public void Refresh_of_an_unapplied_patch_is_refused()
    {
        using var repo = TempRepo.WithStack(2);
        repo.CarryOk("pop");
        repo.Write("README.md", "edit\n");
        FailsWithoutChange(repo, "is not applied", "refresh", "-p", "patch-number-2");
    }

    [Fact]
    public void Unknown_options_get_a_usage_error()
    {
        using var repo = TempRepo.WithStack(2);
        var run = repo.Carry("push", "--frobnicate");
        Assert.NotEqual(0, run.Exit);
        Assert.Contains("--frobnicate", run.Err);
    }

    [Fact]
    public void Outside_a_repository_says_so()
    {
        var dir = Directory.CreateTempSubdirectory("carry-norepo");
        try
        {
            var err = new StringWriter();
            var exit = Carry.Cli.CarryApp.Run(["series"], new Carry.Cli.CliContext(dir.FullName, new StringWriter(), err));
            Assert.Equal(128, exit);
            Assert.Contains("not a git repository", err.ToString());
        }
        finally
        {
            dir.Delete(true);
        }
    }

    /// <summary>
    /// Where a command is told to write: a folder for a file, an empty name, a path under a file,
    /// a missing temp folder. These ended in "carry failed unexpectedly" (exit 70) or in .NET's own
    /// "Could not find a part of the path", which names no cause.
    /// </summary>
    [Fact]
    public void Bad_output_paths_are_refused_with_their_cause()
    {
        using var repo = TempRepo.WithStack(2);
        var outside = Templates.NewDir("out");
        Directory.CreateDirectory(Path.Combine(outside, "folder"));
        var file = Path.Combine(outside, "file");
        File.WriteAllText(file, "a file\n");
        FailsWithoutChange(repo, "is a folder, not a file", "report", "--html", Path.Combine(outside, "folder"));
        FailsWithoutChange(repo, "an empty name was given", "report", "--html", "");
        FailsWithoutChange(repo, $"'{file}' is a file, not a folder", "report", "--html", Path.Combine(file, "x.html"));
        FailsWithoutChange(repo, "does not exist", "report", "--html", Path.Combine(outside, "missing", "x.html"));
        FailsWithoutChange(repo, $"'{file}' is a file, not a folder", "export", "mbox", Path.Combine(file, "x.mbox"));
        FailsWithoutChange(repo, $"'{file}' is a file, not a folder", "export", "quilt", Path.Combine(file, "sub"));
        FailsWithoutChange(repo, $"'{file}' is a file, not a folder", "export", "quilt", file);
        FailsWithoutChange(repo, $"'{file}' is a file, not a folder", "setup", "--prefix", file);
        Assert.Equal(["file", "folder"], Directory.GetFileSystemEntries(outside).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(outside, "folder")));

        var demo = CarryProcess.Run(repo.Dir, new Dictionary<string, string> { ["TMPDIR"] = Path.Combine(outside, "missing") }, "demo");
        Assert.Equal(1, demo.Exit);
        Assert.Contains($"the temporary folder '{Path.Combine(outside, "missing")}/' does not exist", demo.Err);
    }

    /// <summary>carry.sync.park=ture was read as false: the unattended sync stopped at its conflict with no word about the setting.</summary>
    [Fact]
    public void A_boolean_setting_git_would_refuse_is_refused_by_the_command_that_reads_it()
    {
        using var repo = TempRepo.WithStack(2);
        repo.Git("config", "carry.sync.park", "ture");
        var before = Snapshot.Take(repo);
        var sync = repo.Carry("sync", "--onto", "base");
        Assert.True(sync.Exit == 128, sync.ToString());
        Assert.Contains("bad boolean config value 'ture' for 'carry.sync.park'", sync.Err);
        Assert.Equal(before, Snapshot.Take(repo));
        repo.Git("config", "carry.sync.park", "yes");
        repo.CarryOk("sync", "--onto", "base");
        Invariants.Check(repo);
    }
}
