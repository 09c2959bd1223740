namespace Carry.Operations.Layers;

/// <summary>The <c>Carry-Id:</c> trailers publish writes, read back from any commit message.</summary>
internal static class CarryIdTrailers
{
    private const string Key = "carry-id:";

    /// <summary>
    /// The patch ids named by the message's <c>Carry-Id:</c> lines (lower case): a line that is
    /// the key (any case), blanks, 16 hex digits, blanks. Squash merges stack several commits'
    /// trailers in one body, so every line is searched. A plain scan, not a regex: sync reads
    /// every upstream commit's message, and a regex engine is start-up work in every process.
    /// </summary>
    public static List<string> In(string message)
    {
        var ids = new List<string>();
        var text = message.AsSpan();
        foreach (var range in text.Split('\n'))
        {
            var line = text[range];
            if (!line.StartsWith(Key, StringComparison.OrdinalIgnoreCase)) continue;
            var id = line[Key.Length..].Trim(" \t");
            if (id.Length == 16 && IsHex(id)) ids.Add(id.ToString().ToLowerInvariant());
        }
        return ids;
    }

    private static bool IsHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
            if (!char.IsAsciiHexDigit(c)) return false;
        return true;
    }
}
