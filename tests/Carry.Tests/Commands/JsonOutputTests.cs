using System.Text.Json;
using Carry.Tests.Support;

namespace Carry.Tests.Commands;

/// <summary>
/// The --json of the commands that change the stack (one shape for all: what the command did,
/// then base, top, applied, unapplied, rebuilt) and of status, as whole-output snapshots, each
/// also read back as JSON and checked against git.
/// </summary>
[Collection(FixedClockCollection.Name)]
public sealed class JsonOutputTests
{
    [Fact]
    public void Json_of_status_finish_uncommit_pick_fold_split_edit_series_and_landed()
    {
        using var repo = TempRepo.WithStack(3);
        var t = new Transcript().Name(repo.Dir, "<repo>");
        repo.Write("file-3.txt", "edited, not recorded\n");
        var status = Json(t.Ok(repo, "status", "--json"));
        Assert.Equal(repo.Git("rev-parse", "base"), status.GetProperty("base").GetProperty("commit").GetString());
        Assert.Equal("file-3.txt", status.GetProperty("localChanges")[0].GetProperty("path").GetString());
        repo.Git("checkout", "--", "file-3.txt");

        var finish = Json(t.Ok(repo, "finish", "--json"));
        Assert.Equal(repo.Git("rev-parse", "HEAD~2"), finish.GetProperty("finished")[0].GetProperty("commit").GetString());
        Assert.Equal(repo.Git("rev-parse", "HEAD~2"), finish.GetProperty("base").GetProperty("commit").GetString());
        var uncommit = Json(t.Ok(repo, "uncommit", "--json"));
        Assert.Equal(repo.Git("rev-parse", "HEAD~2"), uncommit.GetProperty("adopted")[0].GetProperty("commit").GetString());

        repo.Git("checkout", "-q", "-b", "side", "base");
        repo.Write("side.txt", "a side change\n");
        repo.Commit("Side: a change made elsewhere");
        repo.Git("checkout", "-q", "main");
        t.Note("a commit 'Side: a change made elsewhere' on branch side");
        var pick = Json(t.Ok(repo, "pick", "side", "-n", "side-change", "--json"));
        Assert.Equal(repo.Git("rev-parse", "HEAD"), pick.GetProperty("picked")[0].GetProperty("commit").GetString());
        Assert.Equal("side-change", pick.GetProperty("top").GetString());

        repo.Write("side.txt", "a side change, folded\n");
        File.WriteAllText(Path.Combine(repo.Dir, ".git", "fold.diff"), repo.Git("diff") + "\n");
        repo.Git("checkout", "--", "side.txt");
        t.Note("git diff > .git/fold.diff; git checkout -- side.txt");
        var fold = Json(t.Ok(repo, "fold", ".git/fold.diff", "--json"));
        Assert.Equal(repo.Git("rev-parse", "HEAD"), fold.GetProperty("folded")[0].GetProperty("commit").GetString());

        var split = Json(t.Ok(repo, "split", "patch-number-3", "--path", "file-3.txt", "-n", "file-three", "--json"));
        var parts = split.GetProperty("parts").EnumerateArray().Select(p => p.GetProperty("commit").GetString()).ToList();
        Assert.Equal("file-3.txt", repo.Git("diff", "--name-only", parts[0] + "^", parts[0]!));
        Assert.Equal("shared.txt", repo.Git("diff", "--name-only", parts[1] + "^", parts[1]!));

        Stories.Stack.EditSeriesTests.UsePlan(repo, "keep patch-number-1\nkeep patch-number-2\nkeep patch-number-3\nkeep file-three\nkeep side-change\n");
        t.Note("plan: patch-number-3 moved back below file-three");
        var plan = Json(t.Ok(repo, "edit-series", "--json"));
        Assert.Equal(repo.Git("rev-parse", "HEAD"), plan.GetProperty("applied")[4].GetProperty("commit").GetString());
        Assert.Equal("patch-number-3", plan.GetProperty("applied")[2].GetProperty("name").GetString());

        var landed = Json(t.Ok(repo, "landed", "patch-number-1", "--upstream", "base", "--json"));
        Assert.Equal(repo.Git("rev-parse", "base"), landed.GetProperty("evidence").GetProperty("upstream")[0].GetString());
        Assert.Equal(4, landed.GetProperty("applied").GetArrayLength());
        Assert.Equal(repo.Git("rev-parse", "HEAD~4"), landed.GetProperty("base").GetProperty("commit").GetString());
        t.Match("Json_of_status_finish_uncommit_pick_fold_split_edit_series_and_landed");
    }

    [Fact]
    public void Json_of_the_imports()
    {
        using var repo = TempRepo.WithStack(2);
        var t = new Transcript().Name(repo.Dir, "<repo>");
        repo.CarryOk("export", "quilt", ".git/q");
        repo.CarryOk("export", "mbox", ".git/mails/");
        repo.Git("branch", "kept");
        t.Note("carry export quilt .git/q; carry export mbox .git/mails/; git branch kept");
        void Empty()
        {
            repo.CarryOk("pop", "-a");
            repo.CarryOk("delete", "..patch-number-2");
        }
        foreach (var import in new[] { new[] { "quilt", ".git/q" }, ["mbox", ".git/mails"], ["branch", "base..kept"], ["patch", ".git/q/patch-number-1.patch", ".git/q/patch-number-2.patch"] })
        {
            Empty();
            t.Note("carry pop -a; carry delete ..patch-number-2");
            var json = Json(t.Ok(repo, ["import", .. import, "--json"]));
            var imported = json.GetProperty("imported").EnumerateArray().ToList();
            Assert.Equal(imported.Select(p => p.GetProperty("commit").GetString()), json.GetProperty("applied").EnumerateArray().Select(p => p.GetProperty("commit").GetString()));
            Assert.Equal(repo.Git("rev-parse", "HEAD"), imported[^1].GetProperty("commit").GetString());
            Assert.Equal(repo.Git("rev-parse", "kept^{tree}"), repo.Git("rev-parse", "HEAD^{tree}"));
        }
        t.Match("Json_of_the_imports");
    }

    [Fact]
    public void Status_json_gives_the_real_paths_and_a_renames_source()
    {
        using var repo = TempRepo.WithStack(0);
        foreach (var name in (string[])["café.txt", "sp ace.txt", "q\"uote.txt", "nl\nname.txt"]) repo.Write(name, "new\n");
        repo.Git("mv", "README.md", "read me.md");
        var changes = Json(repo.CarryOk("status", "--json")).GetProperty("localChanges").EnumerateArray()
            .Select(c => (c.GetProperty("status").GetString(), c.GetProperty("path").GetString(), c.TryGetProperty("from", out var f) ? f.GetString() : null))
            .OrderBy(c => c.Item2, StringComparer.Ordinal).ToList();
        Assert.Equal([("??", "café.txt", null), ("??", "nl\nname.txt", null), ("??", "q\"uote.txt", null), ("R ", "read me.md", "README.md"), ("??", "sp ace.txt", null)],
            changes);
    }

    private static JsonElement Json(CarryRun run) => JsonDocument.Parse(run.Out).RootElement;
}
