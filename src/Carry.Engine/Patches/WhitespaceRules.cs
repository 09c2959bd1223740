namespace Carry.Patches;

/// <summary>
/// git's default whitespace rules for added lines (<c>core.whitespace</c> unset: blank-at-eol,
/// space-before-tab, blank-at-eof), for <c>--whitespace=error</c> and <c>--whitespace=fix</c>.
/// Fixing works as git's <c>ws_fix_copy</c>: blanks (a CR among them) at a line's end go, spaces
/// before a tab in the indent go (eight become a tab), and added blank lines at the end of the
/// file go. Context and removed lines are left alone.
/// </summary>
internal static class WhitespaceRules
{
    /// <summary>The hunks with their added lines fixed, or the first error found when refusing.</summary>
    public static (IReadOnlyList<Hunk> Hunks, string? Error) Check(IReadOnlyList<Hunk> hunks, WhitespaceAction action)
    {
        var result = new List<Hunk>(hunks.Count);
        foreach (var hunk in hunks)
        {
            var lines = new List<HunkLine>(hunk.Lines.Count);
            foreach (var line in hunk.Lines)
            {
                if (line.Kind != HunkLineKind.Added) { lines.Add(line); continue; }
                var fixedLine = Fix(line.Content.Span);
                if (action == WhitespaceAction.Error && !fixedLine.AsSpan().SequenceEqual(line.Content.Span))
                    return ([], $"hunk @@ -{hunk.OldStart} +{hunk.NewStart} @@ adds whitespace errors (blanks at a line's end or a space before a tab): " +
                                Printable(line.Content.Span));
                lines.Add(new HunkLine(HunkLineKind.Added, fixedLine));
            }
            // blank-at-eof: a hunk that ends the file (no context after it) adding blank lines there.
            if (hunk.TrailingContext == 0)
            {
                var end = lines.Count;
                while (end > 0 && lines[end - 1].Kind == HunkLineKind.Added && IsBlank(lines[end - 1].Content.Span)) end--;
                if (end < lines.Count)
                {
                    if (action == WhitespaceAction.Error)
                        return ([], $"hunk @@ -{hunk.OldStart} +{hunk.NewStart} @@ adds blank lines at the end of the file");
                    lines.RemoveRange(end, lines.Count - end);
                }
            }
            var added = lines.Count(l => l.Kind != HunkLineKind.Removed);
            result.Add(new Hunk(hunk.OldStart, hunk.OldCount, hunk.NewStart, added, hunk.Section, lines, hunk.Line));
        }
        return (result, null);
    }

    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (var b in line)
            if (!IsSpace(b)) return false;
        return true;
    }

    /// <summary>The line as git's <c>ws_fix_copy</c> writes it under the default rules.</summary>
    private static byte[] Fix(ReadOnlySpan<byte> line)
    {
        var newline = !line.IsEmpty && line[^1] == (byte)'\n';
        var text = newline ? line[..^1] : line;
        // blank-at-eol: trailing blanks, CR included (cr-at-eol is not a default rule).
        var end = text.Length;
        while (end > 0 && IsSpace(text[end - 1])) end--;
        text = text[..end];
        // space-before-tab: in the indent up to its last tab, spaces go (eight in a row become a tab).
        var lastTab = -1;
        var spaceSeen = false;
        var needFix = false;
        for (var i = 0; i < text.Length && text[i] is (byte)' ' or (byte)'\t'; i++)
        {
            if (text[i] == (byte)'\t') { lastTab = i; if (spaceSeen) needFix = true; }
            else spaceSeen = true;
        }
        var output = new List<byte>(text.Length + 1);
        var from = 0;
        if (needFix)
        {
            var spaces = 0;
            for (var i = 0; i <= lastTab; i++)
            {
                if (text[i] != (byte)' ') { spaces = 0; output.Add(text[i]); }
                else if (++spaces == 8) { output.Add((byte)'\t'); spaces = 0; }
            }
            for (; spaces > 0; spaces--) output.Add((byte)' ');
            from = lastTab + 1;
        }
        output.AddRange(text[from..]);
        if (newline) output.Add((byte)'\n');
        return [.. output];
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\v' or (byte)'\f' or (byte)'\n';

    private static string Printable(ReadOnlySpan<byte> line) =>
        "'" + System.Text.Encoding.UTF8.GetString(line).TrimEnd('\n').Replace("\t", "\\t").Replace("\r", "\\r") + "'";
}
