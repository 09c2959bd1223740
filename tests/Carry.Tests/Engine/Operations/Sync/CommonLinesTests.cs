using System.Text;
using Carry.Operations.Sync;
using CsCheck;

namespace Carry.Tests.Engine.Operations.Sync;

/// <summary>
/// Changes are compared only between the lines both versions begin and end with alike (a bag
/// of changed lines, a diff's changed line numbers): cutting those must leave the same lines
/// added and removed, and the same changed line numbers, as the whole files.
/// </summary>
public sealed class CommonLinesTests
{
    /// <summary>Lines added (positive) and removed (negative) from <paramref name="before"/> to <paramref name="after"/>, split as the bag splits them.</summary>
    private static Dictionary<string, int> Difference(string before, string after)
    {
        static IEnumerable<string> Split(string text) =>
            text.Length == 0 ? [] : (text.EndsWith('\n') ? text[..^1] : text).Split('\n');
        var counts = new Dictionary<string, int>();
        foreach (var line in Split(after)) counts[line] = counts.GetValueOrDefault(line) + 1;
        foreach (var line in Split(before)) counts[line] = counts.GetValueOrDefault(line) - 1;
        return counts.Where(kv => kv.Value != 0).ToDictionary();
    }

    private static (string, string) Cut(string before, string after)
    {
        ReadOnlySpan<byte> a = Encoding.UTF8.GetBytes(before), b = Encoding.UTF8.GetBytes(after);
        var cut = CommonLines.Cut(ref a, ref b, (byte)'\n');
        var (left, right) = (Encoding.UTF8.GetString(a), Encoding.UTF8.GetString(b));
        // Both are the same first `cut` lines, then what is left, then the same last lines.
        var head = string.Concat(before.Split('\n').Take(cut).Select(l => l + "\n"));
        Assert.StartsWith(head + left, before, StringComparison.Ordinal);
        Assert.StartsWith(head + right, after, StringComparison.Ordinal);
        Assert.Equal(before[(head.Length + left.Length)..], after[(head.Length + right.Length)..]);
        return (left, right);
    }

    /// <summary>The changed line numbers of a diff of the whole texts, as <see cref="LineSpans.Points"/> numbers them.</summary>
    private static HashSet<int> WholePoints(string before, string after) => LineSpans.PointsOf(Carry.Git.TextDiff.Hunks(before, after), 0);

    [Fact]
    public void Cutting_common_lines_keeps_the_lines_added_and_removed()
    {
        // Few distinct lines, some prefixes of others, with and without a last newline: lines
        // that repeat, move, and share bytes across a cut's edge.
        var line = Gen.OneOf("a", "ab", "abc", "b", "", "x y", "ab\r");
        var text = Gen.Select(line.Array[0, 12], Gen.Bool).Select((lines, newline) =>
            string.Join('\n', lines) + (newline && lines.Length > 0 ? "\n" : ""));
        var edited = Gen.Select(line.Array[0, 6], line.Array[0, 3], line.Array[0, 6], Gen.Bool, Gen.Bool);
        Gen.Select(edited, text).Sample(c =>
        {
            var ((head, oldMid, tail, nl1, nl2), mid) = c;
            var before = string.Concat(head.Select(l => l + "\n")) + string.Join('\n', oldMid) + (nl1 ? "\n" : "") + string.Join('\n', tail);
            var after = string.Concat(head.Select(l => l + "\n")) + mid + (nl2 ? "\n" : "") + string.Join('\n', tail);
            var (a, b) = Cut(before, after);
            Assert.Equal(Difference(before, after), Difference(a, b));
        }, iter: 5000);
    }

    [Fact]
    public void Changed_line_numbers_are_the_whole_files_diffs_where_lines_are_distinct()
    {
        // Where a line repeats, a change next to its twins can be placed on either (a diff of the
        // whole file slides it as far down as the twins go, past the cut): both are the lines the
        // change touches. With distinct lines the placement is unique and must be the same.
        var file = Gen.Int[0, 60].Select(n => Enumerable.Range(0, n).Select(i => $"line {i}").ToArray());
        var edit = Gen.Select(Gen.Int[0, 60], Gen.Int[0, 4], Gen.Int[0, 3]).Array[0, 4];
        Gen.Select(file, edit, Gen.Bool).Sample(c =>
        {
            var (lines, edits, newline) = c;
            var edited = lines.ToList();
            var fresh = 0;
            foreach (var (at, removed, added) in edits)
            {
                var start = Math.Min(at, edited.Count);
                edited.RemoveRange(start, Math.Min(removed, edited.Count - start));
                edited.InsertRange(start, Enumerable.Range(0, added).Select(_ => $"new {fresh++}"));
            }
            var before = string.Join('\n', lines) + (lines.Length > 0 ? "\n" : "");
            var after = string.Join('\n', edited) + (newline && edited.Count > 0 ? "\n" : "");
            Assert.Equal(WholePoints(before, after).Order(), LineSpans.Points(before, after).Order());
        }, iter: 3000);
    }

    [Fact]
    public void A_change_in_the_middle_of_a_long_file_leaves_only_its_own_lines()
    {
        var lines = Enumerable.Range(0, 2000).Select(i => $"line {i}").ToList();
        var before = string.Concat(lines.Select(l => l + "\n"));
        lines[1000] = "line 1000, edited";
        lines.Insert(1500, "an added line");
        var (a, b) = Cut(before, string.Concat(lines.Select(l => l + "\n")));
        Assert.Equal("line 1000\n" + string.Concat(Enumerable.Range(1001, 499).Select(i => $"line {i}\n")), a);
        Assert.Equal("line 1000, edited\n" + string.Concat(Enumerable.Range(1001, 499).Select(i => $"line {i}\n")) + "an added line\n", b);
    }
}
