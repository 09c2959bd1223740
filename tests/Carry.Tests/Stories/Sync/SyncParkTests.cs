using System.Text.Json;
using Carry.Tests.Support;

namespace Carry.Tests.Stories.Sync;

/// <summary>
/// Unattended sync (issue 15): ten patches, two of them conflicting with an upstream that moved
/// by 200 commits. With --park the sync applies the eight, parks the two with their conflicts
/// and the upstream commit behind each (found by bisection, checked against git blame), and
/// exits 2; a parked patch is taken up later, with a recorded resolution, without a person.
/// </summary>
[Trait(CarryProcess.Trait, "story")]
public sealed class SyncParkTests
{
    private static string Line(int patch) => $"line {10 * patch + 5}, as patch {patch} wants it";

    /// <summary>Patches p01..p10 each change their own line of shared.txt and add a file; upstream then makes 200 commits.</summary>
    private static (UpstreamScenario S, IReadOnlyList<string> Upstream) TenPatchesTwoConflicting()
    {
        var s = new UpstreamScenario();
        for (var i = 1; i <= 10; i++)
        {
            var n = i;
            s.AddPatch($"p{n:00}", r =>
            {
                UpstreamScenario.EditLines(r, "shared.txt", (10 * n + 5, Line(n)));
                r.Write($"p{n:00}.txt", $"patch {n}\n");
            });
        }
        var ids = UpstreamHistory.Add(s, 200, new Dictionary<int, (int, string)[]>
        {
            [61] = [(75, "line 75, as upstream rewrote it in commit 61")],
            [137] = [(35, "line 35, as upstream rewrote it in commit 137")],
        });
        return (s, ids);
    }

    private static Dictionary<string, JsonElement> Patches(JsonElement report) =>
        report.GetProperty("patches").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);

    [Fact]
    public void Park_applies_eight_parks_two_and_names_the_upstream_commit_behind_each()
    {
        var (s, upstream) = TenPatchesTwoConflicting();
        using var _ = s;
        var run = s.Fork.Carry("sync", "--fetch", "--park", "--format", "json");
        Assert.True(run.Exit == 2, run.ToString());
        var report = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal("done", report.GetProperty("result").GetString());
        var patches = Patches(report);
        Assert.Equal(10, patches.Count);
        Assert.Equal(8, patches.Values.Count(p => p.GetProperty("applied").GetBoolean()));
        foreach (var (name, commit) in new[] { ("p03", upstream[136]), ("p07", upstream[60]) })
        {
            var p = patches[name];
            Assert.Equal("parked", p.GetProperty("outcome").GetString());
            Assert.Equal(commit, p.GetProperty("cause").GetProperty("commit").GetString());
            Assert.StartsWith("Upstream rewrites shared lines", p.GetProperty("cause").GetProperty("subject").GetString());
            var path = p.GetProperty("parked").GetProperty("paths").EnumerateArray().Single();
            Assert.Equal("shared.txt", path.GetProperty("path").GetString());
            var patchCommit = CommitOf(s.Fork, name);
            Assert.Equal(s.Fork.Git("rev-parse", $"{patchCommit}:shared.txt"), path.GetProperty("theirs").GetString());
            Assert.Equal(s.Fork.Git("rev-parse", $"{patchCommit}^:shared.txt"), path.GetProperty("base").GetString());
        }
        // git blame on the new upstream, independently of carry, names the same commits.
        Assert.StartsWith(upstream[136], s.Fork.Git("blame", "--porcelain", "-L35,35", "origin/main", "--", "shared.txt"));
        Assert.StartsWith(upstream[60], s.Fork.Git("blame", "--porcelain", "-L75,75", "origin/main", "--", "shared.txt"));

        // The branch holds the eight on the new upstream; the two are in the stack, unapplied, with their conflict.
        Assert.Equal(8, s.Fork.Git("rev-list", "origin/main..HEAD").Split('\n').Length);
        Assert.Equal(s.Fork.Git("rev-parse", "origin/main"), s.Fork.Git("merge-base", "origin/main", "HEAD"));
        var stack = s.Fork.Git("show", "refs/carry/main:stack");
        Assert.Contains($"parked-cause={upstream[136]}", stack);
        Assert.Equal("", s.Fork.Git("status", "--porcelain", "--untracked-files=no"));
        Invariants.Check(s.Fork);

        // The Markdown report lists both with their cause; the next run reports them still parked.
        var markdown = s.Fork.Carry("sync", "--format", "markdown");
        Assert.True(markdown.Exit == 2, markdown.ToString());
        Assert.Contains($"| p03 | **parked** | parked by an earlier sync; conflicts since {upstream[136][..7]} \"Upstream rewrites shared lines (commit 137)\"; in shared.txt |", markdown.Out);
        Assert.Contains($"conflicts since {upstream[60][..7]}", markdown.Out);
    }

    [Fact]
    public void A_parked_patch_with_a_recorded_resolution_is_taken_up_without_a_person()
    {
        var (s, _) = TenPatchesTwoConflicting();
        using var _s = s;
        Assert.Equal(2, s.Fork.Carry("sync", "--fetch", "--park").Exit);

        // Once, a person takes it up: it stops like any sync, is resolved, and the resolution recorded.
        var stop = s.Fork.Carry("sync", "--continue", "p03", "--json");
        Assert.True(stop.Exit == 2, stop.ToString());
        Assert.Equal("stopped", JsonDocument.Parse(stop.Out).RootElement.GetProperty("result").GetString());
        ResolveBlock(s.Fork, "p03", "line 35, as both agreed");
        var resolved = s.Fork.Carry("sync", "--continue", "--json");
        Assert.True(resolved.Exit == 2, resolved.ToString()); // p07 is still parked
        Assert.Equal("resolved", Patches(JsonDocument.Parse(resolved.Out).RootElement)["p03"].GetProperty("outcome").GetString());
        s.Fork.CarryOk("undo");
        Assert.Contains("p03 id=", s.Fork.Git("show", "refs/carry/main:stack").Split('\n').Single(l => l.Contains(" p03 ") && l.Contains("parked=")));

        // Then, unattended: the recorded resolution applies by itself.
        var again = s.Fork.Carry("sync", "--continue", "p03", "--json");
        Assert.True(again.Exit == 2, again.ToString());
        var report = JsonDocument.Parse(again.Out).RootElement;
        Assert.Equal("done", report.GetProperty("result").GetString());
        Assert.Equal("resolved-from-memory", Patches(report)["p03"].GetProperty("outcome").GetString());
        Assert.Contains("line 35, as both agreed\n", s.Fork.Read("shared.txt"));
        Assert.Equal("", s.Fork.Git("status", "--porcelain", "--untracked-files=no"));
        Assert.DoesNotContain(s.Fork.Git("show", "refs/carry/main:stack").Split('\n'), l => l.Contains(" p03 ") && l.Contains("parked="));
        Invariants.Check(s.Fork);

        // Resolving the other one too leaves nothing parked: exit 0.
        Assert.Equal(2, s.Fork.Carry("sync", "--continue", "p07").Exit);
        ResolveBlock(s.Fork, "p07", "line 75, as both agreed");
        var last = s.Fork.Carry("sync", "--continue");
        Assert.True(last.Exit == 0, last.ToString());
        Assert.Equal(10, s.Fork.Git("rev-list", "origin/main..HEAD").Split('\n').Length);
    }

    [Fact]
    public void A_patch_that_needs_a_parked_one_is_parked_with_it_naming_it()
    {
        using var s = UpstreamScenario.Conflicting();
        s.AddPatch("needs-clash", r => UpstreamScenario.EditLines(r, "shared.txt", (50, UpstreamScenario.ForkLine50 + ", and more")));
        var run = s.Fork.Carry("sync", "--fetch", "--park", "--json");
        Assert.True(run.Exit == 2, run.ToString());
        var patches = Patches(JsonDocument.Parse(run.Out).RootElement);
        Assert.Equal("parked", patches["clash"].GetProperty("outcome").GetString());
        Assert.Equal("parked", patches["needs-clash"].GetProperty("outcome").GetString());
        Assert.Contains("needs 'clash'", patches["needs-clash"].GetProperty("reason").GetString());
        Assert.Equal("clash", patches["needs-clash"].GetProperty("parked").GetProperty("with").GetString());
        Assert.Equal("clean", patches["above"].GetProperty("outcome").GetString());
        Invariants.Check(s.Fork);
    }

    [Fact]
    public void Git_config_carry_sync_park_parks_without_the_flag()
    {
        using var s = UpstreamScenario.Conflicting();
        s.Fork.Git("config", "carry.sync.park", "true");
        var run = s.Fork.Carry("sync", "--fetch");
        Assert.True(run.Exit == 2, run.ToString());
        Assert.Contains("parked     clash", run.Out);
        Assert.Equal("", s.Fork.Git("ls-files", "-u"));
    }

    private static string CommitOf(TempRepo fork, string patch) =>
        fork.Git("show", "refs/carry/main:stack").Split('\n').Single(l => l.Split(' ') is [_, _, var n, ..] && n == patch).Split(' ')[1];

    private static void ResolveBlock(TempRepo fork, string patch, string resolution)
    {
        var lines = fork.Read("shared.txt").Split('\n').ToList();
        var start = lines.IndexOf("<<<<<<< upstream");
        var end = lines.IndexOf(">>>>>>> " + patch);
        Assert.True(start >= 0 && end > start, fork.Read("shared.txt"));
        lines.RemoveRange(start, end - start + 1);
        lines.Insert(start, resolution);
        File.WriteAllText(Path.Combine(fork.Dir, "shared.txt"), string.Join('\n', lines));
        fork.Git("add", "shared.txt");
    }
}
