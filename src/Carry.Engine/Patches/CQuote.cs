namespace Carry.Patches;

/// <summary>
/// Git's C-style quoting of file names (<c>"a/t\303\251st"</c>): names with control
/// characters, quotes, backslashes or (by default) non-ASCII bytes are written this way.
/// </summary>
internal static class CQuote
{
    /// <summary>
    /// Unquotes the string starting at <paramref name="text"/>[0] (which must be <c>"</c>).
    /// Returns the bytes and how many input bytes the quoted string used, or null when it is
    /// malformed (unterminated, unknown escape, octal out of range).
    /// </summary>
    public static byte[]? Unquote(ReadOnlySpan<byte> text, out int consumed)
    {
        consumed = 0;
        if (text.IsEmpty || text[0] != (byte)'"')
            return null;
        var output = new List<byte>(text.Length);
        var i = 1;
        while (i < text.Length)
        {
            var c = text[i++];
            if (c == (byte)'"')
            {
                consumed = i;
                return output.ToArray();
            }
            if (c != (byte)'\\')
            {
                output.Add(c);
                continue;
            }
            if (i >= text.Length)
                return null;
            var e = text[i++];
            switch (e)
            {
                case (byte)'a': output.Add(7); break;
                case (byte)'b': output.Add(8); break;
                case (byte)'t': output.Add(9); break;
                case (byte)'n': output.Add(10); break;
                case (byte)'v': output.Add(11); break;
                case (byte)'f': output.Add(12); break;
                case (byte)'r': output.Add(13); break;
                case (byte)'"': output.Add((byte)'"'); break;
                case (byte)'\\': output.Add((byte)'\\'); break;
                case >= (byte)'0' and <= (byte)'7':
                    var value = e - '0';
                    for (var digits = 1; digits < 3 && i < text.Length && text[i] is >= (byte)'0' and <= (byte)'7'; digits++)
                        value = value * 8 + (text[i++] - '0');
                    if (value > 255)
                        return null;
                    output.Add((byte)value);
                    break;
                default:
                    return null;
            }
        }
        return null;
    }
}
