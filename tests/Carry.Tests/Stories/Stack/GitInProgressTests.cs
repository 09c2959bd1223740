using Carry.Tests.Support;

namespace Carry.Tests.Stories.Stack;

/// <summary>
/// A git merge, rebase, am, cherry-pick, revert or bisect left waiting for the user owns HEAD and
/// the index: carry refuses to write until it is finished or aborted, as git's own commands do,
/// and says which one and how; its read-only commands still answer, and status tells of it.
/// </summary>
public sealed class GitInProgressTests
{
    /// <summary>Every command line below writes; each must be refused with nothing changed.</summary>
    private static readonly string[][] Writers =
    [
        ["refresh"], ["pop"], ["push"], ["new", "z"], ["goto", "patch-number-1"], ["move", "patch-number-2", "--bottom"],
        ["rename", "patch-number-2", "renamed"], ["delete", "patch-number-2"], ["edit", "patch-number-1", "-m", "new message"],
        ["sync", "--onto", "base"], ["undo"], ["repair"], ["finish"], ["version", "v1"],
    ];

    [Fact]
    public void A_merge_with_its_conflicts_resolved_but_not_committed_stops_every_writer()
    {
        using var repo = TempRepo.WithStack(2);
        StartConflictingMerge(repo);
        repo.Write("shared.txt", TempRepo.SharedText(new Dictionary<int, string> { [5] = "resolved", [10] = "line 10 changed by patch 2" }));
        repo.Git("add", "shared.txt");
        var before = State(repo);
        foreach (var args in Writers)
        {
            var run = repo.CarryFails(args);
            Assert.True(run.Exit == 1, $"carry {string.Join(' ', args)}: {run}");
            Assert.Equal(
                "error: you are in the middle of a merge\n" +
                "hint: finish it with 'git commit' or abort it with 'git merge --abort', then run carry again.\n", run.Err);
            Assert.Equal(before, State(repo));
        }

        // The readers still answer, and status says what is going on.
        repo.CarryOk("series");
        repo.CarryOk("show");
        Assert.Contains("you are in the middle of a merge: finish it with 'git commit' or abort it with 'git merge --abort'", repo.CarryOk("status").Out);
        Assert.Contains("\"gitOperation\":\"merge\"", repo.CarryOk("status", "--json").Out.Replace(" ", ""));
        Assert.Equal(before, State(repo));

        // Aborted, it is gone: carry writes again, and the merge's resolution never reached a patch.
        repo.Git("merge", "--abort");
        Assert.DoesNotContain("middle of", repo.CarryOk("status").Out);
        repo.CarryOk("pop");
        Invariants.Check(repo);
        Assert.DoesNotContain("resolved", repo.Git("log", "-p", "--all", "--", "shared.txt"));
    }

    [Theory]
    [InlineData("cherry-pick", "error: you are in the middle of a cherry-pick\nhint: finish it with 'git cherry-pick --continue' or abort it with 'git cherry-pick --abort', then run carry again.\n")]
    [InlineData("revert", "error: you are in the middle of a revert\nhint: finish it with 'git revert --continue' or abort it with 'git revert --abort', then run carry again.\n")]
    [InlineData("rebase", "error: you are in the middle of a rebase of branch 'main'\nhint: finish it with 'git rebase --continue' or abort it with 'git rebase --abort', then run carry again.\n")]
    [InlineData("am", "error: you are in the middle of an am session\nhint: finish it with 'git am --continue' (or skip a patch with 'git am --skip') or abort it with 'git am --abort', then run carry again.\n")]
    [InlineData("bisect", "error: you are in the middle of a bisect\nhint: finish it with 'git bisect reset', then run carry again.\n")]
    public void Every_git_operation_git_status_reports_as_in_progress_stops_carry(string operation, string error)
    {
        using var repo = TempRepo.WithStack(2);
        Start(repo, operation);
        var before = State(repo);
        foreach (var args in (string[][])[["refresh"], ["pop"], ["new", "z"]])
        {
            var run = repo.CarryFails(args);
            Assert.True(run.Exit == 1, $"carry {string.Join(' ', args)}: {run}");
            Assert.Equal(error, run.Err);
        }
        Assert.Equal(before, State(repo));
    }

    [Fact]
    public void A_cherry_pick_of_several_commits_is_in_progress_until_its_list_is_done()
    {
        using var repo = TempRepo.WithStack(2);
        var (first, second) = SideCommits(repo);
        Assert.NotEqual(0, TempRepo.RunGit(repo.Dir, "cherry-pick", first, second).Exit);
        repo.Write("shared.txt", TempRepo.SharedText(new Dictionary<int, string> { [5] = "resolved", [10] = "line 10 changed by patch 2" }));
        repo.Git("add", "shared.txt");
        // Committing the resolution ends this pick (CHERRY_PICK_HEAD goes) but not the sequence.
        repo.Git("-c", "core.editor=true", "commit", "-q", "--no-edit");
        Assert.Contains("Cherry-pick currently in progress", repo.Git("status"));
        Assert.Contains("in the middle of a cherry-pick", repo.CarryFails("pop").Err);
        repo.Git("cherry-pick", "--quit");
        Assert.Contains("changed outside carry", repo.CarryFails("pop").Err);
    }

    [Fact]
    public void A_merge_in_a_linked_worktree_stops_carry_there_only()
    {
        using var repo = TempRepo.WithStack(2);
        var other = Templates.NewDir("linked");
        repo.Git("worktree", "add", "-q", "-b", "second", other, "base");
        try
        {
            var linked = TempRepo.Adopt(other);
            linked.Write("second.txt", "second\n");
            linked.Commit("second patch");
            linked.CarryOk("init", "--base", "base");
            linked.Git("branch", "side", "base");
            linked.Git("checkout", "-q", "side");
            linked.Write("second.txt", "side\n");
            linked.Commit("side");
            linked.Git("checkout", "-q", "second");
            Assert.NotEqual(0, TempRepo.RunGit(other, "merge", "side").Exit);
            // git keeps MERGE_HEAD in the linked worktree's own git folder, not in the main one.
            Assert.False(File.Exists(Path.Combine(repo.Dir, ".git", "MERGE_HEAD")));
            Assert.Contains("in the middle of a merge", linked.CarryFails("pop").Err);
            Assert.Contains("in the middle of a merge", linked.CarryOk("status").Out);
            repo.CarryOk("pop");
            Assert.DoesNotContain("middle of", repo.CarryOk("status").Out);
        }
        finally
        {
            repo.Git("worktree", "remove", "--force", other);
        }
    }

    [Fact]
    public void A_merge_in_a_repository_with_a_separate_git_dir_stops_carry()
    {
        using var repo = TempRepo.WithStack(2);
        var gitDir = Templates.NewDir("separate-git-dir");
        // Moves .git elsewhere and leaves a .git file pointing at it, as 'git init --separate-git-dir' does.
        repo.Git("init", "-q", "--separate-git-dir", gitDir);
        try
        {
            Assert.True(File.Exists(Path.Combine(repo.Dir, ".git")));
            StartConflictingMerge(repo);
            Assert.True(File.Exists(Path.Combine(gitDir, "MERGE_HEAD")));
            Assert.Contains("in the middle of a merge", repo.CarryFails("refresh").Err);
        }
        finally
        {
            TempRepo.DeleteFolder(gitDir);
        }
    }

    /// <summary>
    /// Two commits on branch 'side' from the base: the first changes line 5 of shared.txt, as
    /// the stack's first patch does (a conflict with it either way), the second adds a file.
    /// </summary>
    private static (string First, string Second) SideCommits(TempRepo repo)
    {
        repo.Git("checkout", "-q", "-b", "side", "base");
        repo.Write("shared.txt", TempRepo.SharedText(new Dictionary<int, string> { [5] = "line 5 changed on side" }));
        var first = repo.Commit("side");
        repo.Write("side.txt", "more\n");
        var second = repo.Commit("side again");
        repo.Git("checkout", "-q", "main");
        return (first, second);
    }

    /// <summary>A 'git merge' of 'side' into the stack's branch, stopped at its conflict.</summary>
    private static void StartConflictingMerge(TempRepo repo)
    {
        SideCommits(repo);
        Assert.NotEqual(0, TempRepo.RunGit(repo.Dir, "merge", "side").Exit);
    }

    /// <summary>Leaves <paramref name="operation"/> stopped half-way, as a conflict leaves it (bisect: started).</summary>
    private static void Start(TempRepo repo, string operation)
    {
        var (first, _) = SideCommits(repo);
        string[] command = operation switch
        {
            "cherry-pick" => ["cherry-pick", first],
            // Reverting a commit the branch never had: its lines 5 differ, so the revert conflicts.
            "revert" => ["revert", "--no-edit", first],
            "rebase" => ["rebase", "side"],
            "am" => ["am", "--3way", WritePatch(repo, first)],
            // Started without a checkout (HEAD stays on the branch): bisect is still in progress.
            "bisect" => ["bisect", "start"],
            _ => throw new ArgumentException(operation),
        };
        var run = TempRepo.RunGit(repo.Dir, command);
        Assert.True(operation == "bisect" ? run.Exit == 0 : run.Exit != 0, $"git {string.Join(' ', command)}: {run}");
        var said = operation switch { "am" => "am session", "bisect" => "bisecting", "rebase" => "rebasing", "revert" => "reverting", _ => "cherry-picking" };
        Assert.Contains(said, repo.Git("status"));
    }

    private static string WritePatch(TempRepo repo, string commit)
    {
        var file = Path.Combine(repo.Dir, ".git", "side.patch");
        File.WriteAllText(file, repo.Git("format-patch", "-1", "--stdout", commit) + "\n");
        return file;
    }

    /// <summary>Refs (carry's too), HEAD, the index and the working tree's changes: all a refused command must leave alone.</summary>
    private static string State(TempRepo repo) => string.Join("\n--\n",
        repo.Git("for-each-ref", "--format=%(refname) %(objectname)"),
        repo.Git("rev-parse", "HEAD"),
        TempRepo.RunGit(repo.Dir, "symbolic-ref", "-q", "HEAD").Out,
        repo.Git("ls-files", "-s"),
        repo.Git("status", "--porcelain", "--untracked-files=all"),
        repo.Git("diff", "HEAD"));
}
