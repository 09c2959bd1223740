using System.Text.Json;
using Carry.Operations.Layers;
using Carry.Operations.Sync;
using Carry.Tests.Support;

namespace Carry.Tests.Stories.Sync;

/// <summary>
/// One story per way a patch lands upstream, each on a real bare upstream, a maintainer's
/// clone and a fork carrying a stack. The report must say what happened and why, and no patch
/// upstream does not carry may ever be dropped.
/// </summary>
public sealed class SyncLandingTests
{
    /// <summary>Runs <c>carry sync --fetch --json</c> (exit 0, or 4 when probable landings await a decision) and returns each patch's report entry by name.</summary>
    internal static Dictionary<string, JsonElement> Sync(TempRepo fork, params string[] extra)
    {
        var run = fork.Carry(["sync", "--fetch", "--json", .. extra]);
        var root = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal("done", root.GetProperty("result").GetString());
        // 0, or 4 exactly when the sync found a probable landing (awaiting 'carry landed' or 'carry keep').
        var probable = root.GetProperty("patches").EnumerateArray().Any(p => p.GetProperty("outcome").GetString() == "probably-landed");
        Assert.True(run.Exit == (probable ? 4 : 0), run.ToString());
        Invariants.Check(fork);
        return Report(run);
    }

    /// <summary>Each patch's entry of a <c>sync --json</c> report, by name.</summary>
    internal static Dictionary<string, JsonElement> Report(CarryRun run) =>
        JsonDocument.Parse(run.Out).RootElement.GetProperty("patches").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!, p => p.Clone());

    internal static string Outcome(Dictionary<string, JsonElement> report, string name) => report[name].GetProperty("outcome").GetString()!;

    internal static string How(Dictionary<string, JsonElement> report, string name) =>
        report[name].GetProperty("evidence").GetProperty("how").GetString()!;

    internal static List<string> EvidenceCommits(Dictionary<string, JsonElement> report, string name) =>
        [.. report[name].GetProperty("evidence").GetProperty("upstream").EnumerateArray().Select(e => e.GetString()!)];

    private static List<string> SeriesNames(TempRepo repo) =>
        [.. JsonDocument.Parse(repo.CarryOk("series", "--json").Out).RootElement.GetProperty("patches").EnumerateArray().Select(p => p.GetProperty("name").GetString()!)];

    [Fact]
    public void A_cherry_picked_patch_is_retired_by_patch_id_and_the_others_stay()
    {
        using var s = new UpstreamScenario();
        var picked = s.AddPatch("fix-typo", r => UpstreamScenario.EditLines(r, "shared.txt", (10, "line ten, with its typo fixed for good")));
        s.AddPatch("feature", r => r.Write("feature.txt", "a fork feature\n"));
        s.Upstream("unrelated upstream work", r => UpstreamScenario.EditLines(r, "other.txt", (100, "upstream changed this line meanwhile")));
        var cherry = s.UpstreamCherryPick(picked);

        var report = Sync(s.Fork);

        Assert.Equal("landed", Outcome(report, "fix-typo"));
        Assert.Equal("patch-id", How(report, "fix-typo"));
        Assert.Equal([cherry], EvidenceCommits(report, "fix-typo"));
        Assert.Equal("clean", Outcome(report, "feature"));
        Assert.Equal(["feature"], SeriesNames(s.Fork));
        Assert.Contains("retired", s.Fork.Git("show", "refs/carry/main:stack"));
        Assert.Contains("1 retired as landed upstream: fix-typo", s.Fork.CarryOk("series").Out);
        Assert.Equal("a fork feature\n", s.Fork.Read("feature.txt"));
        Assert.Equal(s.Fork.Git("rev-parse", "origin/main"), s.Fork.Git("rev-parse", "HEAD~1"));
    }

    [Fact]
    public void A_carry_id_trailer_upstream_retires_the_patch_even_when_its_change_was_rewritten()
    {
        using var s = new UpstreamScenario();
        s.AddPatch("tidy", r => UpstreamScenario.EditLines(r, "shared.txt", (30, "line thirty, tidied by the fork")));
        var id = JsonDocument.Parse(s.Fork.CarryOk("series", "--json").Out).RootElement.GetProperty("patches")[0].GetProperty("id").GetString()!;
        var landed = s.Upstream($"Tidy line thirty\n\nReworded by the maintainer.\n\nCarry-Id: {id}\n",
            r => UpstreamScenario.EditLines(r, "shared.txt", (30, "line thirty, tidied by upstream instead")));

        var report = Sync(s.Fork);

        Assert.Equal("landed", Outcome(report, "tidy"));
        Assert.Equal("carry-id", How(report, "tidy"));
        Assert.Equal([landed], EvidenceCommits(report, "tidy"));
        Assert.Empty(SeriesNames(s.Fork));
    }

    [Fact]
    public void Two_patches_squashed_into_one_upstream_commit_both_retire_as_already_contained()
    {
        using var s = new UpstreamScenario();
        s.AddPatch("first", r => UpstreamScenario.EditLines(r, "shared.txt", (40, "line forty, improved by the first patch")));
        s.AddPatch("second", r => UpstreamScenario.EditLines(r, "shared.txt", (60, "line sixty, improved by the second patch")));
        s.AddPatch("kept", r => r.Write("kept.txt", "fork only\n"));
        var squash = s.Upstream("Improve lines forty and sixty", r => UpstreamScenario.EditLines(r, "shared.txt",
            (40, "line forty, improved by the first patch"), (60, "line sixty, improved by the second patch")));

        var report = Sync(s.Fork);

        foreach (var name in new[] { "first", "second" })
        {
            Assert.Equal("landed", Outcome(report, name));
            Assert.Equal("empty", How(report, name));
            Assert.Equal([squash], EvidenceCommits(report, name));
        }
        Assert.Equal("clean", Outcome(report, "kept"));
        Assert.Equal(["kept"], SeriesNames(s.Fork));
    }

    [Fact]
    public void A_patch_merged_with_unrelated_changes_to_the_same_file_retires_as_already_contained()
    {
        using var s = new UpstreamScenario();
        s.AddPatch("docs", r => UpstreamScenario.EditLines(r, "shared.txt", (70, "line seventy, documented by the fork")));
        var merged = s.Upstream("Document line seventy and more", r => UpstreamScenario.EditLines(r, "shared.txt",
            (70, "line seventy, documented by the fork"), (5, "line five, rewritten by upstream"), (190, "line 190, rewritten by upstream")));

        var report = Sync(s.Fork);

        Assert.Equal("landed", Outcome(report, "docs"));
        Assert.Equal("empty", How(report, "docs"));
        Assert.Equal([merged], EvidenceCommits(report, "docs"));
    }

    [Fact]
    public void A_patch_edited_in_review_is_only_probably_landed_and_kept_until_confirmed()
    {
        using var s = new UpstreamScenario();
        s.AddPatch("reviewed", r => UpstreamScenario.EditLines(r, "shared.txt",
            (80, "line eighty: validate the input before use"),
            (81, "line eighty-one: report errors to the caller"),
            (82, "line eighty-two: close the file when done")));
        var merged = s.Upstream("Validate input (edited in review)", r => UpstreamScenario.EditLines(r, "shared.txt",
            (80, "line eighty: validate the input before use"),
            (81, "line eighty-one: report errors to the caller, with context"),
            (82, "line eighty-two: close the file when done")));

        // Upstream lacks one of its lines: similarity only labels it, and the sync stops there as for any conflict.
        var stop = s.Fork.Carry("sync", "--fetch", "--json");
        Assert.True(stop.Exit == 2, stop.ToString());
        var report = Report(stop);

        Assert.Equal("conflicted", Outcome(report, "reviewed"));
        Assert.Equal("similar", How(report, "reviewed"));
        Assert.Equal([merged], EvidenceCommits(report, "reviewed"));
        var similarity = report["reviewed"].GetProperty("evidence").GetProperty("similarity").GetInt32();
        Assert.InRange(similarity, 60, 99);
        // Skipped, it is kept (unapplied) with the suspicion recorded, never dropped.
        s.Fork.CarryOk("sync", "--skip"); // skipped is decided: exit 0
        Assert.Equal(["reviewed"], SeriesNames(s.Fork));
        Assert.Contains($"probable=similar:{similarity}:{merged}", s.Fork.Git("show", "refs/carry/main:stack"));
    }

    [Fact]
    public void A_half_merged_patch_keeps_its_other_half_applied()
    {
        using var s = new UpstreamScenario();
        s.AddPatch("two-halves", r =>
        {
            UpstreamScenario.EditLines(r, "shared.txt", (90, "line ninety, first half of the change"));
            UpstreamScenario.EditLines(r, "other.txt", (90, "line ninety, second half of the change"));
        });
        s.Upstream("Take the first half", r => UpstreamScenario.EditLines(r, "shared.txt", (90, "line ninety, first half of the change")));

        var report = Sync(s.Fork);

        Assert.Equal("probably-landed", Outcome(report, "two-halves"));
        Assert.Equal(50, report["two-halves"].GetProperty("evidence").GetProperty("similarity").GetInt32());
        Assert.True(report["two-halves"].GetProperty("applied").GetBoolean());
        // What is left of the patch is exactly the half upstream does not have.
        Assert.Equal("other.txt", s.Fork.Git("diff", "--name-only", "origin/main", "HEAD"));
        Assert.Contains("second half", s.Fork.Read("other.txt"));
    }

    [Fact]
    public void Unrelated_upstream_work_on_the_same_files_never_drops_a_patch()
    {
        using var s = new UpstreamScenario();
        for (var i = 1; i <= 6; i++)
        {
            var n = i;
            s.AddPatch($"p{n}", r => UpstreamScenario.EditLines(r, "shared.txt", (20 * n, $"line {20 * n}, the fork's own version {n}")));
        }
        // Upstream rewrites lines right next to every patch's line, and removes lines nobody patched.
        s.Upstream("Upstream rewrites neighbouring lines", r =>
        {
            for (var n = 1; n <= 6; n++) UpstreamScenario.EditLines(r, "shared.txt", (20 * n + 3, $"line {20 * n + 3}, rewritten upstream"));
        });

        var report = Sync(s.Fork);

        Assert.All(report.Values, e => Assert.Equal("merged", e.GetProperty("outcome").GetString()));
        Assert.Equal(["p1", "p2", "p3", "p4", "p5", "p6"], SeriesNames(s.Fork));
        for (var n = 1; n <= 6; n++) Assert.Contains($"the fork's own version {n}", s.Fork.Read("shared.txt"));
    }

    [Fact]
    public void Sync_with_nothing_new_upstream_says_so_and_changes_nothing()
    {
        using var s = new UpstreamScenario();
        s.AddPatch("only", r => r.Write("only.txt", "x\n"));
        var before = Snapshot.Take(s.Fork);
        var run = s.Fork.CarryOk("sync");
        Assert.Contains("Already up to date", run.Out);
        Assert.Equal(before, Snapshot.Take(s.Fork));
    }

    [Fact]
    public void A_proposed_patch_published_with_its_trailer_becomes_landed_and_keeps_its_url()
    {
        using var s = new UpstreamScenario();
        s.AddPatch("paging", r => UpstreamScenario.EditLines(r, "shared.txt", (120, "line 120, paged by the fork")));
        s.AddPatch("stays", r => UpstreamScenario.EditLines(r, "shared.txt", (150, "line 150, only in the fork")));
        s.Fork.CarryOk("publish", "paging", "--branch", "mr/paging");
        s.Fork.CarryOk("propose", "paging", "--url", "https://example.org/mr/1");
        s.Fork.CarryOk("propose", "stays", "--url", "https://example.org/mr/2");
        // Upstream merges the published branch after editing the change in review.
        s.Maintainer.Git("fetch", "-q", s.Fork.Dir, "mr/paging");
        s.Maintainer.Git("cherry-pick", "FETCH_HEAD");
        UpstreamScenario.EditLines(s.Maintainer, "shared.txt", (120, "line 120, paged by upstream after review"));
        s.Maintainer.Git("commit", "-q", "-a", "--amend", "--no-edit");
        s.Maintainer.Git("push", "-q", "origin", "main");

        var report = Sync(s.Fork);

        Assert.Equal("carry-id", How(report, "paging"));
        var stack = s.Fork.Git("show", "refs/carry/main:stack").Split('\n');
        var retired = stack.Single(l => l.StartsWith("retired ") && l.Contains(" paging "));
        Assert.Contains("status=landed", retired);
        Assert.Contains("url=https%3A//example.org/mr/1", retired);
        Assert.Contains("status=proposed", stack.Single(l => l.StartsWith("applied ") && l.Contains(" stays ")));
        Assert.DoesNotContain("changed since sent", s.Fork.CarryOk("series").Out);
    }

    [Fact]
    public void Sync_follows_an_upstream_that_rewrote_its_history_and_onto_a_tag()
    {
        using var s = new UpstreamScenario();
        s.AddPatch("mine", r => UpstreamScenario.EditLines(r, "shared.txt", (33, "line 33, the fork's")));
        // Upstream rewrites its only commit (a force-push), then tags a release on it.
        UpstreamScenario.EditLines(s.Maintainer, "other.txt", (1, "line 1, rewritten history"));
        s.Maintainer.Git("commit", "-q", "-a", "--amend", "--no-edit");
        s.Maintainer.Git("tag", "v2");
        s.Maintainer.Git("push", "-q", "--force", "origin", "main", "v2");
        s.Fork.Git("fetch", "-q", "--tags", "--force");

        var run = s.Fork.CarryOk("sync", "--onto", "v2");
        Assert.Contains("clean", run.Out);
        Assert.Equal(s.Fork.Git("rev-parse", "v2^{commit}"), s.Fork.Git("rev-parse", "HEAD~1"));
        Assert.Contains("refs/tags/v2", s.Fork.Git("show", "refs/carry/main:stack"));
        Assert.Contains("line 33, the fork's", s.Fork.Read("shared.txt"));
        Invariants.Check(s.Fork);
    }
}
