using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Carry.Git.Checkout;

/// <summary>One entry of git's index: a path, its blob, and the file's stat data when it was last seen clean.</summary>
internal sealed class IndexEntry
{
    public uint CtimeSeconds, CtimeNanos, MtimeSeconds, MtimeNanos, Dev, Ino, Mode, Uid, Gid, Size;
    public Oid Id;
    public ushort Flags;
    public ushort ExtendedFlags;
    /// <summary>The raw path (one char per byte, see <see cref="RawPath"/>).</summary>
    public required string Path;

    public int Stage => (Flags >> 12) & 3;
    public bool AssumeValid => (Flags & 0x8000) != 0;
}

/// <summary>
/// Reads and writes git's index file, versions 2 and 3 (gitformat-index). Only what Carry's
/// working-tree writer needs: entries are kept; optional extensions (cache tree, untracked
/// cache, …) are dropped on write, which git allows and rebuilds on demand; an index with
/// a required extension (split index, sparse directories) or version 4 is not handled here,
/// and callers fall back to git itself.
/// </summary>
internal sealed class IndexFile
{
    private IndexFile(uint version, List<IndexEntry> entries)
    {
        Version = version;
        Entries = entries;
    }

    public uint Version { get; }
    public List<IndexEntry> Entries { get; }

    /// <summary>Reads an index, or returns null with the reason it cannot be handled here.</summary>
    public static IndexFile? TryRead(string path, out string? unsupported)
    {
        unsupported = null;
        if (!File.Exists(path)) return new IndexFile(2, []);
        var data = File.ReadAllBytes(path);
        if (data.Length < 32 || !data.AsSpan(0, 4).SequenceEqual("DIRC"u8)) { unsupported = "not an index"; return null; }
        var version = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(4));
        if (version is not (2 or 3)) { unsupported = $"index version {version}"; return null; }
        var count = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(8));
        var end = data.Length - 20;
        if (!SHA1.HashData(data.AsSpan(0, end)).AsSpan().SequenceEqual(data.AsSpan(end))) { unsupported = "index checksum mismatch"; return null; }
        var entries = new List<IndexEntry>((int)count);
        var pos = 12;
        for (var i = 0; i < count; i++)
        {
            if (pos + 62 > end) { unsupported = "truncated index"; return null; }
            var e = ReadEntry(data, ref pos, version);
            if (e is null) { unsupported = "malformed index entry"; return null; }
            entries.Add(e);
        }
        while (pos + 8 <= end)
        {
            var signature = data[pos];
            var size = (int)BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(pos + 4));
            if (signature is < (byte)'A' or > (byte)'Z')
            {
                unsupported = $"required index extension '{Encoding.ASCII.GetString(data, pos, 4)}'";
                return null;
            }
            pos += 8 + size;
        }
        return new IndexFile(version, entries);
    }

    private static IndexEntry? ReadEntry(byte[] data, ref int pos, uint version)
    {
        var s = data.AsSpan(pos);
        var at = pos;
        uint U(int offset) => BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(at + offset));
        var flags = BinaryPrimitives.ReadUInt16BigEndian(s[60..]);
        var extended = (flags & 0x4000) != 0;
        if (extended && version < 3) return null;
        var header = 62 + (extended ? 2 : 0);
        var nameEnd = s[header..].IndexOf((byte)0);
        if (nameEnd < 0) return null;
        var entry = new IndexEntry
        {
            CtimeSeconds = U(0), CtimeNanos = U(4), MtimeSeconds = U(8), MtimeNanos = U(12),
            Dev = U(16), Ino = U(20), Mode = U(24), Uid = U(28), Gid = U(32), Size = U(36),
            Id = Oid.FromBytes(s.Slice(40, 20)),
            Flags = flags,
            ExtendedFlags = extended ? BinaryPrimitives.ReadUInt16BigEndian(s[62..]) : (ushort)0,
            Path = RawPath.FromBytes(s.Slice(header, nameEnd)),
        };
        pos += (header + nameEnd + 8) & ~7;
        return entry;
    }

    /// <summary>The index bytes: entries sorted as git requires, no extensions, SHA-1 trailer.</summary>
    public byte[] Serialize()
    {
        Entries.Sort((a, b) =>
        {
            var c = string.CompareOrdinal(a.Path, b.Path);
            return c != 0 ? c : a.Stage.CompareTo(b.Stage);
        });
        var version = Entries.Any(e => e.ExtendedFlags != 0) ? 3u : 2u;
        using var ms = new MemoryStream(Entries.Count * 96 + 64);
        Span<byte> buffer = stackalloc byte[64];
        "DIRC"u8.CopyTo(buffer);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], version);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[8..], (uint)Entries.Count);
        ms.Write(buffer[..12]);
        foreach (var e in Entries) WriteEntry(ms, e, buffer);
        var body = ms.ToArray();
        return [.. body, .. SHA1.HashData(body)];
    }

    private static void WriteEntry(MemoryStream ms, IndexEntry e, Span<byte> buffer)
    {
        var name = RawPath.ToBytes(e.Path);
        var extended = e.ExtendedFlags != 0;
        uint[] fields = [e.CtimeSeconds, e.CtimeNanos, e.MtimeSeconds, e.MtimeNanos, e.Dev, e.Ino, e.Mode, e.Uid, e.Gid, e.Size];
        for (var i = 0; i < fields.Length; i++) BinaryPrimitives.WriteUInt32BigEndian(buffer[(i * 4)..], fields[i]);
        e.Id.ToBytes().CopyTo(buffer[40..]);
        var flags = (ushort)((e.Flags & 0xB000) | (extended ? 0x4000 : 0) | Math.Min(name.Length, 0xFFF));
        BinaryPrimitives.WriteUInt16BigEndian(buffer[60..], flags);
        var header = 62;
        if (extended)
        {
            BinaryPrimitives.WriteUInt16BigEndian(buffer[62..], e.ExtendedFlags);
            header = 64;
        }
        ms.Write(buffer[..header]);
        ms.Write(name);
        var padded = (header + name.Length + 8) & ~7;
        for (var i = header + name.Length; i < padded; i++) ms.WriteByte(0);
    }
}
