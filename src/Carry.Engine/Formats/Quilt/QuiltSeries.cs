using System.Text;

namespace Carry.Formats.Quilt;

/// <summary>One patch line of a quilt <c>series</c> file.</summary>
/// <param name="File">The patch file's path relative to the series folder.</param>
/// <param name="Strip">Its <c>-p</c> level (1 when the line does not say).</param>
/// <param name="Reverse">True for <c>-R</c>: the patch is applied backwards.</param>
/// <param name="Line">1-based line number in the series file.</param>
public sealed record SeriesEntry(string File, int Strip, bool Reverse, int Line);

/// <summary>
/// A quilt <c>series</c> file: patch lines (<c>name [-pN] [-R] [# comment]</c>), comments and
/// blank lines. The bytes are kept so that <see cref="Rebuild"/> gives the very same file back
/// when the patches, their names and their order did not change, and otherwise keeps every
/// comment and blank line next to the patch it preceded.
/// </summary>
public sealed class QuiltSeries
{
    private readonly List<string> _lines;

    private QuiltSeries(byte[] raw, List<string> lines, List<SeriesEntry> entries)
    {
        Raw = raw;
        _lines = lines;
        Entries = entries;
    }

    /// <summary>The file as read.</summary>
    public byte[] Raw { get; }

    /// <summary>The patch lines, in order.</summary>
    public IReadOnlyList<SeriesEntry> Entries { get; }

    /// <summary>Reads a series file; throws <see cref="FormatException"/> naming the line for options quilt does not know.</summary>
    /// <param name="raw">The file's bytes.</param>
    public static QuiltSeries Parse(byte[] raw)
    {
        var lines = SplitLines(Encoding.UTF8.GetString(raw));
        var entries = new List<SeriesEntry>();
        for (var n = 0; n < lines.Count; n++)
        {
            var words = Words(lines[n]);
            if (words.Count == 0) continue;
            var strip = 1;
            var reverse = false;
            for (var i = 1; i < words.Count; i++)
            {
                var w = words[i];
                if (w == "-R") reverse = true;
                else if (w == "-p" && i + 1 < words.Count && int.TryParse(words[i + 1], out var p1)) { strip = p1; i++; }
                else if (w.StartsWith("-p", StringComparison.Ordinal) && int.TryParse(w[2..], out var p2) && p2 >= 0) strip = p2;
                else throw new FormatException($"series line {n + 1}: option '{w}' is not supported (quilt knows -pN and -R)");
            }
            entries.Add(new SeriesEntry(words[0], strip, reverse, n + 1));
        }
        return new QuiltSeries(raw, lines, entries);
    }

    /// <summary>
    /// The words of a line before its comment; quilt takes <c>#</c> as a comment at a line's
    /// start or after blanks.
    /// </summary>
    private static List<string> Words(string line)
    {
        var text = line.TrimEnd('\n', '\r');
        var words = new List<string>();
        foreach (var w in text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (w.StartsWith('#')) break;
            words.Add(w);
        }
        return words;
    }

    /// <summary>Lines with their terminators, so joining them gives the text back.</summary>
    private static List<string> SplitLines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var nl = text.IndexOf('\n', start);
            var end = nl < 0 ? text.Length : nl + 1;
            lines.Add(text[start..end]);
            start = end;
        }
        return lines;
    }

    /// <summary>
    /// The series file for the patches as they are now. A patch that came from this file keeps
    /// its line (comment included) and the comments and blank lines above it; a renamed one gets
    /// its new file name on the same line; new patches get a plain line; comments above deleted
    /// patches stay, before the next remaining patch. Unchanged names and order give <see cref="Raw"/>.
    /// </summary>
    /// <param name="patches">Now: file name, strip level, direction, and the file name it had in this series (null for a new patch).</param>
    public byte[] Rebuild(IReadOnlyList<(string File, int Strip, bool Reverse, string? Original)> patches)
    {
        var byFile = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Entries.Count; i++) byFile.TryAdd(Entries[i].File, i);
        var kept = patches.Where(p => p.Original is not null && byFile.ContainsKey(p.Original)).Select(p => byFile[p.Original!]).ToHashSet();

        // Each entry's leading lines: the comments and blanks since the previous entry, plus
        // those of any deleted entries just before it (so no comment is dropped).
        var leading = new List<string>[Entries.Count];
        var pending = new List<string>();
        var lineIndex = 0;
        for (var i = 0; i < Entries.Count; i++)
        {
            for (; lineIndex < Entries[i].Line - 1; lineIndex++) pending.Add(_lines[lineIndex]);
            lineIndex++;
            if (!kept.Contains(i)) continue;
            leading[i] = pending;
            pending = [];
        }
        for (; lineIndex < _lines.Count; lineIndex++) pending.Add(_lines[lineIndex]);

        var sb = new StringBuilder();
        var used = new HashSet<int>();
        foreach (var p in patches)
        {
            if (p.Original is not null && byFile.TryGetValue(p.Original, out var i) && used.Add(i))
            {
                foreach (var l in leading[i]) sb.Append(l);
                var entry = Entries[i];
                var line = _lines[entry.Line - 1];
                if (entry.File != p.File || entry.Strip != p.Strip || entry.Reverse != p.Reverse)
                    line = Line(p.File, p.Strip, p.Reverse) + Comment(line) + "\n";
                sb.Append(line);
            }
            else
            {
                sb.Append(Line(p.File, p.Strip, p.Reverse)).Append('\n');
            }
        }
        foreach (var l in pending) sb.Append(l);
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>A series file written from scratch.</summary>
    /// <param name="patches">File name, strip level and direction of each patch, in order.</param>
    public static byte[] Write(IEnumerable<(string File, int Strip, bool Reverse)> patches) =>
        Encoding.UTF8.GetBytes(string.Concat(patches.Select(p => Line(p.File, p.Strip, p.Reverse) + "\n")));

    private static string Line(string file, int strip, bool reverse) =>
        file + (strip != 1 ? $" -p{strip}" : "") + (reverse ? " -R" : "");

    private static string Comment(string line)
    {
        var text = line.TrimEnd('\n', '\r');
        var hash = text.IndexOf(" #", StringComparison.Ordinal);
        if (hash < 0) hash = text.IndexOf("\t#", StringComparison.Ordinal);
        return hash < 0 ? "" : text[hash..];
    }
}
