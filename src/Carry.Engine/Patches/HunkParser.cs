namespace Carry.Patches;

/// <summary>
/// Reads <c>@@ -a,b +c,d @@</c> hunks. The header's counts decide where a hunk ends, as in GNU
/// patch and git: a hunk's lines may begin with anything a file line can, so only counting
/// tells content from the next header.
/// </summary>
internal static class HunkParser
{
    /// <summary>True when line <paramref name="index"/> is a unified hunk header.</summary>
    public static bool IsHunkHeader(PatchLines lines, int index) => lines.StartsWith(index, "@@ -"u8);

    /// <summary>Reads consecutive hunks starting at <paramref name="index"/>.</summary>
    public static List<Hunk> ParseHunks(PatchLines lines, ref int index)
    {
        var hunks = new List<Hunk>();
        while (IsHunkHeader(lines, index))
            hunks.Add(ParseHunk(lines, ref index));
        return hunks;
    }

    private static Hunk ParseHunk(PatchLines lines, ref int index)
    {
        var headerIndex = index;
        var header = lines.Text(index);
        var pos = 4; // after "@@ -"
        var oldStart = ReadNumber(lines, index, header, ref pos);
        var oldCount = 1;
        if (pos < header.Length && header[pos] == (byte)',')
        {
            pos++;
            oldCount = ReadNumber(lines, index, header, ref pos);
        }
        Expect(lines, index, header, ref pos, " +"u8);
        var newStart = ReadNumber(lines, index, header, ref pos);
        var newCount = 1;
        if (pos < header.Length && header[pos] == (byte)',')
        {
            pos++;
            newCount = ReadNumber(lines, index, header, ref pos);
        }
        Expect(lines, index, header, ref pos, " @@"u8);
        var section = lines.Data.AsMemory(lines.Start(index) + pos, header.Length - pos);
        index++;

        var oldLeft = oldCount;
        var newLeft = newCount;
        // Never trust the header for an allocation size: the file may be far shorter than it claims.
        var lineList = new List<HunkLine>(Math.Min(oldCount + (long)newCount, lines.Count - index) is var cap and > 0 ? (int)cap : 0);
        while (oldLeft > 0 || newLeft > 0)
        {
            if (index >= lines.Count)
                throw lines.Error(index - 1, $"the patch ends inside the hunk that starts at line {headerIndex + 1}: " +
                    $"expected {oldLeft} more old and {newLeft} more new lines");
            var line = lines.LineMemory(index);
            var first = line.Span[0];
            HunkLineKind kind;
            ReadOnlyMemory<byte> content;
            switch (first)
            {
                case (byte)' ':
                    kind = HunkLineKind.Context;
                    content = line[1..];
                    break;
                case (byte)'-':
                    kind = HunkLineKind.Removed;
                    content = line[1..];
                    break;
                case (byte)'+':
                    kind = HunkLineKind.Added;
                    content = line[1..];
                    break;
                case (byte)'\n' or (byte)'\r' or (byte)'\t':
                    // Editors and mailers strip the space of an empty context line; GNU patch
                    // takes such a line (or one starting with a tab) as context, whole.
                    if (first == (byte)'\r' && !line.Span.SequenceEqual("\r\n"u8))
                        throw UnexpectedLine(lines, index, oldLeft, newLeft);
                    kind = HunkLineKind.Context;
                    content = line;
                    break;
                case (byte)'\\':
                    if (lineList.Count == 0)
                        throw lines.Error(index, "'\\ No newline at end of file' must follow a line of the hunk");
                    lineList[^1] = WithoutNewline(lineList[^1]);
                    index++;
                    continue;
                default:
                    throw UnexpectedLine(lines, index, oldLeft, newLeft);
            }
            if (kind != HunkLineKind.Added && oldLeft-- == 0)
                throw lines.Error(index, $"the hunk at line {headerIndex + 1} has more old lines than its header's {oldCount}");
            if (kind != HunkLineKind.Removed && newLeft-- == 0)
                throw lines.Error(index, $"the hunk at line {headerIndex + 1} has more new lines than its header's {newCount}");
            if (index == lines.Count - 1 && !content.Span.EndsWith("\n"u8))
            {
                // The patch file itself lacks its final newline; that says nothing about the
                // patched file (which would need a '\ No newline' marker), so restore it.
                content = (byte[])[.. content.Span, (byte)'\n'];
            }
            lineList.Add(new HunkLine(kind, content));
            index++;
        }
        if (index < lines.Count && lines.Line(index)[0] == (byte)'\\')
        {
            if (lineList.Count == 0)
                throw lines.Error(index, "'\\ No newline at end of file' must follow a line of the hunk");
            lineList[^1] = WithoutNewline(lineList[^1]);
            index++;
        }
        return new Hunk(oldStart, oldCount, newStart, newCount, section, lineList, headerIndex + 1);
    }

    private static PatchFormatException UnexpectedLine(PatchLines lines, int index, int oldLeft, int newLeft) =>
        lines.Error(index, "expected a hunk line starting with ' ', '-', '+' or '\\' " +
            $"({oldLeft} old and {newLeft} new lines of the hunk are still missing; are its line counts right?)");

    private static HunkLine WithoutNewline(HunkLine line)
    {
        var content = line.Content;
        if (!content.IsEmpty && content.Span[^1] == (byte)'\n')
            content = content[..^1];
        return new HunkLine(line.Kind, content);
    }

    private static int ReadNumber(PatchLines lines, int index, ReadOnlySpan<byte> header, ref int pos)
    {
        var start = pos;
        long value = 0;
        while (pos < header.Length && header[pos] is >= (byte)'0' and <= (byte)'9')
        {
            value = value * 10 + (header[pos] - '0');
            if (value > int.MaxValue / 2)
                throw lines.Error(index, "line number in hunk header is too large");
            pos++;
        }
        if (pos == start)
            throw lines.Error(index, "expected a hunk header '@@ -a,b +c,d @@' (missing a line number)");
        return (int)value;
    }

    private static void Expect(PatchLines lines, int index, ReadOnlySpan<byte> header, ref int pos, ReadOnlySpan<byte> text)
    {
        if (!header[pos..].StartsWith(text))
            throw lines.Error(index, $"expected a hunk header '@@ -a,b +c,d @@' (missing '{System.Text.Encoding.ASCII.GetString(text).Trim()}')");
        pos += text.Length;
    }
}
