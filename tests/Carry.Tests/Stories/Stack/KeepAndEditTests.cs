using Carry.Tests.Support;

namespace Carry.Tests.Stories.Stack;

/// <summary>goto/pop --keep carry local changes across; new/refresh -e write the message in the editor.</summary>
public sealed class KeepAndEditTests
{
    [Fact]
    public void Pop_and_goto_keep_local_changes_in_the_files_they_change()
    {
        using var repo = TempRepo.WithStack(2);
        repo.Write("shared.txt", TempRepo.SharedText(new Dictionary<int, string> { [5] = "line 5 changed by patch 1", [10] = "line 10 changed by patch 2", [100] = "mine" }));
        Assert.Contains("would be overwritten by pop", repo.CarryFails("pop").Err);
        Invariants.RunAndCheckUndo(repo, "pop", "--keep");
        Assert.Equal("Patch number 1", repo.Git("log", "-1", "--format=%s"));
        Assert.Equal(TempRepo.SharedText(new Dictionary<int, string> { [5] = "line 5 changed by patch 1", [100] = "mine" }), repo.Read("shared.txt"));
        Assert.Equal(" M shared.txt", repo.Git("status", "--short", "--untracked-files=no").TrimEnd());
        repo.CarryOk("goto", "--keep", "patch-number-2");
        Assert.Equal(TempRepo.SharedText(new Dictionary<int, string> { [5] = "line 5 changed by patch 1", [10] = "line 10 changed by patch 2", [100] = "mine" }), repo.Read("shared.txt"));
        Invariants.Check(repo);
    }

    [Fact]
    public void Keep_refuses_local_changes_that_conflict_and_changes_nothing()
    {
        using var repo = TempRepo.WithStack(2);
        repo.Write("shared.txt", TempRepo.SharedText(new Dictionary<int, string> { [5] = "line 5 changed by patch 1", [10] = "my own line 10" }));
        var before = Snapshot.Take(repo);
        var refused = repo.CarryFails("pop", "--keep");
        Assert.Contains("your local changes conflict with pop in:\n\tshared.txt\nnothing was changed.", refused.Err);
        Assert.Equal(before, Snapshot.Take(repo));
    }

    [Fact]
    public void New_and_refresh_take_the_message_from_the_editor()
    {
        using var repo = TempRepo.WithStack(1);
        repo.Git("config", "core.editor", "printf 'Written in the editor\\n\\nWith a body.\\n' >");
        Invariants.RunAndCheckUndo(repo, "new", "-e", "fresh");
        Assert.Equal("Written in the editor\n\nWith a body.", repo.Git("log", "-1", "--format=%B").Trim());
        repo.Git("config", "core.editor", "printf 'Refreshed and reworded\\n' >");
        repo.Write("file-1.txt", "changed\n");
        repo.CarryOk("refresh", "-e", "-p", "patch-number-1");
        Assert.Equal("Refreshed and reworded", repo.Git("log", "-1", "--format=%s", "HEAD~1"));
        Assert.Equal("changed", repo.Git("show", "HEAD~1:file-1.txt"));
        repo.Git("config", "core.editor", "true >");
        repo.Write("file-1.txt", "changed again\n");
        Assert.Contains("message is empty", repo.CarryFails("refresh", "-e").Err);
        Assert.Equal("changed", repo.Git("show", "HEAD~1:file-1.txt"));
        Invariants.Check(repo);
    }

    /// <summary>
    /// The editor's message is cleaned as 'git commit --amend' cleans it with the same settings
    /// (core.commentChar, commit.cleanup): every '#' line was dropped whatever they said, so an
    /// editor that changed nothing lost a message's "#include" line. The expected message is git's own.
    /// </summary>
    [Theory]
    [InlineData("core.commentChar", ";")]
    [InlineData("core.commentChar", "auto")]
    [InlineData("commit.cleanup", "verbatim")]
    [InlineData("commit.cleanup", "whitespace")]
    [InlineData("commit.cleanup", "strip")]
    public void The_editors_message_is_cleaned_as_git_commit_cleans_it(string key, string value)
    {
        const string message = "Fix the thing\n\n#include <x.h> is needed\n;a line for the other comment\nmore";
        using var plain = new TempRepo();
        plain.Git("config", key, value);
        plain.Git("commit", "-q", "--allow-empty", "--cleanup=verbatim", "-m", message);
        plain.Git("-c", "core.editor=true", "commit", "-q", "--amend", "--allow-empty");
        var gits = plain.Git("log", "-1", "--format=%B").TrimEnd('\n');
        if (value is "verbatim" or "whitespace")
        {
            // git keeps every line then, its own "# Please enter…" help included; carry shows no help in these modes.
            Assert.StartsWith(message + "\n", gits);
            gits = message;
        }

        using var repo = TempRepo.WithStack(1);
        repo.Git("config", key, value);
        repo.CarryOk("new", "p1", "-m", message);
        Assert.Equal(message, repo.Git("log", "-1", "--format=%B").TrimEnd('\n'));
        repo.Git("config", "core.editor", "true");
        repo.CarryOk("edit");
        Assert.Equal(gits, repo.Git("log", "-1", "--format=%B").TrimEnd('\n'));
        Invariants.Check(repo);
    }
}
