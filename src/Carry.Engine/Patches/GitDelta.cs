namespace Carry.Patches;

/// <summary>
/// Applies a git delta (the format of packs and of <c>delta N</c> binary blocks): two varint
/// sizes (base, result), then instructions that copy a range of the base or insert literal bytes.
/// </summary>
internal static class GitDelta
{
    /// <summary>The result of applying <paramref name="delta"/> to <paramref name="source"/>, or null with a reason.</summary>
    public static byte[]? Apply(ReadOnlySpan<byte> source, ReadOnlySpan<byte> delta, out string? error)
    {
        error = null;
        var pos = 0;
        if (!TryReadSize(delta, ref pos, out var baseSize) || !TryReadSize(delta, ref pos, out var resultSize))
        {
            error = "the binary delta's header is truncated";
            return null;
        }
        if (baseSize != (ulong)source.Length)
        {
            error = $"the binary delta expects a {baseSize}-byte original, but the file has {source.Length} bytes";
            return null;
        }
        // A copy instruction yields at most 64 KiB from a few bytes and an insert at most its own
        // size, so a claimed result beyond that bound is corrupt and is not allocated.
        if (resultSize > int.MaxValue || resultSize > (ulong)delta.Length * 0x10000)
        {
            error = "the binary delta's result size is impossible";
            return null;
        }
        var result = new byte[resultSize];
        var written = 0;
        while (pos < delta.Length)
        {
            var cmd = delta[pos++];
            if ((cmd & 0x80) != 0)
            {
                uint offset = 0, size = 0;
                for (var k = 0; k < 4; k++)
                    if ((cmd & (1 << k)) != 0)
                    {
                        if (pos >= delta.Length)
                            return Fail(out error, "the binary delta is truncated");
                        offset |= (uint)delta[pos++] << (8 * k);
                    }
                for (var k = 0; k < 3; k++)
                    if ((cmd & (0x10 << k)) != 0)
                    {
                        if (pos >= delta.Length)
                            return Fail(out error, "the binary delta is truncated");
                        size |= (uint)delta[pos++] << (8 * k);
                    }
                if (size == 0)
                    size = 0x10000;
                if ((ulong)offset + size > (ulong)source.Length || (ulong)written + size > (ulong)result.Length)
                    return Fail(out error, "the binary delta copies outside its bounds");
                source.Slice((int)offset, (int)size).CopyTo(result.AsSpan(written));
                written += (int)size;
            }
            else if (cmd != 0)
            {
                if (pos + cmd > delta.Length || written + cmd > result.Length)
                    return Fail(out error, "the binary delta inserts outside its bounds");
                delta.Slice(pos, cmd).CopyTo(result.AsSpan(written));
                pos += cmd;
                written += cmd;
            }
            else
            {
                return Fail(out error, "the binary delta has a reserved zero instruction");
            }
        }
        if (written != result.Length)
            return Fail(out error, $"the binary delta produced {written} bytes instead of {result.Length}");
        return result;
    }

    private static byte[]? Fail(out string? error, string message)
    {
        error = message;
        return null;
    }

    private static bool TryReadSize(ReadOnlySpan<byte> delta, ref int pos, out ulong size)
    {
        size = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (pos >= delta.Length)
                return false;
            var b = delta[pos++];
            size |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
                return true;
        }
        return false;
    }
}
