using System.Text.Json;
using Carry.Git;
using Carry.Model;
using Carry.Operations.Series;
using Carry.Operations.Stack;
using Carry.Tests.Support;

namespace Carry.Tests.Stories.Series;

/// <summary>range-diff on small stacks: every kind of change, state syntax, and agreement with git range-diff.</summary>
public sealed class RangeDiffTests
{
    private static List<JsonElement> RangeDiff(TempRepo repo, params string[] args) =>
        [.. JsonDocument.Parse(repo.CarryOk(["range-diff", .. args, "--json"]).Out).RootElement.GetProperty("patches").EnumerateArray()];

    private static string Name(JsonElement e) =>
        (e.GetProperty("new").ValueKind != JsonValueKind.Null ? e.GetProperty("new") : e.GetProperty("old")).GetProperty("name").GetString()!;

    private static JsonElement Entry(List<JsonElement> entries, string name) => entries.Single(e => Name(e) == name);

    private static List<string> Names(TempRepo repo) =>
        [.. JsonDocument.Parse(repo.CarryOk("series", "--json").Out).RootElement.GetProperty("patches").EnumerateArray()
            .Select(p => p.GetProperty("name").GetString()!)];

    /// <summary>What a sync does when upstream carries a patch: it leaves the series, retired with evidence.</summary>
    internal static void Retire(TempRepo repo, string name, Oid upstream)
    {
        using var session = StackSession.Open(repo.Dir, "sync", Preconditions.Standard);
        var tx = session.Begin();
        var patch = tx.Applied.Single(p => p.Name == name);
        tx.Applied.Remove(patch);
        var landed = patch with { Status = new UpstreamStatus(StatusKind.Landed, Evidence: new LandingEvidence(LandingKind.PatchId, [upstream])) };
        tx.Details = tx.Details with { Retired = tx.Details.Retired.Add(landed) };
        tx.Execute("sync");
    }

    [Fact]
    public void Every_kind_of_change_between_two_versions_is_named_and_git_range_diff_pairs_the_same_commits()
    {
        using var repo = TempRepo.WithStack(5);
        var names = Names(repo);
        var (p1, p2, p3, p4, p5) = (names[0], names[1], names[2], names[3], names[4]);
        repo.CarryOk("version", "v1");
        var v1Head = repo.Git("rev-parse", "HEAD");

        repo.CarryOk("rename", p2, "two");
        repo.CarryOk("goto", p1);
        repo.Write("file-1.txt", "content of patch 1, reviewed\n");
        repo.CarryOk("refresh");
        repo.CarryOk("push", "-a");
        repo.CarryOk("delete", p3);
        Retire(repo, p5, new Oid(repo.Git("rev-parse", "base")));
        repo.CarryOk("move", p4, "--bottom");
        repo.CarryOk("new", "fresh", "-m", "A fresh patch");
        repo.Write("fresh.txt", "fresh\n");
        repo.Git("add", "fresh.txt");
        repo.CarryOk("refresh");
        repo.CarryOk("version", "v2");

        var entries = RangeDiff(repo, "v1", "v2");
        Assert.Equal([p4, p1, "two", p3, p5, "fresh"], entries.Select(Name)); // git range-diff's order
        Assert.Equal("changed", Entry(entries, p1).GetProperty("kind").GetString());
        Assert.Contains(Entry(entries, p1).GetProperty("diff").EnumerateArray(), l => l.GetString() == "++content of patch 1, reviewed");
        var two = Entry(entries, "two");
        Assert.Equal("unchanged", two.GetProperty("kind").GetString());
        Assert.True(two.GetProperty("renamed").GetBoolean());
        Assert.Equal("id", two.GetProperty("matchedBy").GetString());
        Assert.Equal("deleted", Entry(entries, p3).GetProperty("reason").GetString());
        var landed = Entry(entries, p5);
        Assert.Equal("landed", landed.GetProperty("reason").GetString());
        Assert.Equal("patch-id", landed.GetProperty("evidence").GetProperty("how").GetString());
        Assert.Equal("added", Entry(entries, "fresh").GetProperty("kind").GetString());
        // Moving one patch to the bottom moves that one, not the three it jumped over.
        Assert.Equal([p4], entries.Where(e => e.GetProperty("moved").GetBoolean()).Select(Name));

        var text = repo.CarryOk("range-diff", "v1", "v2").Out;
        Assert.Contains("(renamed from " + p2 + ")", text);
        Assert.Contains("(landed: patch-id " + repo.Git("rev-parse", "base")[..7] + ")", text);
        Assert.Contains("    ++content of patch 1, reviewed", text);
        Assert.DoesNotContain("++content", repo.CarryOk("range-diff", "-s", "v1", "v2").Out);

        // git range-diff on the applied commits pairs the same patches with the same verdicts.
        var git = repo.Git("range-diff", "--no-color", "-s", "base.." + v1Head, "base..HEAD").Split('\n')
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(w => (Old: w[1], Mark: w[2], New: w[4])).ToList();
        Assert.Equal(entries.Count, git.Count);
        foreach (var e in entries)
        {
            string Commit(string side) => e.GetProperty(side).ValueKind == JsonValueKind.Null ? "-------" : e.GetProperty(side).GetProperty("commit").GetString()![..7];
            var mark = e.GetProperty("kind").GetString() switch { "unchanged" => "=", "changed" => "!", "added" => ">", _ => "<" };
            Assert.Contains((Commit("old"), mark, Commit("new")), git.Select(g => (g.Old.PadRight(7, '-')[..7], g.Mark, g.New.PadRight(7, '-')[..7])));
        }
    }

    [Fact]
    public void States_are_found_by_version_relative_step_or_id_prefix_and_unapplied_patches_count()
    {
        using var repo = TempRepo.WithStack(3);
        var first = repo.Git("rev-parse", "refs/carry/main");
        repo.CarryOk("pop", "-n", "2");
        var entries = RangeDiff(repo, "@~1");
        Assert.All(entries, e => Assert.Equal("unchanged", e.GetProperty("kind").GetString()));
        Assert.Equal(["", "now unapplied", "now unapplied"], entries.Select(e => string.Join(',', e.GetProperty("notes").EnumerateArray().Select(n => n.GetString()))));
        Assert.Equal(entries.Select(e => e.ToString()), RangeDiff(repo, first[..8], "@").Select(e => e.ToString()));
        Assert.Equal(entries.Select(e => e.ToString()), RangeDiff(repo, "refs/carry/main~1", "refs/carry/main").Select(e => e.ToString()));

        Assert.Contains("'nothing' names no state of the stack", repo.CarryFails("range-diff", "nothing").Err);
        Assert.Contains("has only 2 states", repo.CarryFails("range-diff", "@~5").Err);
    }

    [Fact]
    public void Patches_without_common_ids_or_names_pair_by_content()
    {
        using var repo = TempRepo.WithStack(3);
        repo.CarryOk("version", "v1");
        var names = Names(repo);
        // Delete and re-create the middle patch under another name: new id, same change.
        var commit = JsonDocument.Parse(repo.CarryOk("series", "--json").Out).RootElement.GetProperty("patches")[1].GetProperty("commit").GetString()!;
        var diff = repo.Git("show", "--format=", commit);
        repo.CarryOk("goto", names[0]);
        repo.CarryOk("delete", names[1]);
        var file = Path.Combine(repo.Dir, "..", Path.GetFileName(repo.Dir) + ".diff");
        File.WriteAllText(file, diff + "\n");
        try
        {
            repo.CarryOk("import", "patch", file);
        }
        finally
        {
            File.Delete(file);
        }
        repo.CarryOk("push", "-a");
        var entries = RangeDiff(repo, "v1", "@");
        var paired = entries.Single(e => e.GetProperty("old").ValueKind != JsonValueKind.Null && e.GetProperty("old").GetProperty("name").GetString() == names[1]);
        Assert.Equal("content", paired.GetProperty("matchedBy").GetString());
        Assert.True(paired.GetProperty("renamed").GetBoolean());
        Assert.DoesNotContain(entries, e => e.GetProperty("kind").GetString() is "added" or "dropped");
    }
}
