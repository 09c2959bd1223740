namespace Carry.Replay;

/// <summary>
/// Renames the sides in conflict markers git wrote (<c>&lt;&lt;&lt;&lt;&lt;&lt;&lt; 4359463…</c>,
/// <c>||||||| a4d1622</c>, <c>&gt;&gt;&gt;&gt;&gt;&gt;&gt; 41f6dc2…</c>, with <c>:path</c> after a rename)
/// and nothing else: the regions stay exactly git's.
/// </summary>
internal static class ConflictLabels
{
    /// <summary>
    /// The file with each marker line of <paramref name="labels"/>' kinds ('&lt;', '|', '&gt;') whose
    /// label is git's name for that side (the full id, or for the base an abbreviation of it)
    /// relabelled; null when no line changed.
    /// </summary>
    public static byte[]? Replace(byte[] file, IReadOnlyList<(char Marker, string Git, string Label)> labels)
    {
        var output = new List<byte>(file.Length + 64);
        var changed = false;
        var start = 0;
        while (start < file.Length)
        {
            var end = Array.IndexOf(file, (byte)'\n', start);
            var next = end < 0 ? file.Length : end + 1;
            var line = file.AsSpan(start, next - start);
            if (Relabel(line, labels) is { } replaced)
            {
                output.AddRange(replaced);
                changed = true;
            }
            else output.AddRange(line);
            start = next;
        }
        return changed ? [.. output] : null;
    }

    private static byte[]? Relabel(ReadOnlySpan<byte> line, IReadOnlyList<(char Marker, string Git, string Label)> labels)
    {
        if (line.Length < 9) return null;
        foreach (var (marker, git, label) in labels)
        {
            var size = 0;
            while (size < line.Length && line[size] == marker) size++;
            if (size < 7 || size >= line.Length || line[size] != ' ') continue;
            var rest = line[(size + 1)..];
            var eol = rest.Length - (rest.EndsWith("\r\n"u8) ? 2 : rest.EndsWith("\n"u8) ? 1 : 0);
            var name = rest[..eol];
            var colon = name.IndexOf((byte)':');
            var id = colon < 0 ? name : name[..colon];
            if (id.Length < 4 || id.Length > git.Length || !System.Text.Encoding.ASCII.GetBytes(git).AsSpan().StartsWith(id)) continue;
            if (marker != '|' && id.Length != git.Length) continue;
            return [.. line[..(size + 1)], .. System.Text.Encoding.UTF8.GetBytes(label), .. rest[id.Length..]]; // ':path' and line end kept
        }
        return null;
    }
}
