using System.Text.Json;
using Carry.Tests.Support;

namespace Carry.Tests.Stories.Unattended;

/// <summary>
/// --step moves the base through upstream's tags so a conflict meets the smallest upstream
/// change; a patch merged over lines upstream itself rewrote is reported "merged, review" with
/// the commit, while a merge with upstream's edits on neighbouring lines is not.
/// </summary>
[Trait(CarryProcess.Trait, "story")]
public sealed class StepAndReviewTests
{
    [Fact]
    public void Step_tags_stops_at_the_tag_that_introduced_the_conflict()
    {
        using var s = UpstreamScenario.Conflicting();
        // 'Conflicting' already rewrote line 50 upstream; start this story from before that.
        s.Maintainer.Git("reset", "-q", "--hard", "HEAD~1");
        s.Maintainer.Git("push", "-q", "-f", "origin", "main");
        var tags = new Dictionary<int, string> { [10] = "v1", [20] = "v2", [30] = "v3", [40] = "v4", [50] = "v5" };
        var ids = UpstreamHistory.Add(s, 55, new Dictionary<int, (int, string)[]> { [34] = [(50, UpstreamScenario.UpstreamLine50)] }, tags);

        var run = s.Fork.Carry("sync", "--fetch", "--step", "tags", "--json");
        Assert.True(run.Exit == 2, run.ToString());
        var report = JsonDocument.Parse(run.Out).RootElement;
        var steps = report.GetProperty("steps").EnumerateArray().Select(x => (x.GetProperty("name").GetString(), x.GetProperty("result").GetString())).ToList();
        Assert.Equal([("v1", "done"), ("v2", "done"), ("v3", "done"), ("v4", "stopped")], steps);
        Assert.Equal("clash", report.GetProperty("stopped").GetProperty("patch").GetString());
        Assert.Equal(ids[33], report.GetProperty("stopped").GetProperty("cause").GetProperty("commit").GetString());
        // Stopped on v4 itself, the base ref still the one the sync is going to.
        Assert.Equal(s.Fork.Git("rev-parse", "v4"), s.Fork.Git("merge-base", "HEAD", "origin/main"));
        Assert.Contains("refs/remotes/origin/main", s.Fork.Git("show", "refs/carry/main:stack").Split('\n')[2]);

        s.Fork.CarryOk("sync", "--skip");
        var rest = s.Fork.Carry("sync", "--step", "tags", "--json");
        Assert.True(rest.Exit == 0, rest.ToString());
        Assert.Equal(["v5", "origin/main"], JsonDocument.Parse(rest.Out).RootElement.GetProperty("steps").EnumerateArray().Select(x => x.GetProperty("name").GetString()!));
        Assert.Equal(s.Fork.Git("rev-parse", "origin/main"), s.Fork.Git("merge-base", "HEAD", "origin/main"));
        Invariants.Check(s.Fork);
    }

    [Fact]
    public void Step_N_moves_every_N_commits()
    {
        using var s = new UpstreamScenario();
        s.AddPatch("mine", r => UpstreamScenario.EditLines(r, "shared.txt", (50, "line 50, mine")));
        UpstreamHistory.Add(s, 25, new Dictionary<int, (int, string)[]>());
        var run = s.Fork.Carry("sync", "--fetch", "--step", "10", "--json");
        Assert.True(run.Exit == 0, run.ToString());
        Assert.Equal(3, JsonDocument.Parse(run.Out).RootElement.GetProperty("steps").GetArrayLength());
        Assert.Equal(3, s.Fork.Git("log", "--format=%s", "refs/carry/main").Split('\n').Count(l => l.StartsWith("carry sync")));
        Assert.Contains("--step takes 'tags' or a number", s.Fork.CarryFails("sync", "--step", "often").Err);
    }

    [Fact]
    public void Merged_over_lines_upstream_rewrote_is_flagged_for_review_but_not_a_neighbouring_edit()
    {
        using var s = new UpstreamScenario();
        // Big enough that the half upstream took stays under the similarity mark (it would say "probable" instead).
        s.AddPatch("fix", r => UpstreamScenario.EditLines(r, "shared.txt", [(20, "line 20, fixed"), .. Enumerable.Range(60, 8).Select(n => (n, $"line {n}, fixed"))]));
        s.AddPatch("near", r => UpstreamScenario.EditLines(r, "other.txt", (100, "line 100, ours")));
        var rewrite = s.Upstream("Rework: take half of the fix", r => UpstreamScenario.EditLines(r, "shared.txt", (20, "line 20, fixed")));
        s.Upstream("Edit next to ours", r => UpstreamScenario.EditLines(r, "other.txt", (102, "line 102, upstream's")));

        var run = s.Fork.Carry("sync", "--fetch", "--json");
        Assert.True(run.Exit == 0, run.ToString());
        var patches = JsonDocument.Parse(run.Out).RootElement.GetProperty("patches").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        Assert.Equal("merged", patches["fix"].GetProperty("outcome").GetString());
        Assert.True(patches["fix"].GetProperty("review").GetBoolean());
        Assert.Equal(rewrite, patches["fix"].GetProperty("cause").GetProperty("commit").GetString());
        Assert.Equal("merged", patches["near"].GetProperty("outcome").GetString());
        Assert.False(patches["near"].TryGetProperty("review", out _));
        Assert.False(patches["near"].TryGetProperty("cause", out _));

        s.Fork.CarryOk("undo");
        var text = s.Fork.CarryOk("sync").Out;
        Assert.Contains($"review: 3-way merged over lines upstream rewrote; it may be applied twice (upstream rewrote its lines in {rewrite[..7]} \"Rework: take half of the fix\")", text);
        var markdown = s.Fork.Carry("sync", "--format", "markdown").Out;
        Assert.DoesNotContain("review", markdown); // up to date: nothing merged in this run
    }
}
