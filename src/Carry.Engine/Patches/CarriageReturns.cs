namespace Carry.Patches;

/// <summary>
/// GNU patch's "Stripping trailing CRs from patch": a patch whose every line ends with CRLF was
/// converted by a mailer or an editor, so its CRs are not part of the change.
/// </summary>
public static class CarriageReturns
{
    /// <summary>True when the data has lines and every one that ends ends with CRLF.</summary>
    /// <param name="data">A patch file's bytes.</param>
    public static bool AllLinesEndWithCrLf(ReadOnlySpan<byte> data)
    {
        var lines = 0;
        for (var i = data.IndexOf((byte)'\n'); i >= 0; i = Next(data, i))
        {
            if (i == 0 || data[i - 1] != (byte)'\r') return false;
            lines++;
        }
        return lines > 0;

        static int Next(ReadOnlySpan<byte> d, int i) => d[(i + 1)..].IndexOf((byte)'\n') is var n and >= 0 ? i + 1 + n : -1;
    }

    /// <summary>The data with the CR of every CRLF removed.</summary>
    /// <param name="data">A patch file's bytes.</param>
    public static byte[] Strip(ReadOnlySpan<byte> data)
    {
        var result = new byte[data.Length];
        var n = 0;
        for (var i = 0; i < data.Length; i++)
            if (!(data[i] == (byte)'\r' && i + 1 < data.Length && data[i + 1] == (byte)'\n'))
                result[n++] = data[i];
        return result[..n];
    }
}
