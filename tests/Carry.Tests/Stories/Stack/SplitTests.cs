using Carry.Tests.Support;

namespace Carry.Tests.Stories.Stack;

/// <summary>carry split: by --path and by an edited plan; checked with git, undone, refused.</summary>
public sealed class SplitTests
{
    [Fact]
    public void Split_by_path_puts_those_files_in_a_new_patch_below()
    {
        using var repo = TempRepo.WithStack(3);
        repo.CarryOk("guard", "patch-number-2", "-extra");
        var tree = repo.Git("rev-parse", "HEAD^{tree}");
        Invariants.RunAndCheckUndo(repo, "split", "patch-number-2", "--path", "file-2.txt", "-n", "two-file", "-m", "Patch two: its file");
        Assert.Equal(tree, repo.Git("rev-parse", "HEAD^{tree}"));
        Assert.Equal("file-2.txt", repo.Git("diff", "--name-only", "HEAD~3", "HEAD~2"));
        Assert.Equal("shared.txt", repo.Git("diff", "--name-only", "HEAD~2", "HEAD~1"));
        Assert.Equal("Patch two: its file", repo.Git("log", "-1", "--format=%s", "HEAD~2"));
        Assert.Equal("Patch number 2", repo.Git("log", "-1", "--format=%s", "HEAD~1"));
        var series = repo.CarryOk("series").Out;
        Assert.Contains("two-file        Patch two: its file  [-extra]", series);
        Assert.Contains("patch-number-2  Patch number 2  [-extra]", series);
    }

    [Fact]
    public void Split_from_a_subdirectory_takes_paths_relative_to_it()
    {
        using var repo = TempRepo.WithStack(0);
        repo.CarryOk("new", "two-dirs");
        repo.Write("a/one.txt", "1\n");
        repo.Write("b/two.txt", "2\n");
        repo.Git("add", "a", "b");
        repo.CarryOk("refresh");
        var run = repo.CarryIn("a", "split", "--path", ".", "-n", "dir-a");
        Assert.True(run.Exit == 0, run.ToString());
        Assert.Equal("a/one.txt", repo.Git("diff", "--name-only", "HEAD~2", "HEAD~1"));
        Assert.Equal("b/two.txt", repo.Git("diff", "--name-only", "HEAD~1", "HEAD"));
        Invariants.Check(repo);
    }

    [Fact]
    public void Split_by_an_edited_plan_makes_several_parts()
    {
        using var repo = TempRepo.WithStack(0);
        repo.CarryOk("new", "three", "-m", "Three files\n\nWith a body.");
        foreach (var n in new[] { "x", "y", "z" }) repo.Write($"{n}.txt", n + "\n");
        repo.Git("add", ".");
        repo.CarryOk("refresh");
        var plan = Path.Combine(repo.Dir, ".git", "split-plan");
        File.WriteAllText(plan, "part px The x file\nx.txt\npart three\ny.txt\npart pz\nz.txt\n");
        repo.Git("config", "core.editor", $"cp '{plan}'");
        Invariants.RunAndCheckUndo(repo, "split", "three", "--edit");
        Assert.Equal(["The x file", "Three files", "Three files"], repo.Git("log", "--format=%s", "--reverse", "base..HEAD").Split('\n'));
        Assert.Equal("With a body.", repo.Git("log", "-1", "--format=%b", "HEAD~1").Trim());
        Assert.Equal("z.txt", repo.Git("diff", "--name-only", "HEAD~1", "HEAD"));
    }

    /// <summary>A name holding a newline was two lines of the plan, and no plan could name it; now it is C-quoted as git quotes it, and read back.</summary>
    [Fact]
    public void A_plan_names_a_file_with_a_newline_quoted_and_reads_it_back()
    {
        using var repo = TempRepo.WithStack(0);
        repo.CarryOk("new", "two", "-m", "Two files");
        repo.Write("a.txt", "a\n");
        repo.Write("nl\nname.txt", "odd\n");
        repo.Write("#hash.txt", "hash\n");
        repo.Git("add", ".");
        repo.CarryOk("refresh");
        var seen = Path.Combine(repo.Dir, ".git", "plan-seen");
        var plan = Path.Combine(repo.Dir, ".git", "split-plan");
        File.WriteAllText(plan, "part odd\n\"nl\\nname.txt\"\n\"#hash.txt\"\npart two\na.txt\n");
        repo.Git("config", "core.editor", $"sh -c 'cp \"$0\" \"{seen}\"; cp \"{plan}\" \"$0\"'");
        Invariants.RunAndCheckUndo(repo, "split", "two", "--edit");
        Assert.Contains("\"nl\\nname.txt\"\n", File.ReadAllText(seen));
        Assert.Contains("\"#hash.txt\"\n", File.ReadAllText(seen));
        Assert.Equal(["#hash.txt", "nl\nname.txt"], repo.Git("diff", "-z", "--name-only", "base", "HEAD~1").Split('\0', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("a.txt", repo.Git("diff", "--name-only", "HEAD~1", "HEAD"));
    }

    [Fact]
    public void A_split_that_cannot_be_made_changes_nothing()
    {
        using var repo = TempRepo.WithStack(2);
        var state = repo.Git("rev-parse", "refs/carry/main");
        Assert.Contains("does not change 'README.md'", repo.CarryFails("split", "patch-number-2", "--path", "README.md").Err);
        Assert.Contains("would be empty", repo.CarryFails("split", "patch-number-2", "--path", "file-2.txt", "--path", "shared.txt").Err);
        Assert.Contains("already exists", repo.CarryFails("split", "patch-number-2", "--path", "file-2.txt", "-n", "patch-number-1").Err);
        Assert.Contains("say how to split", repo.CarryFails("split").Err);
        Assert.Equal(state, repo.Git("rev-parse", "refs/carry/main"));
    }
}
