using Carry.Tests.Support;

namespace Carry.Tests.Commands;

/// <summary>
/// Whole-output snapshots of the everyday commands: what each prints (text and --json), on one
/// small stack, with a fixed clock so commit ids are the same on every run.
/// </summary>
[Collection(FixedClockCollection.Name)]
public sealed class StackOutputTests
{
    [Fact]
    public void Looking_at_a_stack()
    {
        using var repo = TempRepo.WithBase(3);
        var t = new Transcript().Name(repo.Dir, "<repo>");
        t.Ok(repo, "init", "--base", "base");
        t.Ok(repo, "status");
        t.Ok(repo, "series");
        t.Ok(repo, "series", "--json");
        t.Ok(repo, "show", "patch-number-2");
        t.Ok(repo, "diff", "patch-number-2");
        t.Ok(repo, "diff", "patch-number-1..patch-number-3");
        t.Ok(repo, "files", "patch-number-2");
        repo.Write("README.md", "Sample project, edited\n");
        t.Note("README.md edited");
        t.Ok(repo, "status");
        t.Match("Looking_at_a_stack");
    }

    [Fact]
    public void Authoring_patches()
    {
        using var repo = TempRepo.WithStack(2);
        var t = new Transcript().Name(repo.Dir, "<repo>");
        t.Ok(repo, "new", "extra", "-m", "Extra: one more file");
        repo.Write("extra.txt", "extra\n");
        repo.Git("add", "extra.txt");
        t.Note("extra.txt written and added");
        t.Ok(repo, "refresh");
        repo.Write("file-1.txt", "content of patch 1, amended\n");
        t.Note("file-1.txt edited");
        t.Ok(repo, "refresh", "-p", "patch-number-1");
        t.Ok(repo, "edit", "extra", "-m", "Extra: reworded", "--author", "Bea Reviewer <bea@example.com>");
        t.Ok(repo, "rename", "extra", "more");
        t.Ok(repo, "squash", "patch-number-2", "more", "-n", "combined", "-m", "Patch two and more");
        t.Ok(repo, "delete", "combined");
        t.Ok(repo, "series");
        t.Match("Authoring_patches");
    }

    [Fact]
    public void Moving_patches()
    {
        using var repo = TempRepo.WithStack(4);
        var t = new Transcript().Name(repo.Dir, "<repo>");
        t.Ok(repo, "pop");
        t.Ok(repo, "pop", "-n", "2");
        t.Ok(repo, "push");
        t.Ok(repo, "push", "-a");
        t.Ok(repo, "pop", "-a");
        t.Ok(repo, "push", "patch-number-3");
        t.Ok(repo, "goto", "patch-number-2");
        t.Ok(repo, "move", "patch-number-4", "--bottom");
        t.Ok(repo, "sink", "patch-number-3");
        t.Ok(repo, "float", "patch-number-1");
        t.Ok(repo, "series");
        t.Match("Moving_patches");
    }

    [Fact]
    public void History_and_repair()
    {
        using var repo = TempRepo.WithStack(2);
        var t = new Transcript().Name(repo.Dir, "<repo>");
        t.Ok(repo, "pop");
        t.Ok(repo, "undo");
        t.Ok(repo, "redo");
        t.Ok(repo, "log");
        t.Ok(repo, "log", "-n", "2", "--json");
        repo.Write("plain.txt", "committed with plain git\n");
        repo.Commit("A plain git commit");
        t.Note("git commit -m 'A plain git commit'");
        t.Run(repo, "series");
        t.Ok(repo, "repair");
        t.Ok(repo, "series");
        t.Match("History_and_repair");
    }
}
