namespace Carry.Patches;

/// <summary>
/// Context diffs (<c>diff -c</c>: <c>***</c>/<c>---</c> names, <c>***************</c> hunks)
/// and normal diffs (<c>diff</c>: <c>2c2</c>, <c>&lt;</c>/<c>&gt;</c> lines), read into the same
/// hunks as unified diffs, so they apply with GNU patch's search like any other. A normal diff
/// has no file names of its own: it takes the name of the <c>Index:</c> or <c>diff</c> line
/// before it, as GNU patch does, and is refused without one.
/// </summary>
internal static class OldStyleDiffs
{
    /// <summary><c>*** NAME</c>, <c>--- NAME</c>, <c>***************</c>: a context diff starts here.</summary>
    public static bool IsContextDiffStart(PatchLines lines, int i) =>
        lines.StartsWith(i, "*** "u8) && lines.StartsWith(i + 1, "--- "u8) && lines.StartsWith(i + 2, "***************"u8);

    /// <summary>Reads a context diff's hunks from the first <c>***************</c> line.</summary>
    public static List<Hunk> ReadContextHunks(PatchLines lines, ref int i)
    {
        var hunks = new List<Hunk>();
        while (i < lines.Count && lines.Text(i).StartsWith("***************"u8))
        {
            var header = i;
            i++;
            var (oldStart, oldCount) = Range(lines, i, "*** "u8, " ****"u8);
            i++;
            var old = Section(lines, ref i, oldCount, "--- "u8);
            var (newStart, newCount) = Range(lines, i, "--- "u8, " ----"u8);
            i++;
            var @new = Section(lines, ref i, newCount, "***************"u8);
            hunks.Add(new Hunk(oldStart, oldCount, newStart, newCount, ReadOnlyMemory<byte>.Empty, Merge(old, @new, oldCount, newCount, lines, header), header + 1));
        }
        return hunks;
    }

    /// <summary><c>*** 1,3 ****</c> → (1, 3); <c>*** 0 ****</c> → (0, 0); <c>*** 5 ****</c> → (5, 1).</summary>
    private static (int Start, int Count) Range(PatchLines lines, int i, ReadOnlySpan<byte> open, ReadOnlySpan<byte> close)
    {
        var text = i < lines.Count ? lines.Text(i) : [];
        if (!text.StartsWith(open) || !text.EndsWith(close))
            throw lines.Error(i, $"expected a context hunk range '{System.Text.Encoding.ASCII.GetString(open)}a,b{System.Text.Encoding.ASCII.GetString(close)}'");
        var body = System.Text.Encoding.ASCII.GetString(text[open.Length..^close.Length]);
        var parts = body.Split(',');
        if (parts.Length > 2 || !int.TryParse(parts[0], out var start) || start < 0 || start > int.MaxValue / 4)
            throw lines.Error(i, "expected line numbers in the context hunk range");
        var end = start;
        if (parts.Length == 2 && (!int.TryParse(parts[1], out end) || end > int.MaxValue / 4))
            throw lines.Error(i, "expected line numbers in the context hunk range");
        return (start, start == 0 ? 0 : Math.Max(0, end - start + 1));
    }

    /// <summary>The <paramref name="count"/> lines of one side, or none when the side is left out (only context or only changes on the other).</summary>
    private static List<(byte Kind, ReadOnlyMemory<byte> Content)> Section(PatchLines lines, ref int i, int count, ReadOnlySpan<byte> next)
    {
        var result = new List<(byte, ReadOnlyMemory<byte>)>();
        while (i < lines.Count && result.Count < count)
        {
            var text = lines.Text(i);
            if (text.StartsWith(next) && (next[0] != (byte)'-' || text.EndsWith(" ----"u8))) break;
            var line = lines.LineMemory(i);
            var span = line.Span;
            if (span.Length >= 2 && span[0] is (byte)' ' or (byte)'-' or (byte)'+' or (byte)'!' && span[1] is (byte)' ' or (byte)'\t')
                result.Add((span[0], line[(span[1] == (byte)' ' ? 2 : 1)..]));
            else if (span.SequenceEqual("\n"u8))
                result.Add(((byte)' ', line));
            else
                break;
            i++;
            if (i < lines.Count && lines.Line(i).StartsWith("\\"u8))
            {
                var (k, c) = result[^1];
                result[^1] = (k, c.Span.EndsWith("\n"u8) ? c[..^1] : c);
                i++;
            }
        }
        return result;
    }

    /// <summary>Interleaves the two sides into unified hunk lines; a side left out is the other side's context.</summary>
    private static List<HunkLine> Merge(List<(byte Kind, ReadOnlyMemory<byte> Content)> old, List<(byte Kind, ReadOnlyMemory<byte> Content)> @new,
        int oldCount, int newCount, PatchLines lines, int header)
    {
        if (old.Count == 0 && oldCount > 0) old = @new.Where(l => l.Kind == (byte)' ').ToList();
        if (@new.Count == 0 && newCount > 0) @new = old.Where(l => l.Kind == (byte)' ').ToList();
        var result = new List<HunkLine>();
        int i = 0, j = 0;
        while (i < old.Count || j < @new.Count)
        {
            if (i < old.Count && old[i].Kind == (byte)'-') result.Add(new HunkLine(HunkLineKind.Removed, old[i++].Content));
            else if (j < @new.Count && @new[j].Kind == (byte)'+') result.Add(new HunkLine(HunkLineKind.Added, @new[j++].Content));
            else if (i < old.Count && old[i].Kind == (byte)'!' || j < @new.Count && @new[j].Kind == (byte)'!')
            {
                while (i < old.Count && old[i].Kind == (byte)'!') result.Add(new HunkLine(HunkLineKind.Removed, old[i++].Content));
                while (j < @new.Count && @new[j].Kind == (byte)'!') result.Add(new HunkLine(HunkLineKind.Added, @new[j++].Content));
            }
            else if (i < old.Count && j < @new.Count && old[i].Kind == (byte)' ' && @new[j].Kind == (byte)' ')
            {
                result.Add(new HunkLine(HunkLineKind.Context, old[i++].Content));
                j++;
            }
            else throw lines.Error(header, "the two sides of this context hunk do not agree on their common lines");
        }
        if (result.Count(l => l.Kind != HunkLineKind.Added) != oldCount || result.Count(l => l.Kind != HunkLineKind.Removed) != newCount)
            throw lines.Error(header, "the context hunk's lines do not match its line ranges");
        return result;
    }

    /// <summary>True for a normal diff command: <c>2c2</c>, <c>1a2,3</c>, <c>4,5d3</c>.</summary>
    public static bool IsNormalCommand(ReadOnlySpan<byte> text)
    {
        var i = Digits(text, 0);
        if (i == 0) return false;
        if (i < text.Length && text[i] == (byte)',') { var j = Digits(text, i + 1); if (j == i + 1) return false; i = j; }
        if (i >= text.Length || text[i] is not ((byte)'a' or (byte)'c' or (byte)'d')) return false;
        var k = Digits(text, i + 1);
        if (k == i + 1) return false;
        if (k < text.Length && text[k] == (byte)',') { var m = Digits(text, k + 1); if (m == k + 1) return false; k = m; }
        return k == text.Length;
    }

    private static int Digits(ReadOnlySpan<byte> text, int i)
    {
        while (i < text.Length && text[i] is >= (byte)'0' and <= (byte)'9') i++;
        return i;
    }

    /// <summary>Reads consecutive normal diff commands as hunks without context.</summary>
    public static List<Hunk> ReadNormalHunks(PatchLines lines, ref int i)
    {
        var hunks = new List<Hunk>();
        while (i < lines.Count && IsNormalCommand(lines.Text(i)))
        {
            var header = i;
            var text = System.Text.Encoding.ASCII.GetString(lines.Text(i));
            var op = text.IndexOfAny(['a', 'c', 'd']);
            if (Pair(text[..op]) is not var (o1, o2) || Pair(text[(op + 1)..]) is not var (n1, n2))
                throw lines.Error(i, "line number in the normal diff command is too large");
            i++;
            var result = new List<HunkLine>();
            if (text[op] != 'a') Take(lines, ref i, "< "u8, HunkLineKind.Removed, o2 - o1 + 1, result);
            if (text[op] == 'c')
            {
                if (i >= lines.Count || !lines.Text(i).SequenceEqual("---"u8)) throw lines.Error(i, "expected '---' between the old and new lines of a normal diff change");
                i++;
            }
            if (text[op] != 'd') Take(lines, ref i, "> "u8, HunkLineKind.Added, n2 - n1 + 1, result);
            var oldCount = text[op] == 'a' ? 0 : o2 - o1 + 1;
            var newCount = text[op] == 'd' ? 0 : n2 - n1 + 1;
            hunks.Add(new Hunk(o1, oldCount, n1, newCount, ReadOnlyMemory<byte>.Empty, result, header + 1));
        }
        return hunks;

        static (int, int)? Pair(string s)
        {
            var parts = s.Split(',');
            return int.TryParse(parts[0], out var a) && int.TryParse(parts[^1], out var b) && a < int.MaxValue / 4 && b < int.MaxValue / 4 ? (a, b) : null;
        }
    }

    private static void Take(PatchLines lines, ref int i, ReadOnlySpan<byte> prefix, HunkLineKind kind, int count, List<HunkLine> into)
    {
        if (count < 1 || count > lines.Count) throw lines.Error(i - 1, "the normal diff command's line range is empty or too large");
        for (var n = 0; n < count; n++, i++)
        {
            if (i >= lines.Count || !lines.Line(i).StartsWith(prefix))
                throw lines.Error(i, $"expected {count} lines starting with '{System.Text.Encoding.ASCII.GetString(prefix)}' in the normal diff");
            into.Add(new HunkLine(kind, lines.LineMemory(i)[2..]));
        }
        if (i < lines.Count && lines.Line(i).StartsWith("\\"u8))
        {
            var last = into[^1];
            into[^1] = new HunkLine(last.Kind, last.Content.Span.EndsWith("\n"u8) ? last.Content[..^1] : last.Content);
            i++;
        }
    }
}
