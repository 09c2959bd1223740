using System.Buffers.Binary;
using System.IO.Hashing;
using Carry.Hashing;

namespace Carry.Git;

/// <summary>
/// Writes many new objects as one undeltified pack (v2) with its index (v2). Writing one
/// pack instead of thousands of loose files is what keeps replaying hundreds of patches
/// cheap (see ENGINE.md); deltas are not worth computing for objects this short-lived.
/// </summary>
internal static class PackWriter
{
    /// <summary>The start of a pack's name while it is written (<c>tmp_carry_PID_…</c>): a killed run's is removed by the next one, as git's own <c>tmp_</c> files are by <c>git prune</c>.</summary>
    public const string TempPrefix = "tmp_carry_";

    /// <summary>
    /// Writes the pack and its index under their final names, readable at once, and returns
    /// their flush to disk, still running: nothing may point at the objects (a ref) before it
    /// completes. The flush (git's default <c>core.fsync</c> covers packs and their indexes)
    /// costs 2–4 ms on ext4; the checkout that follows hides it.
    /// </summary>
    public static Task Write(string objectsDir, IReadOnlyList<(Oid Id, int Type, byte[] Body)> objects)
    {
        // Compressing is the costly part and independent per object: done on every core, each
        // worker reusing one stream (a new one per object left ~3 MB of garbage on glibc's sync).
        var records = new (Oid Id, byte[] Record)[objects.Count];
        Parallel.For(0, objects.Count, () => new MemoryStream(), (i, _, ms) =>
        {
            records[i] = (objects[i].Id, EncodeRecord(ms, objects[i].Type, objects[i].Body));
            return ms;
        }, _ => { });
        return WriteEncoded(objectsDir, records);
    }

    /// <summary>As <see cref="Write"/>, for objects already encoded as pack records (<see cref="PackEncoder"/>).</summary>
    public static Task WriteEncoded(string objectsDir, IReadOnlyList<(Oid Id, byte[] Record)> records)
    {
        var packDir = Path.Combine(objectsDir, "pack");
        Directory.CreateDirectory(packDir);
        var tmpPack = Path.Combine(packDir, $"{TempPrefix}{Environment.ProcessId}_{Guid.NewGuid():N}.pack");
        var entries = new List<(Oid Id, uint Crc, long Offset)>(records.Count);
        var packHash = new byte[Sha1.Size];
        var sha = new Sha1(12 + records.Sum(r => (long)r.Record.Length));
        FileStream? pack = null, index = null;
        try
        {
            pack = new FileStream(tmpPack, FileMode.CreateNew, FileAccess.Write);
            Span<byte> head = stackalloc byte[12];
            "PACK"u8.CopyTo(head);
            BinaryPrimitives.WriteUInt32BigEndian(head[4..], 2);
            BinaryPrimitives.WriteUInt32BigEndian(head[8..], (uint)records.Count);
            pack.Write(head);
            sha.Append(head);
            foreach (var (id, record) in records)
            {
                entries.Add((id, Crc32.HashToUInt32(record), pack.Position));
                pack.Write(record);
                sha.Append(record);
            }
            sha.GetHashAndReset(packHash);
            pack.Write(packHash);
            pack.Flush();

            var name = Convert.ToHexStringLower(packHash);
            var tmpIdx = Path.ChangeExtension(tmpPack, ".idx");
            index = new FileStream(tmpIdx, FileMode.CreateNew, FileAccess.Write);
            index.Write(BuildIndex(entries, packHash));
            index.Flush();
            // Windows cannot rename a file that is open: there the flush is done first.
            if (OperatingSystem.IsWindows()) FlushAndClose(pack, index);
            // The pack must be in place before its index: git looks for packs through their .idx.
            File.Move(tmpPack, Path.Combine(packDir, $"pack-{name}.pack"), overwrite: true);
            File.Move(tmpIdx, Path.Combine(packDir, $"pack-{name}.idx"), overwrite: true);
            if (OperatingSystem.IsWindows()) return Task.CompletedTask;
            var (p, x) = (pack, index);
            pack = index = null;
            return Task.Run(() => FlushAndClose(p, x));
        }
        finally
        {
            sha.Dispose();
            pack?.Dispose();
            index?.Dispose();
        }
    }

    private static void FlushAndClose(FileStream pack, FileStream index)
    {
        try
        {
            CrashPoint.Fail("pack-flush");
            pack.Flush(flushToDisk: true);
            index.Flush(flushToDisk: true);
        }
        finally
        {
            pack.Dispose();
            index.Dispose();
        }
    }

    /// <summary>One pack record: the type and size header, then the body as a zlib stream.</summary>
    internal static byte[] EncodeRecord(MemoryStream ms, int type, byte[] body)
    {
        ms.SetLength(0);
        long size = body.Length;
        var first = (byte)((type << 4) | (int)(size & 0x0F));
        size >>= 4;
        while (size > 0)
        {
            ms.WriteByte((byte)(first | 0x80));
            first = (byte)(size & 0x7F);
            size >>= 7;
        }
        ms.WriteByte(first);
        ZlibBody.Write(ms, [], body);
        return ms.ToArray();
    }

    private static byte[] BuildIndex(List<(Oid Id, uint Crc, long Offset)> entries, byte[] packHash)
    {
        var sorted = entries.Select(e => (Raw: e.Id.ToBytes(), e.Crc, e.Offset)).ToList();
        sorted.Sort((a, b) => a.Raw.AsSpan().SequenceCompareTo(b.Raw));
        using var ms = new MemoryStream();
        var w = new BinaryWriter(ms);
        var buf = new byte[8];
        void U32(uint v) { BinaryPrimitives.WriteUInt32BigEndian(buf, v); w.Write(buf, 0, 4); }

        w.Write(new byte[] { 0xFF, (byte)'t', (byte)'O', (byte)'c' });
        U32(2);
        var fanout = new uint[256];
        foreach (var e in sorted) fanout[e.Raw[0]]++;
        uint running = 0;
        for (var i = 0; i < 256; i++) { running += fanout[i]; U32(running); }
        foreach (var e in sorted) w.Write(e.Raw);
        foreach (var e in sorted) U32(e.Crc);
        var large = new List<long>();
        foreach (var e in sorted)
        {
            if (e.Offset < 0x80000000L) U32((uint)e.Offset);
            else { U32(0x80000000u | (uint)large.Count); large.Add(e.Offset); }
        }
        foreach (var off in large)
        {
            BinaryPrimitives.WriteUInt64BigEndian(buf, (ulong)off);
            w.Write(buf, 0, 8);
        }
        w.Write(packHash);
        w.Flush();
        var body = ms.ToArray();
        return [.. body, .. Sha1.Hash(body)];
    }
}
