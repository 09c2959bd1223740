using Carry.Tests.Support;

namespace Carry.Tests.Stories.Stack;

/// <summary>
/// carry uses the repository git would use where it runs: GIT_DIR, GIT_WORK_TREE and
/// GIT_CEILING_DIRECTORIES are honoured as git honours them, and every git carry starts works on
/// that same repository (a real carry process each time: the variables are the process's own).
/// </summary>
public sealed class RepositoryDiscoveryTests
{
    [Fact]
    public void GIT_DIR_and_GIT_WORK_TREE_name_the_repository_from_anywhere()
    {
        using var repo = TempRepo.WithStack(2);
        using var elsewhere = new TempDir("elsewhere");
        var env = new Dictionary<string, string> { ["GIT_DIR"] = Path.Combine(repo.Dir, ".git"), ["GIT_WORK_TREE"] = repo.Dir };
        var status = CarryProcess.Run(elsewhere.Path, env, "status");
        Assert.True(status.Exit == 0, status.ToString());
        Assert.StartsWith("On branch main, base base", status.Out);
        Assert.Contains("no local changes", status.Out);

        var pop = CarryProcess.Run(elsewhere.Path, env, "pop");
        Assert.True(pop.Exit == 0, pop.ToString());
        Assert.False(repo.Exists("file-2.txt"));
        Assert.Equal(["patch-number-1"], StackCommandTests.Applied(repo));
        Assert.Empty(Directory.GetFileSystemEntries(elsewhere.Path));
        Invariants.Check(repo);
    }

    [Fact]
    public void GIT_DIR_alone_makes_the_current_folder_the_work_tree_as_in_git()
    {
        using var repo = TempRepo.WithStack(2);
        using var elsewhere = new TempDir("elsewhere");
        File.WriteAllText(Path.Combine(elsewhere.Path, "README.md"), "seen from elsewhere\n");
        var env = new Dictionary<string, string> { ["GIT_DIR"] = Path.Combine(repo.Dir, ".git") };
        var status = CarryProcess.Run(elsewhere.Path, env, "status");
        Assert.True(status.Exit == 0, status.ToString());
        // The local changes are git's own answer for the same variables in the same folder.
        var git = TempRepo.RunGit(elsewhere.Path, "-c", "core.quotePath=true", "--git-dir", Path.Combine(repo.Dir, ".git"), "status", "--short");
        Assert.Equal(0, git.Exit);
        Assert.Contains(" M README.md", git.Out);
        Assert.EndsWith("local changes:\n" + git.Out.TrimEnd('\n') + "\n", status.Out);
    }

    [Fact]
    public void GIT_DIR_naming_another_repository_is_the_one_carry_changes()
    {
        using var here = TempRepo.WithStack(2);
        using var there = TempRepo.WithStack(2);
        here.Write("README.md", "a change here\n");
        there.Write("README.md", "a change there\n");
        var hereBefore = Snapshot.Take(here);
        var hereStack = here.Git("rev-parse", "refs/carry/main");
        var thereStack = there.Git("rev-parse", "refs/carry/main");

        var env = new Dictionary<string, string> { ["GIT_DIR"] = Path.Combine(there.Dir, ".git"), ["GIT_WORK_TREE"] = there.Dir };
        var refresh = CarryProcess.Run(here.Dir, env, "refresh");
        Assert.True(refresh.Exit == 0, refresh.ToString());
        Assert.Contains("Refreshed 'patch-number-2'", refresh.Out);

        // There: the change is in the top patch and the working tree is clean.
        Assert.NotEqual(thereStack, there.Git("rev-parse", "refs/carry/main"));
        Assert.Equal("a change there\n", there.Git("show", "HEAD:README.md") + "\n");
        Assert.Equal("", there.Git("status", "--short"));
        Invariants.Check(there);
        // Here: nothing moved, the change still local.
        Assert.Equal(hereBefore, Snapshot.Take(here));
        Assert.Equal(hereStack, here.Git("rev-parse", "refs/carry/main"));
    }

    [Fact]
    public void A_GIT_DIR_that_is_no_repository_is_refused_as_git_refuses_it()
    {
        using var repo = TempRepo.WithStack(2);
        var missing = Path.Combine(repo.Dir, "no-such-git-dir");
        var run = CarryProcess.Run(repo.Dir, new Dictionary<string, string> { ["GIT_DIR"] = missing }, "pop");
        Assert.Equal(128, run.Exit);
        Assert.Contains($"not a git repository: '{missing}'", run.Err);
        Assert.Equal(["patch-number-1", "patch-number-2"], StackCommandTests.Applied(repo));
    }

    [Fact]
    public void GIT_CEILING_DIRECTORIES_stops_the_search_as_in_git()
    {
        using var repo = TempRepo.WithStack(2);
        var sub = Path.Combine(repo.Dir, "sub");
        Directory.CreateDirectory(sub);
        var env = new Dictionary<string, string> { ["GIT_CEILING_DIRECTORIES"] = repo.Dir };
        var run = CarryProcess.Run(sub, env, "series");
        Assert.Equal(128, run.Exit);
        Assert.Contains("not a git repository", run.Err);
        // Below the ceiling, the search starts in the folder itself: the repository's top is found.
        Assert.Equal(0, CarryProcess.Run(repo.Dir, env, "series").Exit);
    }

    [Fact]
    public void The_command_of_carry_test_works_on_its_temporary_worktree_whatever_GIT_DIR_says()
    {
        using var repo = TempRepo.WithStack(2);
        var env = new Dictionary<string, string> { ["GIT_DIR"] = Path.Combine(repo.Dir, ".git"), ["GIT_WORK_TREE"] = repo.Dir };
        // Inheriting the variables, the command's git would see the user's work tree instead of its own.
        var run = CarryProcess.Run(repo.Dir, env, "test", "--", "sh", "-c", "test \"$(git rev-parse --show-toplevel)\" = \"$(pwd -P)\"");
        Assert.True(run.Exit == 0, run.ToString());
    }
}
