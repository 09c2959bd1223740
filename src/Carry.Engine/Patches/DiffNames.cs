namespace Carry.Patches;

/// <summary>
/// Reads file names from the lines that carry them: <c>diff --git A B</c>, <c>--- NAME\tTIME</c>,
/// <c>rename from NAME</c>, <c>Binary files A and B differ</c>. Names stay raw bytes.
/// </summary>
internal static class DiffNames
{
    private static ReadOnlySpan<byte> DevNull => "/dev/null"u8;

    /// <summary>A name on a <c>---</c>/<c>+++</c> line and the text after it.</summary>
    public readonly record struct HeaderName(PatchPath? Path, string? Timestamp);

    /// <summary>
    /// Parses what follows <c>--- </c> or <c>+++ </c>. The name ends at a tab (what diff and git
    /// write before a timestamp); without a tab, at the first blank, as GNU patch reads it.
    /// <c>/dev/null</c> gives a null path. In git diffs there are no timestamps, and git ends a
    /// name containing a space with a tab that editors like to trim, so there
    /// (<paramref name="git"/>) a name without a tab runs to the end of the line.
    /// </summary>
    public static HeaderName ParseHeaderName(ReadOnlySpan<byte> rest, PatchLines lines, int index, bool git = false)
    {
        byte[] name;
        ReadOnlySpan<byte> after;
        if (!rest.IsEmpty && rest[0] == (byte)'"')
        {
            name = CQuote.Unquote(rest, out var used) ?? throw lines.Error(index, "malformed quoted file name");
            after = rest[used..];
        }
        else
        {
            var end = rest.IndexOf((byte)'\t');
            if (end < 0)
                end = git ? rest.TrimEnd(" "u8).Length : rest.IndexOfAny(" \t"u8);
            if (end < 0)
                end = rest.Length;
            name = rest[..end].ToArray();
            after = rest[end..];
        }
        if (name.Length == 0)
            throw lines.Error(index, "expected a file name after '---' or '+++'");
        after = after.Trim(" \t"u8);
        var timestamp = after.IsEmpty ? null : System.Text.Encoding.UTF8.GetString(after);
        return new HeaderName(name.AsSpan().SequenceEqual(DevNull) ? null : new PatchPath(name), timestamp);
    }

    /// <summary>
    /// Splits the rest of a <c>diff --git</c> line into its two names. Quoted names are exact;
    /// unquoted names containing spaces are ambiguous, so, like git, the split is the one whose
    /// two names agree after their first component (<c>a/x y b/x y</c>). Null when no split fits
    /// (a rename of a name with spaces); the <c>rename</c> lines then tell.
    /// </summary>
    public static (PatchPath Old, PatchPath New)? SplitGitLine(ReadOnlySpan<byte> rest)
    {
        if (rest.IsEmpty)
            return null;
        if (rest[0] == (byte)'"')
        {
            var first = CQuote.Unquote(rest, out var used);
            if (first is null || used >= rest.Length || rest[used] != (byte)' ')
                return null;
            var second = ParseWholeName(rest[(used + 1)..]);
            return second is null ? null : (new PatchPath(first), new PatchPath(second));
        }
        // Second name quoted: "a/plain "b/qu\303\266ted"".
        for (var p = rest.IndexOf(" \""u8); p >= 0;)
        {
            var second = CQuote.Unquote(rest[(p + 1)..], out var used);
            if (second is not null && p + 1 + used == rest.Length)
                return (new PatchPath(rest[..p].ToArray()), new PatchPath(second));
            var next = rest[(p + 1)..].IndexOf(" \""u8);
            p = next < 0 ? -1 : p + 1 + next;
        }
        // Both unquoted: the split whose halves agree after the first component, else equal halves.
        for (var p = 0; p < rest.Length; p++)
        {
            if (rest[p] != (byte)' ')
                continue;
            var a = rest[..p];
            var b = rest[(p + 1)..];
            var slashA = a.IndexOf((byte)'/');
            var slashB = b.IndexOf((byte)'/');
            if (slashA > 0 && slashB > 0 && a[(slashA + 1)..].SequenceEqual(b[(slashB + 1)..]) && slashA + 1 < a.Length)
                return (new PatchPath(a.ToArray()), new PatchPath(b.ToArray()));
        }
        if (rest.Length % 2 == 1)
        {
            var half = rest.Length / 2;
            if (rest[half] == (byte)' ' && rest[..half].SequenceEqual(rest[(half + 1)..]))
                return (new PatchPath(rest[..half].ToArray()), new PatchPath(rest[(half + 1)..].ToArray()));
        }
        return null;
    }

    /// <summary>
    /// Rebuilds prefixed names for a rename/copy from its <c>from</c>/<c>to</c> lines (git writes
    /// them without the <c>a/</c>, <c>b/</c> prefixes), taking the prefixes from the
    /// <c>diff --git</c> line when it reads as <c>PREFIX1FROM PREFIX2TO</c>.
    /// </summary>
    public static (PatchPath Old, PatchPath New) PrefixRename(ReadOnlySpan<byte> gitRest, byte[] from, byte[] to)
    {
        if (gitRest.EndsWith(to))
        {
            var head = gitRest[..^to.Length];
            var space = head.LastIndexOf((byte)' ');
            if (space >= 0 && IsPrefix(head[(space + 1)..]))
            {
                var newPrefix = head[(space + 1)..];
                var first = head[..space];
                if (first.EndsWith(from) && IsPrefix(first[..^from.Length]))
                    return (new PatchPath([.. first[..^from.Length], .. from]), new PatchPath([.. newPrefix, .. to]));
            }
        }
        return (new PatchPath([.. "a/"u8, .. from]), new PatchPath([.. "b/"u8, .. to]));

        static bool IsPrefix(ReadOnlySpan<byte> p) =>
            p.IsEmpty || (p[^1] == (byte)'/' && p[..^1].IndexOfAny("/ "u8) < 0);
    }

    /// <summary>True when two names are equal after their first component (<c>a/x</c>, <c>b/x</c>), or equal.</summary>
    public static bool SameAfterPrefix(PatchPath a, PatchPath b)
    {
        if (a.Equals(b)) return true;
        var x = a.Raw;
        var y = b.Raw;
        var sx = x.IndexOf((byte)'/');
        var sy = y.IndexOf((byte)'/');
        return sx > 0 && sy > 0 && x[sx..].SequenceEqual(y[sy..]);
    }

    /// <summary>A name that fills the rest of a line (<c>rename from</c>, <c>copy to</c>…), quoted or not.</summary>
    public static byte[]? ParseWholeName(ReadOnlySpan<byte> rest)
    {
        if (rest.IsEmpty)
            return null;
        if (rest[0] != (byte)'"')
            return rest.ToArray();
        var name = CQuote.Unquote(rest, out var used);
        return name is not null && used == rest.Length ? name : null;
    }

    /// <summary>True for a <c>Binary files A and B differ</c> line.</summary>
    public static bool IsBinaryFilesLine(ReadOnlySpan<byte> text) =>
        text.StartsWith("Binary files "u8) && text.EndsWith(" differ"u8) && text.Length > 20;

    /// <summary>
    /// The two names of a <c>Binary files A and B differ</c> line. " and " may occur inside a
    /// name, so the split whose names agree after their first component is preferred.
    /// </summary>
    public static (PatchPath? Old, PatchPath? New) ParseBinaryFilesLine(ReadOnlySpan<byte> text)
    {
        var body = text["Binary files "u8.Length..^" differ"u8.Length];
        (byte[] A, byte[] B)? fallback = null;
        for (var p = body.IndexOf(" and "u8); p >= 0;)
        {
            var a = UnquoteOrSelf(body[..p]);
            var b = UnquoteOrSelf(body[(p + 5)..]);
            if (a is not null && b is not null)
            {
                fallback ??= (a, b);
                var slashA = Array.IndexOf(a, (byte)'/');
                var slashB = Array.IndexOf(b, (byte)'/');
                if (slashA >= 0 && slashB >= 0 && a.AsSpan(slashA).SequenceEqual(b.AsSpan(slashB)))
                    return (ToPath(a), ToPath(b));
            }
            var next = body[(p + 1)..].IndexOf(" and "u8);
            p = next < 0 ? -1 : p + 1 + next;
        }
        return fallback is { } f ? (ToPath(f.A), ToPath(f.B)) : (null, null);

        static byte[]? UnquoteOrSelf(ReadOnlySpan<byte> s) => s.IsEmpty ? null : ParseWholeName(s);
        static PatchPath? ToPath(byte[] name) => name.AsSpan().SequenceEqual(DevNull) ? null : new PatchPath(name);
    }

    /// <summary>
    /// True when a <c>---</c>/<c>+++</c> timestamp is the Unix epoch, which <c>diff -N</c>
    /// writes for the missing side of a created or deleted file.
    /// </summary>
    public static bool IsEpoch(string? timestamp)
    {
        if (timestamp is null)
            return false;
        var t = timestamp.AsSpan().Trim();
        // "1970-01-01 00:00:00.000000000 +0000", or with another zone that still means the epoch.
        if (t.Length >= 19 && t[4] == '-' && t[7] == '-' && t[10] == ' ' && t[13] == ':' && t[16] == ':'
            && int.TryParse(t[..4], out var year) && int.TryParse(t[5..7], out var month)
            && int.TryParse(t[8..10], out var day) && int.TryParse(t[11..13], out var hour)
            && int.TryParse(t[14..16], out var minute) && int.TryParse(t[17..19], out var second))
        {
            var rest = t[19..];
            if (!rest.IsEmpty && rest[0] == '.')
            {
                var digits = 1;
                while (digits < rest.Length && char.IsAsciiDigit(rest[digits]))
                    digits++;
                if (rest[1..digits].ContainsAnyExcept('0'))
                    return false;
                rest = rest[digits..];
            }
            rest = rest.Trim();
            var zoneMinutes = 0;
            if (rest.Length == 5 && (rest[0] == '+' || rest[0] == '-') && int.TryParse(rest[1..3], out var zh)
                && int.TryParse(rest[3..5], out var zm))
                zoneMinutes = (rest[0] == '-' ? -1 : 1) * (zh * 60 + zm);
            else if (!rest.IsEmpty)
                return false;
            if (year is < 1969 or > 1970 || month is < 1 or > 12 || day is < 1 or > 31)
                return false;
            var local = new DateTime(year, month, Math.Min(day, DateTime.DaysInMonth(year, month)), 0, 0, 0, DateTimeKind.Unspecified);
            var seconds = (local - DateTime.UnixEpoch).TotalSeconds + hour * 3600 + minute * 60 + second - zoneMinutes * 60;
            return seconds == 0;
        }
        // Old "diff" date style: "Thu Jan  1 00:00:00 1970".
        return t.EndsWith(" 1970") && t.Contains("Jan  1 00:00:00", StringComparison.Ordinal);
    }
}
