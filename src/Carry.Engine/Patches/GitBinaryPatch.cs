using System.IO.Compression;

namespace Carry.Patches;

/// <summary>
/// Reads git's <c>GIT binary patch</c> blocks: a <c>literal N</c> or <c>delta N</c> line, then
/// lines of base85 text whose first character gives the line's byte count (<c>A</c>-<c>Z</c> = 1-26,
/// <c>a</c>-<c>z</c> = 27-52), then a blank line. The bytes are zlib data inflating to exactly N bytes.
/// </summary>
internal static class GitBinaryPatch
{
    /// <summary>Deflate cannot expand data more than about 1032 times; a larger claimed size is a lie we need not allocate for.</summary>
    private const long MaxInflateRatio = 1032;

    /// <summary>True when <paramref name="text"/> starts a block (<c>literal N</c> / <c>delta N</c>).</summary>
    public static bool IsBlockHeader(ReadOnlySpan<byte> text) =>
        text.StartsWith("literal "u8) || text.StartsWith("delta "u8);

    /// <summary>Parses the block starting at line <paramref name="index"/>; leaves <paramref name="index"/> after its blank line.</summary>
    public static BinaryHunk ParseBlock(PatchLines lines, ref int index)
    {
        var headerIndex = index;
        var header = lines.Text(index);
        var kind = header.StartsWith("literal "u8) ? BinaryHunkKind.Literal : BinaryHunkKind.Delta;
        var sizeText = header[(kind == BinaryHunkKind.Literal ? 8 : 6)..];
        if (!TryParseSize(sizeText, out var size))
            throw lines.Error(index, "expected a byte count after 'literal' or 'delta'");
        index++;

        var compressed = new List<byte>();
        Span<byte> buffer = stackalloc byte[52];
        while (index < lines.Count)
        {
            var text = lines.Text(index);
            if (text.IsEmpty)
            {
                index++;
                break;
            }
            // git always ends a block with a blank line; stopping at the next block or diff keeps
            // a hand-trimmed patch readable instead of misreading "delta 12" as a data line.
            if (IsBlockHeader(text) || text.StartsWith("diff "u8))
                break;
            var length = text[0] switch
            {
                >= (byte)'A' and <= (byte)'Z' => text[0] - 'A' + 1,
                >= (byte)'a' and <= (byte)'z' => text[0] - 'a' + 27,
                _ => -1,
            };
            if (length < 0)
                throw lines.Error(index, "expected a line of binary data (a length letter A-Z or a-z, then base85)");
            var encoded = text[1..];
            var expected = (length + 3) / 4 * 5;
            if (encoded.Length != expected)
                throw lines.Error(index, $"binary data line for {length} bytes must have {expected} base85 characters, not {encoded.Length}");
            if (!Base85.TryDecode(encoded, buffer))
                throw lines.Error(index, "invalid base85 character in binary data");
            compressed.AddRange(buffer[..length]);
            index++;
        }
        if (compressed.Count == 0)
            throw lines.Error(headerIndex, "binary block has no data lines");
        if (size > compressed.Count * MaxInflateRatio + 64)
            throw lines.Error(headerIndex, $"binary block claims {size} bytes, more than its {compressed.Count} compressed bytes can hold");

        var data = Inflate(compressed.ToArray(), (int)size) ??
            throw lines.Error(headerIndex, $"binary data does not inflate to the {size} bytes the block declares");
        return new BinaryHunk(kind, data, headerIndex + 1);
    }

    private static bool TryParseSize(ReadOnlySpan<byte> text, out long size)
    {
        size = 0;
        if (text.IsEmpty || text.Length > 10)
            return false;
        foreach (var b in text)
        {
            if (b is < (byte)'0' or > (byte)'9')
                return false;
            size = size * 10 + (b - '0');
        }
        return size <= int.MaxValue;
    }

    /// <summary>Inflates zlib data that must produce exactly <paramref name="size"/> bytes; null otherwise.</summary>
    private static byte[]? Inflate(byte[] compressed, int size)
    {
        try
        {
            using var zlib = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress);
            var output = new byte[size];
            if (zlib.ReadAtLeast(output, size, throwOnEndOfStream: false) != size)
                return null;
            Span<byte> extra = stackalloc byte[1];
            return zlib.Read(extra) == 0 ? output : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
