using System.Text.Json;
using System.Text.RegularExpressions;
using Carry.Operations.Series;
using Carry.Tests.Support;
using Xunit.Abstractions;

namespace Carry.Tests.Stories.Series;

/// <summary>
/// glibc's three Debian revisions imported in turn into one stack, each marked as a version: the
/// range-diff between them must list exactly what <c>diff</c> of the series folders shows, and
/// pair the same commits as <c>git range-diff</c> does.
/// </summary>
[Trait("Speed", "Slow")]
public sealed partial class GlibcRangeDiffTests(GlibcRepos corpus, ITestOutputHelper output) : IClassFixture<GlibcRepos>
{
    [SkippableFact]
    public void Range_diff_between_Debian_revisions_matches_the_series_folders_and_git_range_diff()
    {
        Skip.If(corpus.Reason is not null, $"{corpus.Reason}");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var repo = corpus.NewStack();
        output.WriteLine($"stack ready in {clock.Elapsed.TotalSeconds:0.0} s");
        // Oldest first: 2.36-9+deb12u7 before 2.36-9+deb12u10.
        var revisions = corpus.Revisions.OrderBy(r => int.Parse(Regex.Match(r, @"\d+$").Value)).ToList();
        var heads = new List<string>();
        foreach (var revision in revisions)
        {
            var names = JsonDocument.Parse(repo.CarryOk("series", "--json").Out).RootElement.GetProperty("patches")
                .EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToArray();
            if (names.Length > 0) repo.CarryOk(["delete", .. names]);
            repo.CarryOk("import", "quilt", corpus.SeriesDir(revision), "--binary-without-data", "skip");
            repo.CarryOk("version", revision);
            heads.Add(repo.Git("rev-parse", "HEAD"));
        }
        var versions = JsonDocument.Parse(repo.CarryOk("versions", "--json").Out).RootElement.EnumerateArray()
            .Select(v => v.GetProperty("name").GetString()!).ToList();
        Assert.Equal(revisions, versions);
        output.WriteLine($"three revisions imported in {clock.Elapsed.TotalSeconds:0.0} s");

        for (var k = 1; k < revisions.Count; k++)
        {
            var (older, newer) = (revisions[k - 1], revisions[k]);
            var json = JsonDocument.Parse(repo.CarryOk("range-diff", older, newer, "--json").Out).RootElement.GetProperty("patches")
                .EnumerateArray().ToList();
            string File(JsonElement e, string side) => e.GetProperty(side).GetProperty("file").GetString()!;
            List<string> Files(string kind, string side) =>
                [.. json.Where(e => e.GetProperty("kind").GetString() == kind).Select(e => File(e, side)).Order(StringComparer.Ordinal)];

            // What diff of the two series folders says, restricted to the patches each series lists.
            var (oldSeries, newSeries) = (SeriesFiles(corpus.SeriesDir(older)), SeriesFiles(corpus.SeriesDir(newer)));
            var modified = oldSeries.Intersect(newSeries).Where(f => !SameBytes(corpus.SeriesDir(older), corpus.SeriesDir(newer), f));
            Assert.Equal(Sorted(newSeries.Except(oldSeries)), Files("added", "new"));
            Assert.Equal(Sorted(oldSeries.Except(newSeries)), Files("dropped", "old"));
            Assert.Equal(Sorted(modified), Files("changed", "new"));
            Assert.NotEmpty(Files("changed", "new"));
            Assert.All(json.Where(e => e.GetProperty("kind").GetString() == "dropped"), e => Assert.Equal("deleted", e.GetProperty("reason").GetString()));
            Assert.All(json.Where(e => e.GetProperty("old").ValueKind != JsonValueKind.Null && e.GetProperty("new").ValueKind != JsonValueKind.Null),
                e => Assert.Equal(File(e, "old"), File(e, "new")));

            // The same pairs, and the same verdict on each, as git range-diff on the same commits.
            var git = GitRangeDiff(repo, $"{corpus.BaseTag}..{heads[k - 1]}", $"{corpus.BaseTag}..{heads[k]}");
            var ours = json.Select(e => (
                Old: e.GetProperty("old").ValueKind == JsonValueKind.Null ? null : e.GetProperty("old").GetProperty("commit").GetString(),
                Mark: e.GetProperty("kind").GetString() switch { "unchanged" => '=', "changed" => '!', "added" => '>', _ => '<' },
                New: e.GetProperty("new").ValueKind == JsonValueKind.Null ? null : e.GetProperty("new").GetProperty("commit").GetString())).ToList();
            Assert.Equal(git.Count, ours.Count);
            foreach (var (oldShort, mark, newShort) in git)
                Assert.Contains(ours, o => o.Mark == mark && Prefix(o.Old, oldShort) && Prefix(o.New, newShort));
            output.WriteLine($"{older} → {newer}: {ours.Count(o => o.Mark == '=')} unchanged, {ours.Count(o => o.Mark == '!')} changed, " +
                $"{ours.Count(o => o.Mark == '>')} added, {ours.Count(o => o.Mark == '<')} dropped: same as git range-diff ({clock.Elapsed.TotalSeconds:0.0} s)");
        }
    }

    private static bool Prefix(string? full, string? abbreviated) => full is null ? abbreviated is null : abbreviated is not null && full.StartsWith(abbreviated, StringComparison.Ordinal);

    private static List<string> SeriesFiles(string dir) => [.. Corpus.ReadSeries(dir).Select(s => s.Name)];

    private static List<string> Sorted(IEnumerable<string> files) => [.. files.Order(StringComparer.Ordinal)];

    private static bool SameBytes(string a, string b, string file) =>
        System.IO.File.ReadAllBytes(Path.Combine(a, file)).AsSpan().SequenceEqual(System.IO.File.ReadAllBytes(Path.Combine(b, file)));

    /// <summary>git range-diff's pairs: (old commit or null, mark, new commit or null), abbreviated ids.</summary>
    private static List<(string? Old, char Mark, string? New)> GitRangeDiff(TempRepo repo, string a, string b)
    {
        var result = new List<(string?, char, string?)>();
        foreach (var line in repo.Git("range-diff", "--no-color", "-s", a, b).Split('\n'))
        {
            var m = PairLine().Match(line);
            if (!m.Success) continue;
            string? Id(Group g) => g.Value.StartsWith('-') ? null : g.Value;
            result.Add((Id(m.Groups[1]), m.Groups[2].Value[0], Id(m.Groups[3])));
        }
        return result;
    }

    [GeneratedRegex(@"^\s*(?:\d+|-):\s+([0-9a-f]+|-+) ([=!<>]) \s*(?:\d+|-):\s+([0-9a-f]+|-+) ")]
    private static partial Regex PairLine();
}
