using System.Text;
using Carry.Operations.Sync;
using CsCheck;

namespace Carry.Tests.Engine.Operations.Sync;

/// <summary>
/// A change's bag of lines is counted only between the lines both versions begin and end with
/// alike: cutting those must leave the same lines added and removed as counting whole files.
/// </summary>
public sealed class ChangedLinesTests
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
        ChangedLines.WithoutCommonLines(ref a, ref b);
        return (Encoding.UTF8.GetString(a), Encoding.UTF8.GetString(b));
    }

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
            Assert.True(a.Length <= before.Length && b.Length <= after.Length);
        }, iter: 5000);
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
