using System.Text.Json;
using System.Text.RegularExpressions;
using Carry.Tests.Support;
using CsCheck;

namespace Carry.Tests.Stories.Sync;

/// <summary>
/// Sync's verdicts against what upstream really did (issue 16): a conflicting patch is set aside
/// only when all of its change is upstream; nothing is retired as landed without an upstream
/// commit as evidence; patches left unapplied keep the series order; conflict markers are git's.
/// </summary>
[Trait("Speed", "Slow")]
public sealed class SyncVerdictTests
{
    private enum Present { Absent, Exact, Spaces, Elsewhere }

    private static JsonElement Json(CarryRun run) => JsonDocument.Parse(run.Out).RootElement;

    private static List<(string Name, string State)> Series(TempRepo fork) =>
        [.. Json(fork.CarryOk("series", "--json")).GetProperty("patches").EnumerateArray()
            .Select(p => (p.GetProperty("name").GetString()!, p.GetProperty("state").GetString()!))];

    [Fact]
    public void A_conflicting_patch_is_set_aside_only_when_all_of_its_change_is_upstream()
    {
        Gen.Enum<Present>().Array[3].Sample(SetAsideCase, iter: 8, threads: 1);
    }

    /// <summary>
    /// One patch with three blocks (replace line 20, add a line after 50, delete line 80); upstream
    /// rewrites the line before each block (so the patch conflicts) and carries each block or not.
    /// </summary>
    private static void SetAsideCase(Present[] plan)
    {
        using var s = new UpstreamScenario();
        const string Fix = "line 20, fixed by the fork", Guard = "if (len > max) return -1; /* the essential check */";
        s.AddPatch("fix", r =>
        {
            var lines = r.Read("shared.txt").Split('\n')[..^1].ToList();
            lines[19] = Fix;
            lines.Insert(50, Guard);
            lines.RemoveAt(80); // line 80 (shifted by the insertion)
            r.Write("shared.txt", string.Join('\n', lines) + "\n");
        });
        s.Upstream("upstream's own take on lines 19-80", r =>
        {
            var lines = r.Read("shared.txt").Split('\n')[..^1].ToList();
            foreach (var n in new[] { 19, 50, 79 }) lines[n - 1] += " (upstream's rewrite)";
            string? Variant(Present p, string text) => p switch { Present.Exact => text, Present.Spaces => "  " + text.Replace(" ", "  ") + "\t", _ => null };
            if (plan[2] is Present.Exact or Present.Spaces) lines.RemoveAt(79);
            if (Variant(plan[1], Guard) is { } g) lines.Insert(50, g);
            if (plan[1] == Present.Elsewhere) lines.Add(Guard);
            if (Variant(plan[0], Fix) is { } f) lines[19] = f;
            if (plan[0] == Present.Elsewhere) lines.Insert(0, Fix);
            if (plan[2] == Present.Elsewhere) lines.RemoveAt(81);
            r.Write("shared.txt", string.Join('\n', lines) + "\n");
        });

        var all = plan.All(p => p is Present.Exact or Present.Spaces);
        var run = s.Fork.Carry("sync", "--fetch", "--json");
        var fix = Json(run).GetProperty("patches").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "fix");
        var outcome = fix.GetProperty("outcome").GetString();
        if (all)
        {
            // Exit 4: set aside as probably landed, it awaits 'carry landed' or 'carry keep'.
            Assert.True(run.Exit == 4, $"{string.Join(",", plan)}: all of it is upstream, yet: {run}");
            Assert.Equal("probably-landed", outcome);
            Assert.Equal([("fix", "unapplied")], Series(s.Fork));
        }
        else
        {
            Assert.True(run.Exit == 2 && outcome == "conflicted", $"{string.Join(",", plan)}: part of it is not upstream, yet: {run}");
            Assert.Contains(Guard, s.Fork.Read("shared.txt"));
        }
        Assert.DoesNotContain("retired", s.Fork.Git("show", "refs/carry/main:stack"));
    }

    /// <summary>What one patch of a random stack does.</summary>
    private enum Step { EditLine, CreateFile, DeleteFile, AppendFile }

    [Fact]
    public void After_any_mix_of_skips_nothing_lands_without_upstream_evidence_and_the_order_holds()
    {
        Gen.Select(Gen.Enum<Step>().Array[5, 8], Gen.Bool.Array[8]).Sample(c => SkipCase(c.Item1, c.Item2), iter: 6, threads: 1);
    }

    /// <summary>
    /// A stack whose line edits upstream may rewrite (a conflict the user skips) and whose later
    /// patches delete or extend files earlier patches create. Upstream carries none of them.
    /// </summary>
    private static void SkipCase(Step[] steps, bool[] clash)
    {
        using var s = new UpstreamScenario();
        var names = new List<string>();
        var created = new List<(int Patch, string File)>();
        var deleters = new Dictionary<string, string>(); // deleting patch → creating patch
        for (var i = 0; i < steps.Length; i++)
        {
            var name = $"p{i}";
            var step = created.Count == 0 && steps[i] is Step.DeleteFile or Step.AppendFile ? Step.CreateFile : steps[i];
            s.AddPatch(name, r =>
            {
                switch (step)
                {
                    case Step.EditLine:
                        UpstreamScenario.EditLines(r, "shared.txt", (10 + 10 * i, $"line {10 + 10 * i}, the fork's p{i}"));
                        break;
                    case Step.CreateFile:
                        r.Write($"f{i}.txt", $"made by p{i}\n");
                        UpstreamScenario.EditLines(r, "shared.txt", (10 + 10 * i, $"line {10 + 10 * i}, the fork's p{i}"));
                        created.Add((i, $"f{i}.txt"));
                        break;
                    case Step.DeleteFile:
                        var (maker, file) = created[^1];
                        File.Delete(Path.Combine(r.Dir, file));
                        created.RemoveAt(created.Count - 1);
                        deleters[name] = $"p{maker}";
                        break;
                    case Step.AppendFile:
                        File.AppendAllText(Path.Combine(r.Dir, created[^1].File), $"extended by p{i}\n");
                        break;
                }
            });
            names.Add(name);
        }
        s.Upstream("upstream rewrites some lines", r =>
        {
            // Upstream always moves, even when it rewrites none of the patches' lines.
            r.Write("upstream-news.txt", "upstream moved on\n");
            for (var i = 0; i < steps.Length; i++)
                if (clash[i]) UpstreamScenario.EditLines(r, "shared.txt", (10 + 10 * i, $"line {10 + 10 * i}, upstream's rewrite"));
        });

        var run = s.Fork.Carry("sync", "--fetch", "--json");
        var skipped = new List<string>();
        for (var guard = 0; run.Exit == 2 && guard <= steps.Length; guard++)
        {
            skipped.Add(Json(run).GetProperty("stopped").GetProperty("patch").GetString()!);
            run = s.Fork.Carry("sync", "--skip", "--json");
        }
        Assert.True(run.Exit is 0 or 4, run.ToString()); // 4: probable landings await a decision
        Invariants.Check(s.Fork);
        var report = Json(run).GetProperty("patches").EnumerateArray()
            .ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("outcome").GetString()!);
        var plan = string.Join(" ", steps.Select((st, i) => $"p{i}:{st}{(clash[i] ? "!" : "")}"));

        // Upstream carries nothing: nothing retired, every patch still in the series.
        Assert.DoesNotContain("retired", s.Fork.Git("show", "refs/carry/main:stack"));
        Assert.DoesNotContain("landed", report.Values);
        var series = Series(s.Fork);
        Assert.Equal(names.Order(), series.Select(p => p.Name).Order());
        // Applied patches, and unapplied ones, each keep the series order.
        var applied = series.Where(p => p.State != "unapplied").Select(p => p.Name).ToList();
        var unapplied = series.Where(p => p.State == "unapplied").Select(p => p.Name).ToList();
        Assert.True(applied.SequenceEqual(names.Where(applied.Contains)), $"{plan}: applied {string.Join(",", applied)}");
        Assert.True(unapplied.SequenceEqual(names.Where(unapplied.Contains)), $"{plan}: unapplied {string.Join(",", unapplied)}");
        // A deletion whose file's creator was skipped is held, not lost.
        foreach (var (deleter, maker) in deleters)
            if (skipped.Contains(maker) && !skipped.Contains(deleter))
                Assert.True(report[deleter] == "held", $"{plan}: {deleter} is {report[deleter]}");
    }

    [Fact]
    public void The_report_counts_one_sync_however_many_stops_and_credits_each_stop_to_its_patch()
    {
        using var s = new UpstreamScenario();
        s.AddPatch("clean", r => r.Write("clean.txt", "applies\n"));
        foreach (var n in new[] { 30, 60, 90 })
            s.AddPatch($"clash{n}", r => UpstreamScenario.EditLines(r, "shared.txt", (n, $"line {n}, the fork's")));
        s.Upstream("upstream rewrites three lines", r =>
            UpstreamScenario.EditLines(r, "shared.txt", (30, "line 30, upstream's"), (60, "line 60, upstream's"), (90, "line 90, upstream's")));
        Assert.Equal(2, s.Fork.Carry("sync", "--fetch").Exit);
        Assert.Equal(2, s.Fork.Carry("sync", "--skip").Exit);
        Assert.Equal(2, s.Fork.Carry("sync", "--skip").Exit);
        Assert.True(s.Fork.Carry("sync", "--skip").Exit is 0 or 4);
        Assert.Equal(["clean", "clash30", "clash60", "clash90"], Series(s.Fork).Select(p => p.Name));

        var counts = Counts(s.Fork);
        Assert.Equal((1, 0), counts["clean"]);
        foreach (var n in new[] { 30, 60, 90 }) Assert.Equal((1, 1), counts[$"clash{n}"]);

        // Undone, the sync happened in no state that counts.
        s.Fork.CarryOk("undo");
        counts = Counts(s.Fork);
        Assert.All(counts.Values, c => Assert.Equal((0, 0), c));
    }

    /// <summary>Syncs survived and conflicts per patch, as <c>carry report</c> shows them.</summary>
    private static Dictionary<string, (int Syncs, int Conflicts)> Counts(TempRepo fork)
    {
        var file = Path.Combine(Path.GetTempPath(), Path.GetFileName(fork.Dir) + "-report.html");
        fork.CarryOk("report", "--html", file);
        var html = File.ReadAllText(file);
        File.Delete(file);
        return Regex.Matches(html, "<td><code>([^<]+)</code>.*?<td class=\"num\">(\\d+)</td><td class=\"num\">(\\d+)</td>")
            .ToDictionary(m => m.Groups[1].Value, m => (int.Parse(m.Groups[2].Value), int.Parse(m.Groups[3].Value)));
    }

    private static readonly string[] Common = ["}", "", "\treturn 0;", "{"];

    /// <summary>A side's version of the ancestor: a few lines replaced, inserted or deleted, often with lines code repeats.</summary>
    private static string[] Edit(string[] ancestor, (int At, int Op, int Token)[] edits, string side)
    {
        var lines = ancestor.ToList();
        foreach (var (at, op, token) in edits)
        {
            var text = token < Common.Length ? Common[token] : $"{side} line {token}";
            if (op == 0 && lines.Count > 0) lines[at % lines.Count] = text;
            else if (op == 1 || lines.Count <= 1) lines.Insert(at % (lines.Count + 1), text);
            else lines.RemoveAt(at % lines.Count);
        }
        return [.. lines];
    }

    [Fact]
    public void Conflict_regions_are_the_ones_git_cherry_pick_writes()
    {
        var ancestor = Gen.Int[0, 9].Select(i => i < Common.Length ? Common[i] : $"line {i}").Array[4, 16];
        var edits = Gen.Select(Gen.Int[0, 40], Gen.Int[0, 2], Gen.Int[0, 7]).Array[1, 4];
        Gen.Select(ancestor, edits, edits).Sample(c => MarkersCase(c.Item1, Edit(c.Item1, c.Item2, "upstream's"), Edit(c.Item1, c.Item3, "the fork's")), iter: 12, threads: 1);
    }

    [Fact]
    public void A_merge_clean_by_myers_but_not_by_git_stops_as_git_does()
    {
        // Found by the random case above (seed amRxJMbuWbG1): the patch deletes three lines, one
        // of which upstream edited. libgit2's default (Myers) merge called it clean and dropped the
        // deletions; git's (histogram) conflicts.
        MarkersCase(["line 4", "\treturn 0;", "line 6", "line 8", "{", "{"],
            ["line 4", "\treturn 0;", "{", "line 8", "{", ""],
            ["\treturn 0;", "{", "{"]);
    }

    private static string Lines(string[] lines) => string.Concat(lines.Select(l => l + "\n"));

    // git's labels name commits; Carry's name the sides. The regions between them must be the same.
    private static string Unlabelled(string text) => Regex.Replace(text, "^(<{7}|\\|{7}|>{7})( .*)?$", "$1", RegexOptions.Multiline);

    /// <summary>A one-patch stack and an upstream editing the same file: Carry's stop against git cherry-pick of the same three sides.</summary>
    private static void MarkersCase(string[] ancestor, string[] upstream, string[] patch)
    {
        using var repo = new TempRepo();
        repo.Write("f.txt", Lines(ancestor));
        repo.Commit("base");
        repo.Git("tag", "base");
        repo.Git("checkout", "-q", "-b", "up");
        repo.Write("f.txt", Lines(upstream));
        repo.Git("commit", "-q", "--allow-empty", "-am", "upstream");
        repo.Git("checkout", "-q", "main");
        repo.Write("f.txt", Lines(patch));
        repo.Git("commit", "-q", "--allow-empty", "-am", "the patch");
        var patchCommit = repo.Git("rev-parse", "HEAD");
        repo.CarryOk("init", "--base", "base");

        var carry = repo.Carry("sync", "--onto", "up");
        Assert.True(carry.Exit is 0 or 2 or 4, carry.ToString()); // 4: set aside as probably landed
        var carried = repo.Read("f.txt");
        if (carry.Exit == 2) repo.CarryOk("sync", "--abort");
        // Set aside because upstream already holds its whole change (blank lines aside): a
        // deliberate difference from git, which stops there (docs/sync.md); no markers to compare.
        var setAside = carry.Exit == 4 && carry.Out.Contains("kept unapplied", StringComparison.Ordinal);

        repo.Git("checkout", "-q", "-b", "oracle", "up");
        var pick = TempRepo.RunGit(repo.Dir, "-c", "merge.conflictStyle=diff3", "cherry-pick", "--allow-empty", "--keep-redundant-commits", patchCommit);
        if (setAside)
        {
            Assert.NotEqual(0, pick.Exit);
            TempRepo.RunGit(repo.Dir, "cherry-pick", "--abort");
            return;
        }
        Assert.Equal(pick.Exit != 0, carry.Exit == 2);
        Assert.Equal(Unlabelled(repo.Read("f.txt")), Unlabelled(carried));
        if (carry.Exit == 2)
        {
            Assert.Contains("<<<<<<< upstream\n", carried);
            Assert.Contains("\n>>>>>>> the-patch\n", carried);
        }
        TempRepo.RunGit(repo.Dir, "cherry-pick", "--abort");
    }
}
