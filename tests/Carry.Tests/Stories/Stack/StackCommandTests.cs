using Carry.Tests.Support;

namespace Carry.Tests.Stories.Stack;

/// <summary>The everyday commands, each checked with git and undone.</summary>
public sealed class StackCommandTests
{
    [Fact]
    public void Init_adopts_the_commits_above_the_base_as_patches()
    {
        using var repo = TempRepo.WithBase(3);
        var run = repo.CarryOk("init", "--base", "base");
        Assert.Contains("3 patches adopted", run.Out);
        var series = repo.CarryOk("series").Out;
        Assert.Equal(["+ patch-number-1", "+ patch-number-2", "> patch-number-3"],
            series.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[..16]));
        Assert.Contains("Patch number 2", series);
        Invariants.Check(repo);
        Assert.Contains(repo.Git("rev-parse", "HEAD"), repo.Git("rev-list", "--parents", "-n", "1", "refs/carry/main"));
    }

    [Fact]
    public void Init_without_a_base_uses_the_branch_upstream()
    {
        using var upstream = TempRepo.WithBase();
        using var clone = new TempRepo("clone");
        clone.Git("remote", "add", "origin", upstream.Dir);
        clone.Git("fetch", "-q", "origin");
        clone.Git("checkout", "-q", "-B", "main", "--track", "origin/main");
        clone.AddPatchCommit(1);
        var run = clone.CarryOk("init");
        Assert.Contains("base origin/main", run.Out);
        Assert.Contains("1 patch adopted", run.Out);
        Invariants.Check(clone);
    }

    [Fact]
    public void Pop_and_push_move_the_branch_and_files_and_are_undoable()
    {
        using var repo = TempRepo.WithStack(3);
        Invariants.RunAndCheckUndo(repo, "pop");
        Assert.False(repo.Exists("file-3.txt"));
        Assert.Contains("- patch-number-3", repo.CarryOk("series").Out);
        Invariants.RunAndCheckUndo(repo, "pop", "-a");
        Assert.Equal(repo.Git("rev-parse", "base"), repo.Git("rev-parse", "HEAD"));
        Assert.Equal(TempRepo.SharedText(), repo.Read("shared.txt"));
        Invariants.RunAndCheckUndo(repo, "push", "-a");
        Assert.True(repo.Exists("file-3.txt"));
        Assert.Contains("changed by patch 3", repo.Read("shared.txt"));
    }

    [Fact]
    public void Push_all_after_pop_all_reuses_the_same_commits()
    {
        using var repo = TempRepo.WithStack(3);
        var head = repo.Git("rev-parse", "HEAD");
        repo.CarryOk("pop", "-a");
        repo.CarryOk("push", "-a");
        Assert.Equal(head, repo.Git("rev-parse", "HEAD"));
    }

    [Fact]
    public void Pop_of_a_named_patch_keeps_the_ones_above_applied()
    {
        using var repo = TempRepo.WithStack(3);
        Invariants.RunAndCheckUndo(repo, "pop", "patch-number-2");
        Assert.False(repo.Exists("file-2.txt"));
        Assert.True(repo.Exists("file-3.txt"));
        Assert.Equal(["patch-number-1", "patch-number-3"], Applied(repo));
    }

    [Fact]
    public void Push_of_a_named_patch_applies_it_out_of_order()
    {
        using var repo = TempRepo.WithStack(3);
        repo.CarryOk("pop", "-a");
        Invariants.RunAndCheckUndo(repo, "push", "patch-number-3");
        Assert.Equal(["patch-number-3"], Applied(repo));
        Assert.True(repo.Exists("file-3.txt"));
    }

    [Fact]
    public void Goto_pops_or_pushes_to_the_named_patch()
    {
        using var repo = TempRepo.WithStack(4);
        Invariants.RunAndCheckUndo(repo, "goto", "patch-number-2");
        Assert.Equal(["patch-number-1", "patch-number-2"], Applied(repo));
        Invariants.RunAndCheckUndo(repo, "goto", "patch-number-3");
        Assert.Equal(["patch-number-1", "patch-number-2", "patch-number-3"], Applied(repo));
    }

    [Fact]
    public void New_then_refresh_records_local_changes_in_the_new_top_patch()
    {
        using var repo = TempRepo.WithStack(2);
        Invariants.RunAndCheckUndo(repo, "new", "add-docs", "-m", "Add the docs\n\nWith a body.");
        repo.Write("docs.md", "# Docs\n");
        repo.Git("add", "docs.md");
        repo.Write("README.md", "Sample project, patched\n");
        Invariants.RunAndCheckUndo(repo, "refresh");
        Assert.Equal("", repo.Git("status", "--porcelain"));
        Assert.Equal("A\tdocs.md\nM\tREADME.md", repo.Git("diff", "--name-status", "HEAD^", "HEAD").Replace("M\tREADME.md\nA\tdocs.md", "A\tdocs.md\nM\tREADME.md"));
        Assert.Equal("Add the docs\n\nWith a body.", repo.Git("log", "-1", "--format=%B"));
    }

    [Fact]
    public void Refresh_of_a_mid_stack_patch_rebuilds_the_patches_above()
    {
        using var repo = TempRepo.WithStack(3);
        var shared = File.ReadAllLines(Path.Combine(repo.Dir, "shared.txt"));
        shared[99] = "line 100 fixed in patch 1";
        File.WriteAllText(Path.Combine(repo.Dir, "shared.txt"), string.Join('\n', shared) + "\n");
        Invariants.RunAndCheckUndo(repo, "refresh", "-p", "patch-number-1");
        Assert.Equal("", repo.Git("status", "--porcelain"));
        var patch1 = repo.Git("diff", "base", repo.Git("rev-parse", "HEAD~2"), "--", "shared.txt");
        Assert.Contains("+line 100 fixed in patch 1", patch1);
        Assert.DoesNotContain("fixed", repo.Git("diff", "HEAD~1", "HEAD"));
    }

    [Fact]
    public void Refresh_with_paths_records_only_those_files()
    {
        using var repo = TempRepo.WithStack(1);
        repo.Write("a.txt", "new a\n");
        repo.Write("README.md", "changed\n");
        Invariants.RunAndCheckUndo(repo, "refresh", "a.txt");
        Assert.Equal("a.txt\nfile-1.txt\nshared.txt", repo.Git("diff", "--name-only", "base", "HEAD"));
        Assert.Equal("M README.md", repo.Git("status", "--porcelain").Trim());
    }

    [Fact]
    public void Edit_changes_message_and_author_and_keeps_the_tree()
    {
        using var repo = TempRepo.WithStack(3);
        var tree = repo.Git("rev-parse", "HEAD^{tree}");
        Invariants.RunAndCheckUndo(repo, "edit", "patch-number-2", "-m", "Better subject", "--author", "Grace Hopper <grace@example.com>");
        Assert.Equal(tree, repo.Git("rev-parse", "HEAD^{tree}"));
        Assert.Equal("Better subject|Grace Hopper", repo.Git("log", "-1", "--format=%s|%an", "HEAD~1"));
    }

    [Theory]
    [InlineData("Na\nme <a@b.c>")]
    [InlineData("A>B <a@b.c>")]
    [InlineData("Ann <a<b@c.d>")]
    [InlineData(" <a@b.c>")]
    public void Edit_refuses_an_author_git_fsck_would_reject_and_changes_nothing(string author)
    {
        using var repo = TempRepo.WithStack(2);
        var before = Snapshot.Take(repo);
        var refused = repo.CarryFails("edit", "--author", author);
        Assert.Equal(1, refused.Exit);
        Assert.Contains("is not in the form \"Name <email>\"", refused.Err);
        Assert.Equal(before, Snapshot.Take(repo));
        Invariants.Check(repo);
    }

    [Fact]
    public void Edit_without_a_message_opens_the_editor()
    {
        using var repo = TempRepo.WithStack(1);
        repo.Git("config", "core.editor", "sed -i -e 's/Patch number 1/Edited in editor/'");
        repo.CarryOk("edit");
        Assert.Equal("Edited in editor", repo.Git("log", "-1", "--format=%s"));
        Invariants.Check(repo);
    }

    [Fact]
    public void Rename_keeps_the_patch_id()
    {
        using var repo = TempRepo.WithStack(2);
        var id = Id(repo, "patch-number-1");
        Invariants.RunAndCheckUndo(repo, "rename", "patch-number-1", "first");
        Assert.Equal(id, Id(repo, "first"));
    }

    [Fact]
    public void Delete_removes_an_applied_patch_and_rebuilds_above()
    {
        using var repo = TempRepo.WithStack(3);
        Invariants.RunAndCheckUndo(repo, "delete", "patch-number-2");
        Assert.Equal(["patch-number-1", "patch-number-3"], Applied(repo));
        Assert.False(repo.Exists("file-2.txt"));
        Assert.DoesNotContain("changed by patch 2", repo.Read("shared.txt"));
        Assert.Contains("changed by patch 3", repo.Read("shared.txt"));
    }

    [Fact]
    public void Move_sink_and_float_reorder_the_series()
    {
        using var repo = TempRepo.WithStack(4);
        Invariants.RunAndCheckUndo(repo, "move", "patch-number-4", "--before", "patch-number-2");
        Assert.Equal(["patch-number-1", "patch-number-4", "patch-number-2", "patch-number-3"], Applied(repo));
        Invariants.RunAndCheckUndo(repo, "sink", "patch-number-3");
        Assert.Equal("patch-number-3", Applied(repo)[0]);
        Invariants.RunAndCheckUndo(repo, "float", "patch-number-1");
        Assert.Equal("patch-number-1", Applied(repo)[^1]);
    }

    [Fact]
    public void Moving_an_unapplied_patch_among_applied_ones_applies_it()
    {
        using var repo = TempRepo.WithStack(3);
        repo.CarryOk("pop", "-n", "2");
        Invariants.RunAndCheckUndo(repo, "move", "patch-number-3", "--after", "patch-number-1");
        Assert.Equal(["patch-number-1", "patch-number-3"], Applied(repo));
    }

    [Fact]
    public void Squash_combines_patches_in_place()
    {
        using var repo = TempRepo.WithStack(3);
        var tree = repo.Git("rev-parse", "HEAD^{tree}");
        Invariants.RunAndCheckUndo(repo, "squash", "patch-number-1", "patch-number-2", "-n", "both");
        Assert.Equal(["both", "patch-number-3"], Applied(repo));
        Assert.Equal(tree, repo.Git("rev-parse", "HEAD^{tree}"));
        Assert.Equal("file-1.txt\nfile-2.txt\nshared.txt", repo.Git("diff", "--name-only", "base", "HEAD~1"));
    }

    [Fact]
    public void Undo_twice_goes_back_two_commands_and_redo_returns()
    {
        using var repo = TempRepo.WithStack(3);
        var s0 = Snapshot.Take(repo);
        repo.CarryOk("pop");
        var s1 = Snapshot.Take(repo);
        repo.CarryOk("pop");
        repo.CarryOk("undo");
        Assert.Equal(s1, Snapshot.Take(repo));
        repo.CarryOk("undo");
        Assert.Equal(s0, Snapshot.Take(repo));
        repo.CarryOk("redo");
        Assert.Equal(s1, Snapshot.Take(repo));
        repo.CarryOk("pop");
        repo.CarryFails("redo");
        Invariants.Check(repo);
    }

    [Fact]
    public void Log_lists_one_line_per_command_newest_first()
    {
        using var repo = TempRepo.WithStack(2);
        repo.CarryOk("pop");
        repo.CarryOk("push");
        var lines = repo.CarryOk("log").Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains("carry push", lines[0]);
        Assert.Contains("carry pop", lines[1]);
        Assert.Contains("carry init --base base", lines[2]);
    }

    [Fact]
    public void Local_changes_are_kept_when_they_do_not_collide()
    {
        using var repo = TempRepo.WithStack(2);
        repo.Write("README.md", "my local edit\n");
        repo.CarryOk("pop", "-a");
        repo.CarryOk("push", "-a");
        Assert.Equal("my local edit\n", repo.Read("README.md"));
        Invariants.Check(repo);
    }

    [Fact]
    public void Local_changes_in_the_way_make_the_command_refuse_naming_the_file()
    {
        using var repo = TempRepo.WithStack(2);
        repo.Write("file-2.txt", "my unsaved work\n");
        var before = Snapshot.Take(repo);
        var run = repo.CarryFails("pop");
        Assert.Contains("file-2.txt", run.Err);
        Assert.Contains("would be overwritten", run.Err);
        Assert.Equal(before, Snapshot.Take(repo));
        Assert.Equal("my unsaved work\n", repo.Read("file-2.txt"));
    }

    [Fact]
    public void Stack_survives_gc_prune_including_unapplied_patches()
    {
        using var repo = TempRepo.WithStack(3);
        repo.CarryOk("pop", "-a");
        repo.Git("reflog", "expire", "--expire=now", "--all");
        repo.Git("gc", "--prune=now", "-q");
        Invariants.Check(repo);
        repo.CarryOk("push", "-a");
        Assert.True(repo.Exists("file-3.txt"));
        Invariants.Check(repo);
    }

    internal static List<string> Applied(TempRepo repo) =>
        [.. repo.CarryOk("series").Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l[0] is '+' or '>').Select(l => l[2..].Split(' ')[0])];

    private static string Id(TempRepo repo, string name) =>
        System.Text.Json.JsonDocument.Parse(repo.CarryOk("series", "--json").Out).RootElement.GetProperty("patches")
            .EnumerateArray().Single(p => p.GetProperty("name").GetString() == name).GetProperty("id").GetString()!;
}
