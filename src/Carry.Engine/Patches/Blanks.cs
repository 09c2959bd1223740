namespace Carry.Patches;

/// <summary>Line comparison for <c>--ignore-whitespace</c>, as git apply's <c>fuzzy_matchlines</c>.</summary>
internal static class Blanks
{
    /// <summary>
    /// True when the lines differ only in blanks: line ends (LF, CRLF) aside, a run of blanks on
    /// one side matches a run of any length on the other, never none (so <c>a b</c> is not
    /// <c>ab</c>), and a line with blanks after its last word does not match one without.
    /// </summary>
    public static bool SameButBlanks(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        a = WithoutLineEnd(a);
        b = WithoutLineEnd(b);
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            if (IsBlank(a[i]))
            {
                if (!IsBlank(b[j])) return false;
                while (i < a.Length && IsBlank(a[i])) i++;
                while (j < b.Length && IsBlank(b[j])) j++;
            }
            else if (a[i++] != b[j++]) return false;
        }
        return i == a.Length && j == b.Length;
    }

    private static ReadOnlySpan<byte> WithoutLineEnd(ReadOnlySpan<byte> line)
    {
        var end = line.Length;
        while (end > 0 && line[end - 1] is (byte)'\n' or (byte)'\r') end--;
        return line[..end];
    }

    private static bool IsBlank(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r';
}
