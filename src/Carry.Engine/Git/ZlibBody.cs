using System.Buffers.Binary;
using System.IO.Compression;

namespace Carry.Git;

/// <summary>
/// The zlib stream git keeps an object in (a loose file's whole content; a pack entry after its
/// header). Small objects go in zlib's uncompressed "stored" blocks: setting up a deflater costs
/// ~40 µs (zlib-ng allocates and clears ~270 KB of tables for it, and .NET has no way to reset one
/// for the next object), more than compressing a 300-byte commit or tree saves, and a sync writes
/// mostly such objects (a dev-kit sync: 22 of 26 under 1 KiB, 1 ms of set-up for 3 KB saved).
/// git reads both forms alike; `git gc` recompresses what it repacks.
/// </summary>
internal static class ZlibBody
{
    /// <summary>Objects (with a loose object's header) shorter than this are stored, longer ones compressed.</summary>
    internal const int StoreBelow = 1024;

    /// <summary>The largest stored block deflate allows (its length field has 16 bits).</summary>
    private const int MaxStoredBlock = 65535;

    /// <summary>Writes one zlib stream of <paramref name="prefix"/> followed by <paramref name="body"/>.</summary>
    public static void Write(Stream output, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> body)
    {
        var length = prefix.Length + body.Length;
        if (length < StoreBelow)
        {
            Span<byte> all = stackalloc byte[length];
            prefix.CopyTo(all);
            body.CopyTo(all[prefix.Length..]);
            WriteStored(output, all);
            return;
        }
        using var z = new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true);
        z.Write(prefix);
        z.Write(body);
    }

    /// <summary>
    /// <paramref name="data"/> as a zlib stream of stored blocks (RFC 1950/1951): header, blocks of
    /// at most 64 KiB − 1 (the last one flagged final; one empty block for empty data), Adler-32.
    /// </summary>
    internal static void WriteStored(Stream output, ReadOnlySpan<byte> data)
    {
        // CMF 0x78: deflate with a 32 KiB window; FLG 0x01: "fastest", no dictionary, check bits making 0x7801 a multiple of 31.
        output.Write([0x78, 0x01]);
        Span<byte> head = stackalloc byte[5];
        var offset = 0;
        do
        {
            var size = Math.Min(MaxStoredBlock, data.Length - offset);
            head[0] = (byte)(offset + size == data.Length ? 1 : 0);
            BinaryPrimitives.WriteUInt16LittleEndian(head[1..], (ushort)size);
            BinaryPrimitives.WriteUInt16LittleEndian(head[3..], (ushort)~size);
            output.Write(head);
            output.Write(data.Slice(offset, size));
            offset += size;
        }
        while (offset < data.Length);
        Span<byte> check = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(check, Adler32(data));
        output.Write(check);
    }

    /// <summary>zlib's checksum: two sums modulo 65521, reduced every 5,552 bytes (the most that cannot overflow 32 bits).</summary>
    internal static uint Adler32(ReadOnlySpan<byte> data)
    {
        const uint mod = 65521;
        uint a = 1, b = 0;
        while (data.Length > 0)
        {
            var chunk = data[..Math.Min(5552, data.Length)];
            foreach (var x in chunk)
            {
                a += x;
                b += a;
            }
            a %= mod;
            b %= mod;
            data = data[chunk.Length..];
        }
        return (b << 16) | a;
    }
}
