using Carry.Tests.Support;

namespace Carry.Tests.Commands;

/// <summary>Whole-output snapshots of the verbs StGit users reach for, and their refusals.</summary>
[Collection(FixedClockCollection.Name)]
public sealed class VerbOutputTests
{
    [Fact]
    public void Finish_uncommit_pick_fold_spill()
    {
        using var repo = TempRepo.WithStack(3);
        var t = new Transcript().Name(repo.Dir, "<repo>");
        t.Ok(repo, "finish");
        t.Ok(repo, "finish", "-n", "5");
        t.Ok(repo, "uncommit", "-n", "2");
        t.Fails(repo, "uncommit", "-n", "9");
        repo.Git("checkout", "-q", "-b", "side", "base");
        repo.Write("side.txt", "a side change\n");
        repo.Commit("Side: a change made elsewhere");
        repo.Git("checkout", "-q", "main");
        t.Note("a commit 'Side: a change made elsewhere' on branch side");
        t.Ok(repo, "pick", "side");
        t.Fails(repo, "pick", "nothing-like-this");
        t.Ok(repo, "delete", "side-a-change-made-elsewhere");
        repo.Write("file-3.txt", "content of patch 3, folded\n");
        var diff = Path.Combine(repo.Dir, ".git", "fold.diff");
        File.WriteAllText(diff, repo.Git("diff") + "\n");
        repo.Git("checkout", "--", "file-3.txt");
        t.Note("git diff > .git/fold.diff; git checkout -- file-3.txt");
        t.Ok(repo, "fold", ".git/fold.diff");
        t.Fails(repo, "fold", ".git/fold.diff");
        t.Ok(repo, "spill");
        t.Fails(repo, "spill");
        t.Ok(repo, "undo");
        t.Match("Finish_uncommit_pick_fold_spill");
    }

    [Fact]
    public void Ranges_and_hidden_patches()
    {
        using var repo = TempRepo.WithStack(5);
        var t = new Transcript().Name(repo.Dir, "<repo>");
        t.Ok(repo, "pop", "patch-number-3..");
        t.Fails(repo, "pop", "patch-number-5..patch-number-4");
        t.Ok(repo, "hide", "patch-number-4..patch-number-5");
        t.Ok(repo, "series");
        t.Ok(repo, "series", "--all");
        t.Ok(repo, "series", "--json");
        t.Fails(repo, "push", "patch-number-4");
        t.Fails(repo, "hide", "patch-number-1");
        t.Ok(repo, "push", "-a");
        t.Ok(repo, "unhide", "patch-number-4");
        t.Ok(repo, "series", "-a");
        t.Match("Ranges_and_hidden_patches");
    }

    [Fact]
    public void Edit_series()
    {
        using var repo = TempRepo.WithStack(4);
        var t = new Transcript().Name(repo.Dir, "<repo>");
        var plan = Path.Combine(repo.Dir, ".git", "plan-seen");
        repo.Git("config", "sequence.editor", $"cp \"$1\" '{plan}'; true");
        t.Ok(repo, "edit-series");
        t.Note("the plan carry wrote (the editor changed nothing):\n# " + File.ReadAllText(plan).TrimEnd().Replace("\n", "\n# "));
        Stories.Stack.EditSeriesTests.UsePlan(repo, "keep patch-number-2\nsquash patch-number-4\nrename patch-number-1 first\n");
        t.Note("plan: keep patch-number-2 / squash patch-number-4 / rename patch-number-1 first");
        t.Ok(repo, "rebase", "-i");
        t.Ok(repo, "series");
        Stories.Stack.EditSeriesTests.UsePlan(repo, "keep first\nmangle patch-number-2\n");
        t.Note("plan: keep first / mangle patch-number-2");
        t.Fails(repo, "edit-series");
        t.Match("Edit_series");
    }

    [Fact]
    public void Split()
    {
        using var repo = TempRepo.WithStack(2);
        var t = new Transcript().Name(repo.Dir, "<repo>");
        t.Ok(repo, "split", "patch-number-2", "--path", "file-2.txt", "-m", "Patch two: its own file");
        t.Ok(repo, "series");
        t.Fails(repo, "split", "patch-number-1", "--path", "nowhere.txt");
        t.Fails(repo, "split");
        t.Ok(repo, "undo");
        t.Match("Split");
    }

    [Fact]
    public void Absorb()
    {
        using var repo = TempRepo.WithStack(2);
        var t = new Transcript().Name(repo.Dir, "<repo>");
        t.Fails(repo, "absorb");
        repo.Write("shared.txt", TempRepo.SharedText(new Dictionary<int, string> { [5] = "line 5, fixed", [10] = "line 10, fixed", [100] = "line 100, new" }));
        repo.Write("file-1.txt", "content of patch 1, fixed\n");
        t.Note("shared.txt lines 5, 10 and 100 and file-1.txt edited");
        t.Ok(repo, "absorb", "--dry-run");
        t.Ok(repo, "absorb", "--dry-run", "--json");
        t.Ok(repo, "absorb");
        t.Ok(repo, "undo");
        t.Match("Absorb");
    }

    [Fact]
    public void Keeping_local_changes()
    {
        using var repo = TempRepo.WithStack(2);
        var t = new Transcript().Name(repo.Dir, "<repo>");
        repo.Write("shared.txt", TempRepo.SharedText(new Dictionary<int, string> { [5] = "line 5 changed by patch 1", [10] = "line 10 changed by patch 2", [100] = "mine" }));
        t.Note("shared.txt line 100 edited");
        t.Fails(repo, "pop");
        t.Ok(repo, "pop", "--keep");
        t.Ok(repo, "goto", "--keep", "patch-number-2");
        repo.Write("shared.txt", TempRepo.SharedText(new Dictionary<int, string> { [5] = "line 5 changed by patch 1", [10] = "my own line 10" }));
        t.Note("shared.txt line 10 edited");
        t.Fails(repo, "pop", "--keep");
        t.Match("Keeping_local_changes");
    }
}
