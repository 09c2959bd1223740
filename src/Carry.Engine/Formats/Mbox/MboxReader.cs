namespace Carry.Formats.Mbox;

/// <summary>
/// Splits an mbox (or one <c>git format-patch</c> file) into its mails, byte for byte: a mail
/// starts at a line <c>From SENDER DATE</c> whose end looks like a date with a time and a
/// year, as <c>git mailsplit</c> recognises it; other lines starting with "From " are body text.
/// </summary>
public static class MboxReader
{
    /// <summary>The mails in <paramref name="bytes"/>, each with its <c>From </c> line. A file without one is one mail.</summary>
    /// <param name="bytes">The mbox file.</param>
    public static List<byte[]> Split(byte[] bytes)
    {
        var starts = new List<int>();
        var pos = 0;
        while (pos < bytes.Length)
        {
            var nl = Array.IndexOf(bytes, (byte)'\n', pos);
            var end = nl < 0 ? bytes.Length : nl + 1;
            if (IsFromLine(bytes.AsSpan(pos, end - pos)))
                starts.Add(pos);
            pos = end;
        }
        if (starts.Count == 0 || starts[0] != 0 && bytes.AsSpan(0, starts[0]).Trim("\r\n \t"u8).Length > 0)
            starts.Insert(0, 0);
        var mails = new List<byte[]>();
        for (var i = 0; i < starts.Count; i++)
        {
            var end = i + 1 < starts.Count ? starts[i + 1] : bytes.Length;
            mails.Add(bytes[starts[i]..end]);
        }
        return mails;
    }

    internal static bool IsFromLine(ReadOnlySpan<byte> line)
    {
        if (!line.StartsWith("From "u8)) return false;
        var text = System.Text.Encoding.ASCII.GetString(line).TrimEnd();
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // "From <sender> <weekday> <month> <day> <hh:mm:ss> <year>"
        return words.Length >= 7 && words[^2].Count(c => c == ':') == 2 && words[^1].Length == 4 && words[^1].All(char.IsAsciiDigit);
    }
}
