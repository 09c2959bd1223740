namespace Carry.Operations.Sync;

/// <summary>
/// The whole lines two versions of a text begin and end with alike. Whatever compares the two
/// line by line (a bag of changed lines, a diff's changed line numbers) can leave them out and
/// look only at what lies between: a patch's few lines, not its file's thousands.
/// </summary>
internal static class CommonLines
{
    /// <summary>
    /// Cuts from both texts the whole lines they begin with alike and the whole lines they end
    /// with alike. Each cut starts and ends on a line boundary in both texts, so both are cut
    /// into the same lines; what is left is the part where they differ.
    /// </summary>
    /// <returns>How many lines were cut from the front (the same in both).</returns>
    public static int Cut<T>(ref ReadOnlySpan<T> a, ref ReadOnlySpan<T> b, T newline) where T : IEquatable<T>
    {
        var head = a[..a.CommonPrefixLength(b)];
        var prefix = head.LastIndexOf(newline) + 1;
        var lines = head[..prefix].Count(newline);
        a = a[prefix..];
        b = b[prefix..];
        var suffix = 0;
        var most = Math.Min(a.Length, b.Length);
        while (suffix < most && a[a.Length - 1 - suffix].Equals(b[b.Length - 1 - suffix])) suffix++;
        while (suffix > 0 && !(AtLineStart(a, a.Length - suffix, newline) && AtLineStart(b, b.Length - suffix, newline))) suffix--;
        a = a[..^suffix];
        b = b[..^suffix];
        return lines;
    }

    private static bool AtLineStart<T>(ReadOnlySpan<T> text, int at, T newline) where T : IEquatable<T> =>
        at == 0 || text[at - 1].Equals(newline);
}
