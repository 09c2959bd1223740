using System.Text;
using Carry.Git;

namespace Carry.Operations.Sync;

/// <summary>
/// Which lines of a file a change touches, in the old file's numbering: a removed line k is
/// point 2k, lines added before old line k are point 2k-1 (the gap above it). Two changes of the
/// same file overlap when they share a point or one adds lines inside a run the other removes;
/// changes with an untouched line between them do not.
/// </summary>
internal static class LineSpans
{
    /// <summary>True when the changes <paramref name="before"/>→<paramref name="a"/> and <paramref name="before"/>→<paramref name="b"/> touch the same lines (text files only).</summary>
    public static bool Overlap(ObjectStore objects, Oid before, Oid a, Oid b)
    {
        var (old, one, two) = (Text(objects, before), Text(objects, a), Text(objects, b));
        return old is not null && one is not null && two is not null && Overlap(old, one, two);
    }

    /// <summary>As <see cref="Overlap(ObjectStore, Oid, Oid, Oid)"/>, on texts.</summary>
    public static bool Overlap(string old, string one, string two)
    {
        var first = Points(old, one);
        var second = Points(old, two);
        return first.Overlaps(second) || Inside(first, second) || Inside(second, first);
    }

    /// <summary>
    /// True when the changes <paramref name="before"/>→<paramref name="a"/> and <paramref name="before"/>→<paramref name="b"/>
    /// touch the same or adjacent lines: as git's merge sees it, what conflicts when one is missing.
    /// </summary>
    public static bool Touch(ObjectStore objects, Oid before, Oid a, Oid b)
    {
        var (old, one, two) = (Text(objects, before), Text(objects, a), Text(objects, b));
        if (old is null || one is null || two is null) return true;
        var second = Points(old, two);
        return Points(old, one).Any(p => second.Contains(p) || second.Contains(p - 1) || second.Contains(p + 1) || second.Contains(p - 2) || second.Contains(p + 2));
    }

    /// <summary>The points a change touches (see the class summary).</summary>
    public static HashSet<int> Points(string before, string after)
    {
        // Only the part between the whole lines both begin and end with alike is diffed (its line
        // numbers then start after the lines cut from the front): a diff of the whole file placed
        // its changes there too, and cost a hash of each whole file and a diff of all its lines.
        // Next to a repeated line, a change may land on another twin than a whole-file diff slides
        // it to (docs/unattended.md); both are lines the change touches.
        ReadOnlySpan<char> a = TextDiff.Clean(before), b = TextDiff.Clean(after);
        var cut = CommonLines.Cut(ref a, ref b, '\n');
        return PointsOf(TextDiff.Hunks(a.ToString(), b.ToString()), cut);
    }

    /// <summary>The points of a diff's hunks (<see cref="TextDiff.Hunks"/>), its old line numbers shifted by <paramref name="cut"/> lines.</summary>
    internal static HashSet<int> PointsOf(IEnumerable<string> hunks, int cut)
    {
        var points = new HashSet<int>();
        var line = 0;
        foreach (var l in hunks)
        {
            if (l.StartsWith("@@", StringComparison.Ordinal))
            {
                // @@ -start,count +… @@: the next old line is 'start' (or the one after it for an empty range).
                var minus = l.IndexOf('-') + 1;
                var end = l.IndexOfAny([',', ' '], minus);
                line = int.Parse(l.AsSpan(minus, end - minus));
                if (l[end] == ',' && l.AsSpan(end + 1).StartsWith("0 ")) line++;
                continue;
            }
            if (l.Length == 0 || l[0] == ' ') line++;
            else if (l[0] == '-') points.Add(2 * (cut + line++));
            else if (l[0] == '+') points.Add(2 * (cut + line) - 1);
        }
        return points;
    }

    /// <summary>Lines added by one change between two lines the other removes.</summary>
    private static bool Inside(HashSet<int> gaps, HashSet<int> lines) =>
        gaps.Any(g => g % 2 != 0 && lines.Contains(g - 1) && lines.Contains(g + 1));

    private static string? Text(ObjectStore objects, Oid blob)
    {
        var bytes = objects.ReadBlob(blob);
        return Array.IndexOf(bytes, (byte)0) >= 0 ? null : Encoding.UTF8.GetString(bytes);
    }
}
