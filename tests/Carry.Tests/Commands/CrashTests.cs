using Carry.Git;
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
    [InlineData("worktree-written", "pop", "-a")] // files written, carry's own index.lock left behind
    [InlineData("locked", "pop", "-a")]
    [InlineData("after-refs", "pop", "-a")]
    [InlineData("refs-locked", "pop", "-a")] // inside the ref transaction: both refs and HEAD locked, none moved
    [InlineData("refs-half", "pop", "-a")]   // between its two refs: the branch moved, the stack ref not yet
    public void A_killed_command_is_finished_by_the_next_run(string point, params string[] args)
    {
        using var repo = TempRepo.WithBase(3);
        repo.CarryOk("init", "--base", "base");
        repo.Write("README.md", "local edit that must survive\n");

        var crashed = CarryProcess.Run(repo.Dir, new Dictionary<string, string> { ["CARRY_CRASH_AT"] = point }, args);
        Assert.Equal(137, crashed.Exit);
        Assert.True(File.Exists(Path.Combine(repo.Dir, ".git", "carry.lock")));
        Assert.Equal(0, TempRepo.RunGit(repo.Dir, "fsck", "--no-progress").Exit);

        // (Killed holding the lock but before any journal: a reader leaves the stale lock to the next writer.)
        var next = repo.CarryOk(point == "locked" ? "pop" : "series");
        if (point != "locked") Assert.Contains("was found and finished", next.Err);
        Assert.False(File.Exists(Path.Combine(repo.Dir, ".git", "carry.lock")));
        Invariants.Check(repo);
        Assert.Equal("local edit that must survive\n", repo.Read("README.md"));
        Assert.Equal(" M README.md", repo.Git("status", "--porcelain").TrimEnd('\n').Split('\n').Single(l => l.Contains("README")));
        if (point != "locked") Assert.Contains($"carry {string.Join(' ', args)}", repo.CarryOk("log", "-n", "1").Out);
        else Assert.Contains("carry pop", repo.CarryOk("log", "-n", "1").Out);
        Assert.False(File.Exists(Path.Combine(repo.Dir, ".git", "index.lock")));
        Assert.False(File.Exists(Path.Combine(repo.Dir, ".git", "carry-journal")));
    }

    [Theory]
    [InlineData("recovery-start")]
    [InlineData("recovery-files")]
    [InlineData("recovery-end")]
    public void A_recovery_killed_again_and_again_is_finished_by_the_next_run(string point)
    {
        using var repo = TempRepo.WithStack(3);
        repo.Write("README.md", "local edit that must survive\n");
        Crash(repo, "worktree-written", "pop", "-a");
        // Each run dies while finishing the previous one: the journal stays until one completes.
        for (var i = 0; i < 3; i++)
        {
            Crash(repo, point, "series");
            Assert.True(File.Exists(Path.Combine(repo.Dir, ".git", "carry-journal")));
        }
        Assert.Contains("was found and finished", repo.CarryOk("series").Err);
        Invariants.Check(repo);
        Assert.Equal("local edit that must survive\n", repo.Read("README.md"));
        Assert.Empty(repo.CarryOk("series", "--json").Out.Split("\"applied\"").Skip(1));
        Assert.All(new[] { 1, 2, 3 }, n => Assert.False(repo.Exists($"file-{n}.txt")));
    }

    [Fact]
    public void Files_a_killed_run_would_have_overwritten_are_never_overwritten_by_recovery()
    {
        using var repo = TempRepo.WithStack(3);
        var head = repo.Git("rev-parse", "HEAD");
        // Killed before it could check the working tree, by a command the check would have refused...
        Crash(repo, "before-worktree", "pop");
        // ...and the file it changes then edited: recovery must not finish it over that edit.
        repo.Write("file-3.txt", "edited after the crash\n");
        var next = repo.CarryOk("series");
        Assert.Contains("was found and undone", next.Err);
        Assert.Equal("edited after the crash\n", repo.Read("file-3.txt"));
        Assert.Equal(head, repo.Git("rev-parse", "HEAD"));
        Invariants.Check(repo);
        Assert.Contains("> patch-number-3", repo.CarryOk("series").Out);
    }

    [Fact]
    public void A_killed_command_undone_under_the_users_edits_leaves_nothing_staged()
    {
        using var repo = TempRepo.WithStack(1);
        repo.CarryOk("pop");
        // Killed once it had written files and index; the user then edits both files it wrote.
        Crash(repo, "after-worktree", "push");
        repo.Write("file-1.txt", "USER DATA\n");
        var shared = repo.Read("shared.txt") + "user line\n";
        repo.Write("shared.txt", shared);

        Assert.Contains("was found and undone", repo.CarryOk("series").Err);
        // The edits stay, and the index is as before the command: the patch's content is not left staged.
        Assert.Equal("USER DATA\n", repo.Read("file-1.txt"));
        Assert.Equal(shared, repo.Read("shared.txt"));
        Assert.Equal(" M shared.txt\n?? file-1.txt", repo.Git("status", "--porcelain").TrimEnd('\n'));
        Assert.Equal("", repo.Git("diff", "--cached", "--name-only"));
        Assert.Equal(repo.Git("rev-parse", "base"), repo.Git("rev-parse", "HEAD"));
    }

    [Fact]
    public void A_killed_command_undone_keeps_what_the_user_staged_since()
    {
        using var repo = TempRepo.WithStack(1);
        repo.CarryOk("pop");
        Crash(repo, "after-worktree", "push");
        // The user edits both files the command wrote, and stages one of the edits.
        repo.Write("file-1.txt", "USER DATA\n");
        repo.Git("add", "file-1.txt");
        repo.Write("shared.txt", repo.Read("shared.txt") + "user line\n");

        Assert.Contains("was found and undone", repo.CarryOk("series").Err);
        Assert.Equal("A  file-1.txt\n M shared.txt", repo.Git("status", "--porcelain").TrimEnd('\n'));
        Assert.Equal("USER DATA", repo.Git("show", ":file-1.txt"));
    }

    [Fact]
    public void A_journal_belongs_to_its_working_tree_and_is_finished_only_there()
    {
        using var repo = TempRepo.WithStack(2);
        var other = Path.Combine(Path.GetTempPath(), "carry-wt-" + Guid.NewGuid().ToString("N")[..8]);
        repo.Git("worktree", "add", "-q", "-b", "second", other, "base");
        using var second = TempRepo.Adopt(other);
        second.AddPatchCommit(7);
        second.CarryOk("init", "--base", "base");
        Crash(second, "worktree-written", "pop");
        var gitDir = second.Git("rev-parse", "--absolute-git-dir");
        var secondHead = second.Git("rev-parse", "HEAD");
        Assert.True(File.Exists(Path.Combine(gitDir, "carry-journal")));
        Assert.False(File.Exists(Path.Combine(repo.Dir, ".git", "carry-journal")));

        // A command in the main working tree takes the stale lock but leaves the other tree's journal.
        var here = repo.CarryOk("pop");
        Assert.DoesNotContain("interrupted", here.Err);
        Assert.True(File.Exists(Path.Combine(gitDir, "carry-journal")));
        Assert.Equal(secondHead, second.Git("rev-parse", "HEAD"));

        Assert.Contains("was found and finished", second.CarryOk("series").Err);
        Assert.False(second.Exists("file-7.txt"));
        Assert.Equal(second.Git("rev-parse", "base"), second.Git("rev-parse", "HEAD"));
        Invariants.Check(second);
        Invariants.Check(repo);
    }

    [Fact]
    public void Temporary_lock_names_of_a_killed_run_are_removed_and_a_live_runs_kept()
    {
        using var repo = TempRepo.WithStack(2);
        var gitDir = Path.Combine(repo.Dir, ".git");
        // What a run killed between linking its lock (or its takeover guard) into place and
        // removing the private name leaves: a second name of the file. Process 4194303 is gone.
        string[] dead = ["carry.lock.4194303.0123abcd.tmp", "carry.lock.takeover.4194303.0123abcd.tmp"];
        var live = $"carry.lock.takeover.{Environment.ProcessId}.0123abcd.tmp";
        foreach (var name in dead.Append(live)) File.WriteAllText(Path.Combine(gitDir, name), "pid 4194303\n");
        repo.CarryOk("pop");
        foreach (var name in dead) Assert.False(File.Exists(Path.Combine(gitDir, name)), $"{name} was left");
        Assert.True(File.Exists(Path.Combine(gitDir, live)));
        Assert.False(File.Exists(Path.Combine(gitDir, "carry.lock")));
    }

    [Fact]
    public void A_pack_a_killed_run_was_writing_is_removed_and_a_live_runs_kept()
    {
        using var repo = TempRepo.WithStack(2);
        var packDir = Path.Combine(repo.Dir, ".git", "objects", "pack");
        Directory.CreateDirectory(packDir);
        // A run killed while writing its pack leaves both temporary names; process 4194303 is gone.
        string[] dead = [$"{PackWriter.TempPrefix}4194303_0123abcd.pack", $"{PackWriter.TempPrefix}4194303_0123abcd.idx"];
        var live = $"{PackWriter.TempPrefix}{Environment.ProcessId}_0123abcd.pack";
        foreach (var name in dead.Append(live)) File.WriteAllText(Path.Combine(packDir, name), "PACK");
        repo.CarryOk("pop");
        foreach (var name in dead) Assert.False(File.Exists(Path.Combine(packDir, name)), $"{name} was left");
        Assert.True(File.Exists(Path.Combine(packDir, live)));
        File.Delete(Path.Combine(packDir, live));
        Invariants.Check(repo);
    }

    [Fact]
    public void Temporary_index_files_of_a_killed_run_are_removed()
    {
        using var repo = TempRepo.WithStack(2);
        repo.Write("file-2.txt", "to be refreshed\n");
        Crash(repo, "before-journal", "refresh");
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(repo.Dir, ".git"), "carry-index-*"));
        repo.CarryOk("refresh");
        Assert.Empty(Directory.GetFiles(Path.Combine(repo.Dir, ".git"), "carry-index-*"));
        Assert.Empty(Directory.GetFiles(Path.Combine(repo.Dir, ".git"), "carry.lock*"));
        Invariants.Check(repo);
    }

    [Theory]
    [InlineData("")]                  // killed between creating the lock and writing it (older carry)
    [InlineData("pid 4194303\nhost ")] // an owner that no longer runs
    public void A_lock_whose_owner_is_gone_is_taken_over(string content)
    {
        using var repo = TempRepo.WithStack(2);
        var lockFile = Path.Combine(repo.Dir, ".git", "carry.lock");
        File.WriteAllText(lockFile, content.EndsWith("host ") ? content + Environment.MachineName + "\n" : content);
        File.SetLastWriteTimeUtc(lockFile, DateTime.UtcNow.AddMinutes(-1));
        repo.CarryOk("pop");
        Assert.False(File.Exists(lockFile));
        Invariants.Check(repo);
    }

    [Fact]
    public void A_fresh_unreadable_lock_is_respected()
    {
        using var repo = TempRepo.WithStack(2);
        File.WriteAllText(Path.Combine(repo.Dir, ".git", "carry.lock"), "");
        Assert.Contains("another carry is running", repo.CarryFails("pop").Err);
    }

    /// <summary>A folder at the lock's name is no lock carry made: refused at once (exit 5, not a crash), not waited on as a live run is.</summary>
    [Fact]
    public void A_folder_at_the_locks_name_is_refused_with_its_way_out()
    {
        using var repo = TempRepo.WithStack(2);
        var lockDir = Path.Combine(repo.Dir, ".git", "carry.lock");
        Directory.CreateDirectory(lockDir);
        var before = Snapshot.Take(repo);
        foreach (var command in new[] { "pop", "push" })
        {
            var run = repo.Carry(command);
            Assert.True(run.Exit == 5, run.ToString());
            Assert.Contains("is a folder, not carry's lock file", run.Err);
            Assert.Contains("rmdir", run.Err);
        }
        Assert.Equal(before, Snapshot.Take(repo));
        Directory.Delete(lockDir);
        repo.CarryOk("pop");
        Invariants.Check(repo);
    }

    [Fact]
    public void A_stale_lock_is_taken_over_by_one_run_only()
    {
        var trials = Trials("CARRY_LOCK_TRIALS", 4);
        using var repo = TempRepo.WithStack(2);
        var lockFile = Path.Combine(repo.Dir, ".git", "carry.lock");
        for (var t = 0; t < trials; t++)
        {
            File.WriteAllText(lockFile, $"pid 4194303\nhost {Environment.MachineName}\nnonce stale{t}\ncommand pop\n");
            File.SetLastWriteTimeUtc(lockFile, DateTime.UtcNow.AddMinutes(-1));
            // Both stop right after taking the lock: if both took it, both reach that point.
            var gos = new[] { Guid.NewGuid(), Guid.NewGuid() }.Select(g => Path.Combine(Path.GetTempPath(), "carry-go-" + g.ToString("N"))).ToArray();
            var runs = gos.Select(go => CarryProcess.Start(repo.Dir,
                new Dictionary<string, string> { ["CARRY_PAUSE_AT"] = "locked", ["CARRY_PAUSE_FILE"] = go }, "new", "x" + Path.GetFileName(go)[^6..])).ToArray();
            // The one holding the lock waits at that point; the other must give up (or, wrongly, get there too).
            var deadline = Environment.TickCount64 + 30_000;
            while (Environment.TickCount64 < deadline && runs.Count(r => r.HasExited) + gos.Count(g => File.Exists(g + ".reached")) < 2) Thread.Sleep(10);
            var holders = gos.Count(g => File.Exists(g + ".reached"));
            foreach (var go in gos) File.WriteAllText(go, "");
            var results = runs.Select(CarryProcess.Finish).ToArray();
            foreach (var go in gos) { File.Delete(go); File.Delete(go + ".reached"); }
            Assert.True(holders == 1, $"trial {t}: {holders} runs held the lock at once\n{results[0]}\n{results[1]}");
            Assert.Single(results, r => r.Exit == 0);
            Assert.Contains("another carry is running", results.Single(r => r.Exit != 0).Err);
        }
        Invariants.Check(repo);
    }

    [Fact]
    public void A_pack_that_cannot_be_flushed_to_disk_leaves_the_command_undone()
    {
        using var repo = TempRepo.WithStack(3);
        repo.Write("README.md", "local edit that must survive\n");
        var before = Snapshot.Take(repo);
        var head = repo.Git("rev-parse", "HEAD");
        // Moving the top patch to the bottom replays all three: more new objects than go loose, one pack.
        var failed = CarryProcess.Run(repo.Dir, new Dictionary<string, string> { ["CARRY_FAIL_AT"] = "pack-flush" }, "move", "patch-number-3", "--bottom");
        Assert.NotEqual(0, failed.Exit);
        Assert.Contains("could not write the new objects to disk", failed.Err);
        Assert.Contains("the working tree is as it was", failed.Err);
        Assert.Equal(head, repo.Git("rev-parse", "HEAD"));
        Assert.Equal(before, Snapshot.Take(repo));
        Assert.False(File.Exists(Path.Combine(repo.Dir, ".git", "carry-journal")));
        Assert.Equal(0, TempRepo.RunGit(repo.Dir, "fsck", "--no-progress").Exit);
        Invariants.Check(repo);
        // Nothing to finish or undo: the next run finds the stack as it was and the move then works.
        Assert.DoesNotContain("was found", repo.CarryOk("series").Err);
        repo.CarryOk("move", "patch-number-3", "--bottom");
        Assert.Equal("local edit that must survive\n", repo.Read("README.md"));
    }

    [Fact]
    public void A_journal_that_can_never_be_finished_is_undone_once_not_retried_by_every_command()
    {
        using var repo = TempRepo.WithStack(2);
        repo.Write("README.md", "local edit that must survive\n");
        // An upstream whose new file 'x' is a tree object under a blob's mode: every write of it fails.
        var tree = repo.Git("rev-parse", "base^{tree}");
        var sub = repo.GitWithInput("100644 blob " + repo.GitWithInput("inner\n", "hash-object", "-w", "--stdin") + "\tinner\n", "mktree");
        var body = new List<byte>();
        foreach (var line in repo.Git("ls-tree", tree).Split('\n').Append($"100644 blob {sub}\tx").OrderBy(l => l.Split('\t')[1], StringComparer.Ordinal))
        {
            var mode = line.Split(' ')[0];
            body.AddRange(System.Text.Encoding.ASCII.GetBytes($"{(mode == "040000" ? "40000" : mode)} {line.Split('\t')[1]}\0"));
            body.AddRange(Convert.FromHexString(line.Split(' ', '\t')[2]));
        }
        var file = Path.Combine(repo.Dir, ".git", "bad-tree");
        File.WriteAllBytes(file, [.. body]);
        var bad = repo.Git("hash-object", "-t", "tree", "-w", "--literally", file);
        File.Delete(file);
        repo.Git("branch", "upstream", repo.Git("commit-tree", bad, "-p", "base", "-m", "bad type"));
        var head = repo.Git("rev-parse", "HEAD");
        var status = repo.Git("status", "--porcelain");
        // Killed after its journal is written, as an older carry that failed there left it ('git fsck' objects to the tree, rightly).
        Assert.Equal(137, CarryProcess.Run(repo.Dir, new Dictionary<string, string> { ["CARRY_CRASH_AT"] = "before-worktree" }, "sync", "--onto", "upstream").Exit);
        Assert.True(File.Exists(Path.Combine(repo.Dir, ".git", "carry-journal")));

        var next = repo.CarryOk("series");
        Assert.Contains("was found and undone: it could not be finished", next.Err);
        Assert.False(File.Exists(Path.Combine(repo.Dir, ".git", "carry-journal")));
        Assert.Equal(head, repo.Git("rev-parse", "HEAD"));
        Assert.Equal(status, repo.Git("status", "--porcelain"));
        Assert.Equal("local edit that must survive\n", repo.Read("README.md"));
        Assert.DoesNotContain("was found", repo.CarryOk("status").Err);
    }

    private static void Crash(TempRepo repo, string point, params string[] args)
    {
        var crashed = CarryProcess.Run(repo.Dir, new Dictionary<string, string> { ["CARRY_CRASH_AT"] = point }, args);
        Assert.True(crashed.Exit == 137, $"carry {string.Join(' ', args)} should have been killed at {point}: {crashed}");
        Assert.Equal(0, TempRepo.RunGit(repo.Dir, "fsck", "--no-progress").Exit);
    }

    /// <summary>How many trials a repeated test runs: a few in the suite, more through an environment variable.</summary>
    internal static int Trials(string variable, int inSuite) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), out var n) && n > 0 ? n : inSuite;

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
