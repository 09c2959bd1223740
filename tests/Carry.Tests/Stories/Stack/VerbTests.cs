using Carry.Tests.Support;

namespace Carry.Tests.Stories.Stack;

/// <summary>
/// The verbs StGit users reach for (finish, uncommit, pick, fold, spill, hide), patch ranges,
/// and commands run from a subdirectory: each checked with git, undone, and refused when it must be.
/// </summary>
public sealed class VerbTests
{
    private static string[] Names(TempRepo repo) =>
        [.. repo.CarryOk("series", "--all").Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[..1] + l[2..].Split(' ')[0])];

    [Fact]
    public void Ranges_name_every_patch_between_both_ends()
    {
        using var repo = TempRepo.WithStack(5);
        Invariants.RunAndCheckUndo(repo, "pop", "patch-number-2..patch-number-4");
        Assert.Equal(["+patch-number-1", ">patch-number-5", "-patch-number-2", "-patch-number-3", "-patch-number-4"], Names(repo));
        Invariants.RunAndCheckUndo(repo, "delete", "..patch-number-2");
        // Series order is applied, then unapplied: '..patch-number-2' is 1, 5 and 2.
        Assert.Equal(["-patch-number-3", "-patch-number-4"], Names(repo));
        var wrong = repo.CarryFails("pop", "patch-number-4..patch-number-3");
        Assert.Contains("the range 'patch-number-4..patch-number-3' is empty", wrong.Err);
        Assert.Contains("does not exist", repo.CarryFails("delete", "patch-number-1..nope").Err);
    }

    [Fact]
    public void Refresh_takes_paths_relative_to_the_current_directory()
    {
        using var repo = TempRepo.WithStack(1);
        repo.Write("sub/dir/a.txt", "one\n");
        repo.Write("sub/b.txt", "two\n");
        repo.Git("add", "sub");
        repo.Git("commit", "-q", "-m", "Add sub");
        repo.CarryOk("repair");
        repo.Write("sub/dir/a.txt", "one, edited\n");
        repo.Write("sub/b.txt", "two, edited\n");
        var run = repo.CarryIn("sub/dir", "refresh", "a.txt");
        Assert.True(run.Exit == 0, run.ToString());
        Assert.Equal("sub/dir/a.txt", repo.Git("diff", "--name-only", "HEAD^", "HEAD", "--", "sub/dir"));
        Assert.Equal("M sub/b.txt", repo.Git("status", "--short").Trim());
        Assert.Contains("outside the working tree", repo.CarryIn("sub", "refresh", "../../x").Err);
        Invariants.Check(repo);
    }

    [Fact]
    [Trait(CarryProcess.Trait, "story")]
    public void Pop_from_a_folder_it_deletes_completes_and_the_next_command_works()
    {
        using var repo = TempRepo.WithStack(1);
        repo.Write("deep/inside/file.txt", "text\n");
        repo.Commit("Add deep");
        repo.CarryOk("repair");
        var sub = Path.Combine(repo.Dir, "deep", "inside");
        var pop = CarryProcess.Run(sub, new Dictionary<string, string> { ["PWD"] = sub }, "pop");
        Assert.True(pop.Exit == 0, pop.ToString());
        Assert.False(Directory.Exists(sub));
        Assert.Contains("- add-deep", repo.CarryOk("series").Out);
        Assert.Null(Carry.Storage.Journal.Read(Path.Combine(repo.Dir, ".git")));
        Invariants.Check(repo);
    }

    [Fact]
    public void Finish_makes_bottom_patches_base_history_and_uncommit_takes_them_back()
    {
        using var repo = TempRepo.WithStack(3);
        var head = repo.Git("rev-parse", "HEAD");
        var second = repo.Git("rev-parse", "HEAD~1");
        var run = Invariants.RunAndCheckUndo(repo, "finish", "patch-number-2");
        Assert.Contains("Finished 'patch-number-1'", run.Out);
        Assert.Equal(head, repo.Git("rev-parse", "HEAD"));
        Assert.Equal([">patch-number-3"], Names(repo));
        Assert.Contains(second, repo.CarryOk("series", "--json").Out);

        Invariants.RunAndCheckUndo(repo, "uncommit", "-n", "2");
        Assert.Equal(["+patch-number-1", "+patch-number-2", ">patch-number-3"], Names(repo));
        Assert.Equal(repo.Git("rev-parse", "base"), repo.Git("rev-parse", "HEAD~3"));
        Assert.Contains("first commit of the history", repo.CarryFails("uncommit", "-n", "9").Err);
    }

    [Fact]
    public void Finish_refuses_a_private_patch()
    {
        using var repo = TempRepo.WithStack(2);
        repo.CarryOk("edit", "patch-number-1", "--layer", "private");
        var before = repo.Git("rev-parse", "refs/carry/main");
        var refused = repo.CarryFails("finish");
        Assert.Contains("private layer 'private'", refused.Err);
        Assert.Equal(before, repo.Git("rev-parse", "refs/carry/main"));
    }

    [Fact]
    public void Pick_copies_a_commit_or_another_stacks_patch_on_top()
    {
        using var repo = TempRepo.WithStack(2);
        repo.Git("checkout", "-q", "-b", "other", "base");
        repo.Write("other.txt", "from the other branch\n");
        repo.Commit("Other: add a file");
        repo.CarryOk("init", "--base", "base");
        repo.CarryOk("edit", "other-add-a-file", "--layer", "fork");
        repo.Git("checkout", "-q", "main");

        var run = Invariants.RunAndCheckUndo(repo, "pick", "other:other-add-a-file", "-n", "picked");
        Assert.Contains("as 'picked'", run.Out);
        Assert.Equal("from the other branch", repo.Read("other.txt").Trim());
        Assert.Contains("fork", repo.CarryOk("series").Out.Split('\n')[0]);

        repo.Git("checkout", "-q", "-b", "loose", "base");
        repo.Write("loose.txt", "loose\n");
        var loose = repo.Commit("Loose change");
        repo.Git("checkout", "-q", "main");
        Invariants.RunAndCheckUndo(repo, "pick", loose);
        Assert.Equal("Loose change", repo.Git("log", "-1", "--format=%s"));
        Assert.Equal("loose.txt", repo.Git("diff", "--name-only", "HEAD^", "HEAD"));

        repo.Git("checkout", "-q", "-b", "clash", "base");
        repo.Write("shared.txt", TempRepo.SharedText(new Dictionary<int, string> { [5] = "clash" }));
        var clash = repo.Commit("Clash");
        repo.Git("checkout", "-q", "main");
        var head = repo.Git("rev-parse", "HEAD");
        Assert.Contains("conflicts in", repo.CarryFails("pick", clash).Err);
        Assert.Equal(head, repo.Git("rev-parse", "HEAD"));
        Assert.Contains("neither a commit nor BRANCH:PATCH", repo.CarryFails("pick", "nothing-like-this").Err);
        Assert.Contains("already applied", repo.CarryFails("pick", loose).Err);
    }

    [Fact]
    public void Fold_applies_a_diff_into_the_top_patch()
    {
        using var repo = TempRepo.WithStack(2);
        repo.Write("file-2.txt", "content of patch 2, folded\n");
        var diff = repo.Git("diff");
        repo.Git("checkout", "--", "file-2.txt");
        var file = Path.Combine(repo.Dir, "..", Path.GetFileName(repo.Dir) + ".diff");
        File.WriteAllText(file, diff + "\n");
        try
        {
            Invariants.RunAndCheckUndo(repo, "fold", file);
            Assert.Equal("content of patch 2, folded", repo.Git("show", "HEAD:file-2.txt"));
            Assert.Equal("", repo.Git("status", "--short"));
            var head = repo.Git("rev-parse", "HEAD");
            var refused = repo.CarryFails("fold", file);
            Assert.Contains("does not apply to patch 'patch-number-2'", refused.Err);
            Assert.Equal(head, repo.Git("rev-parse", "HEAD"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Fold_reads_a_CRLF_mangled_patch_as_import_does()
    {
        using var repo = TempRepo.WithStack(2);
        using var dir = new TempDir("crlf");
        var file = Path.Combine(dir.Path, "crlf.patch");
        // Every line ends with CRLF (a mailer did it); the file has LF lines.
        File.WriteAllText(file, "--- a/file-2.txt\r\n+++ b/file-2.txt\r\n@@ -1 +1,2 @@\r\n content of patch 2\r\n+a second line\r\n");
        Invariants.RunAndCheckUndo(repo, "fold", file);
        Assert.Equal("content of patch 2\na second line\n", repo.Git("cat-file", "blob", "HEAD:file-2.txt") + "\n");
        Assert.Equal("", repo.Git("status", "--short"));
    }

    [Fact]
    public void Spill_empties_the_top_patch_into_local_changes()
    {
        using var repo = TempRepo.WithStack(2);
        var tree = repo.Git("rev-parse", "HEAD^{tree}");
        Invariants.RunAndCheckUndo(repo, "spill");
        Assert.Equal(repo.Git("rev-parse", "HEAD^^{tree}"), repo.Git("rev-parse", "HEAD^{tree}"));
        Assert.Equal("Patch number 2", repo.Git("log", "-1", "--format=%s"));
        Assert.Equal(tree, repo.Git("write-tree"));
        Assert.Contains("content of patch 2", repo.Read("file-2.txt"));
        Assert.Contains("already empty", repo.CarryFails("spill").Err);
        repo.Git("reset", "-q", "--hard");
        repo.CarryOk("pop", "-a");
        Assert.Contains("no patch applied", repo.CarryFails("spill").Err);
    }

    [Fact]
    public void Hidden_patches_are_left_out_of_series_and_push()
    {
        using var repo = TempRepo.WithStack(4);
        repo.CarryOk("pop", "patch-number-2..");
        Invariants.RunAndCheckUndo(repo, "hide", "patch-number-2", "patch-number-3");
        Assert.Equal([">patch-number-1", "-patch-number-4", "!patch-number-2", "!patch-number-3"], Names(repo));
        Assert.DoesNotContain("patch-number-2", repo.CarryOk("series").Out);
        repo.CarryOk("push", "-a");
        Assert.Equal("Patch number 4", repo.Git("log", "-1", "--format=%s"));
        Assert.Equal(repo.Git("rev-parse", "base"), repo.Git("rev-parse", "HEAD~2"));
        Assert.Contains("is hidden", repo.CarryFails("push", "patch-number-2").Err);
        Assert.Contains("is applied", repo.CarryFails("hide", "patch-number-4").Err);
        Invariants.RunAndCheckUndo(repo, "unhide", "patch-number-2..patch-number-3");
        repo.CarryOk("push", "-a");
        Assert.Equal(4, Names(repo).Length);
    }
}
