using System.Buffers.Binary;
using System.Text;
using Carry.Hashing;

namespace Carry.Git.Checkout;

/// <summary>
/// One entry of git's index: a path, its blob, and the file's stat data when git last saw it
/// clean. Entries read from disk stay a view on their original bytes, so an index of tens of
/// thousands of entries is rewritten by copying, and only changed entries are encoded anew.
/// Their paths too: a path becomes a string only when asked for (<see cref="Path"/>); ordering,
/// lookups and tree building compare the bytes (<see cref="PathBytes"/>), so a resume that
/// changes one file of thousands decodes a handful of names, not every one.
/// </summary>
internal sealed class IndexEntry
{
    private readonly byte[] _bytes;
    private readonly int _offset;
    private string? _path;

    private IndexEntry(string? path, byte[] bytes, int offset, int length)
    {
        _path = path;
        _bytes = bytes;
        _offset = offset;
        Length = length;
    }

    /// <summary>The raw path (one char per byte, see <see cref="RawPath"/>), decoded on first use.</summary>
    public string Path => _path ??= RawPath.FromBytes(PathBytes);

    /// <summary>The path's bytes as the index holds them (without the NUL after them).</summary>
    public ReadOnlySpan<byte> PathBytes => NulTerminatedPath[..^1];

    /// <summary>Compares the path with <paramref name="rawPath"/> in git's (byte) order, without decoding it.</summary>
    public int ComparePath(string rawPath)
    {
        var mine = PathBytes;
        var c = ComparePrefix(mine, rawPath);
        return c != 0 ? c : mine.Length - rawPath.Length;
    }

    /// <summary>True when the path begins with <paramref name="rawPrefix"/>, compared as bytes.</summary>
    public bool PathStartsWith(string rawPrefix)
    {
        var mine = PathBytes;
        return mine.Length >= rawPrefix.Length && ComparePrefix(mine, rawPrefix) == 0;
    }

    private static int ComparePrefix(ReadOnlySpan<byte> mine, string rawPath)
    {
        var common = Math.Min(mine.Length, rawPath.Length);
        for (var i = 0; i < common; i++)
            if (mine[i] != rawPath[i]) return mine[i] - rawPath[i];
        return 0;
    }

    /// <summary>Git's order of entries: by path bytes, then by stage.</summary>
    public static int Order(IndexEntry a, IndexEntry b)
    {
        var c = a.PathBytes.SequenceCompareTo(b.PathBytes);
        return c != 0 ? c : a.Stage.CompareTo(b.Stage);
    }

    /// <summary>The encoded size, padding included.</summary>
    public int Length { get; }

    private ReadOnlySpan<byte> Bytes => _bytes.AsSpan(_offset, Length);
    private uint U32(int at) => BinaryPrimitives.ReadUInt32BigEndian(Bytes[at..]);
    private ushort Flags => BinaryPrimitives.ReadUInt16BigEndian(Bytes[60..]);

    public uint CtimeSeconds => U32(0);
    public uint CtimeNanos => U32(4);
    public uint MtimeSeconds => U32(8);
    public uint MtimeNanos => U32(12);
    public uint Ino => U32(20);
    public uint Mode => U32(24);
    public uint Size => U32(36);
    public Oid Id => Oid.FromBytes(IdBytes);
    public ReadOnlySpan<byte> IdBytes => Bytes.Slice(40, 20);
    public int Stage => (Flags >> 12) & 3;

    /// <summary>The path's bytes with the NUL after them (every entry is padded with at least one), for a system call.</summary>
    public ReadOnlySpan<byte> NulTerminatedPath
    {
        get
        {
            var header = Extended ? 64 : 62;
            var name = Bytes[header..];
            return name[..(name.IndexOf((byte)0) + 1)];
        }
    }
    public bool AssumeValid => (Flags & 0x8000) != 0;
    public bool Extended => (Flags & 0x4000) != 0;

    /// <summary>Reads the entry at <paramref name="pos"/>, or null if malformed.</summary>
    public static IndexEntry? Read(byte[] data, int pos, int end)
    {
        if (pos + 62 > end) return null;
        var flags = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(pos + 60));
        var header = (flags & 0x4000) != 0 ? 64 : 62;
        var nameEnd = data.AsSpan(pos + header, end - pos - header).IndexOf((byte)0);
        if (nameEnd < 0) return null;
        var length = (header + nameEnd + 8) & ~7;
        if (pos + length > end) return null;
        return new IndexEntry(null, data, pos, length);
    }

    /// <summary>A new stage-0 entry for a file just written.</summary>
    public static IndexEntry Create(string path, Oid id, int mode, FileStat.Stat st)
    {
        var name = RawPath.ToBytes(path);
        var length = (62 + name.Length + 8) & ~7;
        var bytes = new byte[length];
        var s = bytes.AsSpan();
        uint[] fields = [st.CtimeSeconds, st.CtimeNanos, st.MtimeSeconds, st.MtimeNanos, st.Dev, st.Ino, (uint)mode, st.Uid, st.Gid, st.Size];
        for (var i = 0; i < fields.Length; i++) BinaryPrimitives.WriteUInt32BigEndian(s[(i * 4)..], fields[i]);
        id.CopyTo(s[40..]);
        BinaryPrimitives.WriteUInt16BigEndian(s[60..], (ushort)Math.Min(name.Length, 0xFFF));
        name.CopyTo(s[62..]);
        return new IndexEntry(path, bytes, 0, length);
    }

    /// <summary>
    /// True when the file's stat data is what git recorded and the entry is not racily clean: the
    /// file was not modified at or after <paramref name="indexWritten"/> (git's racy-git rule: a
    /// change within the same timestamp tick as the index write leaves the stat data equal).
    /// </summary>
    public bool StatMatches(FileStat.Stat st, DateTime indexWritten)
    {
        if (st.Size != Size || st.MtimeSeconds != MtimeSeconds || st.MtimeNanos != MtimeNanos ||
            st.CtimeSeconds != CtimeSeconds || st.CtimeNanos != CtimeNanos || st.Ino != Ino) return false;
        var seconds = (uint)new DateTimeOffset(indexWritten).ToUnixTimeSeconds();
        var nanos = (uint)(indexWritten.Ticks % TimeSpan.TicksPerSecond * 100);
        return st.MtimeSeconds < seconds || (st.MtimeSeconds == seconds && st.MtimeNanos < nanos);
    }

    /// <summary>An unmerged entry (stage 1–3) as git's update-index writes one: no stat data.</summary>
    public static IndexEntry CreateStaged(string path, Oid id, int mode, int stage)
    {
        var e = Create(path, id, mode, default);
        var flags = BinaryPrimitives.ReadUInt16BigEndian(e._bytes.AsSpan(60));
        BinaryPrimitives.WriteUInt16BigEndian(e._bytes.AsSpan(60), (ushort)(flags | (stage << 12)));
        return e;
    }

    public int CopyTo(Span<byte> destination)
    {
        Bytes.CopyTo(destination);
        return Length;
    }
}

/// <summary>
/// Reads and writes git's index file, versions 2 and 3 (gitformat-index), for Carry's
/// working-tree writer. Optional extensions (cache tree, untracked cache, …) are dropped on
/// write, which git allows and rebuilds on demand; version 4 or a required extension (split
/// index, sparse folders) is left to git itself.
/// </summary>
internal sealed class IndexFile
{
    private IndexFile(List<IndexEntry> entries) => Entries = entries;

    public List<IndexEntry> Entries { get; }

    /// <summary>Reads an index, or returns null with the reason it cannot be handled here.</summary>
    public static IndexFile? TryRead(string path, out string? unsupported)
    {
        if (!File.Exists(path))
        {
            unsupported = null;
            return new IndexFile([]);
        }
        return Parse(File.ReadAllBytes(path), out unsupported);
    }

    /// <summary>An index file's bytes as entries, or null with the reason they cannot be handled here.</summary>
    private static IndexFile? Parse(byte[] data, out string? unsupported)
    {
        unsupported = null;
        if (data.Length < 32 || !data.AsSpan(0, 4).SequenceEqual("DIRC"u8)) { unsupported = "not an index"; return null; }
        var version = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(4));
        if (version is not (2 or 3)) { unsupported = $"index version {version}"; return null; }
        var count = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(8));
        // The trailing SHA-1 is not verified, as git does not on an ordinary read: since git 2.13
        // read-cache.c checks it only when fsck asks (verify_index_checksum), for speed. Every
        // structural bound below is still checked, so a damaged index is declined, not misread.
        var end = data.Length - 20;
        var entries = new List<IndexEntry>((int)count);
        var pos = 12;
        for (var i = 0; i < count; i++)
        {
            var e = IndexEntry.Read(data, pos, end);
            if (e is null) { unsupported = "malformed index entry"; return null; }
            entries.Add(e);
            pos += e.Length;
        }
        while (pos + 8 <= end)
        {
            if (data[pos] is < (byte)'A' or > (byte)'Z')
            {
                unsupported = $"required index extension '{Encoding.ASCII.GetString(data, pos, 4)}'";
                return null;
            }
            pos += 8 + (int)BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(pos + 4));
        }
        return new IndexFile(entries);
    }

    /// <summary>An index held in memory (parsed, or the file's bytes), with the stat data of the file it was written to or read from.</summary>
    internal sealed record Kept(string Path, FileStat.Stat Stat, IndexFile? Index, byte[]? Bytes);

    /// <summary>
    /// Remembers this index as the content of <paramref name="path"/>, so that the next
    /// <see cref="TryRead(CarryRepository, string, out string?)"/> of that file takes it instead
    /// of reading and parsing it again: a resume's snapshot writes the index copy that its
    /// checkout reads next (~160 KB and an object per file for 2,000 files, read twice).
    /// </summary>
    public void Keep(CarryRepository repo, string path) =>
        repo.KeptIndex = StatOf(path) is { } stat ? new Kept(path, stat, this, null) : null;

    /// <summary>
    /// The index kept for <paramref name="path"/> (<see cref="Keep"/>) while the file is as it
    /// was then (same size, times and inode), else the file as read. A kept index is handed out
    /// once: its reader may change it.
    /// </summary>
    public static IndexFile? TryRead(CarryRepository repo, string path, out string? unsupported)
    {
        var kept = repo.KeptIndex;
        repo.KeptIndex = null;
        if (kept is not null && kept.Path == path && StatOf(path) == kept.Stat)
        {
            unsupported = null;
            return kept.Index ?? Parse(kept.Bytes!, out unsupported);
        }
        return TryRead(path, out unsupported);
    }

    /// <summary>
    /// Whether the index at <paramref name="path"/> has unmerged entries (stages 1–3), from a scan
    /// of the entries' flags alone: no entry is made, no path decoded. Null when this reader cannot
    /// tell (version 4's compressed paths, a malformed file): the caller asks libgit2 then. The
    /// bytes are kept for the next <see cref="TryRead(CarryRepository, string, out string?)"/> (the
    /// checkout that usually follows parses them instead of reading the file again), when the
    /// file's stat data was the same before and after the read.
    /// </summary>
    public static bool? HasUnmerged(CarryRepository repo, string path)
    {
        repo.KeptIndex = null;
        if (StatOf(path) is not { } before) return File.Exists(path) ? null : false;
        byte[] data;
        try { data = File.ReadAllBytes(path); }
        catch (FileNotFoundException) { return false; }
        var scanned = Scan(data);
        if (scanned is not null && StatOf(path) == before) repo.KeptIndex = new Kept(path, before, null, data);
        return scanned;
    }

    private static bool? Scan(byte[] data)
    {
        if (data.Length < 32 || !data.AsSpan(0, 4).SequenceEqual("DIRC"u8)) return null;
        if (BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(4)) is not (2 or 3)) return null;
        var count = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(8));
        var end = data.Length - 20;
        var pos = 12;
        for (var i = 0; i < count; i++)
        {
            if (pos + 62 > end) return null;
            var flags = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(pos + 60));
            if ((flags & 0x3000) != 0) return true;
            var header = (flags & 0x4000) != 0 ? 64 : 62;
            var nameLength = flags & 0xFFF;
            if (nameLength == 0xFFF)
            {
                nameLength = data.AsSpan(pos + header, end - pos - header).IndexOf((byte)0);
                if (nameLength < 0) return null;
            }
            pos += (header + nameLength + 8) & ~7;
        }
        return pos <= end ? false : null;
    }

    private static FileStat.Stat? StatOf(string path) =>
        FileStat.TryRead(Encoding.UTF8.GetBytes(path + "\0"), out var stat) ? stat : null;

    /// <summary>The first of <paramref name="entries"/> (in git's order) whose path is not below <paramref name="rawPath"/>: a binary search.</summary>
    public static int At(List<IndexEntry> entries, string rawPath)
    {
        var (lo, hi) = (0, entries.Count);
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (entries[mid].ComparePath(rawPath) < 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>True when <paramref name="entries"/> are in git's order, each path and stage once: what <see cref="At"/> needs.</summary>
    public static bool InOrder(List<IndexEntry> entries)
    {
        for (var i = 1; i < entries.Count; i++)
            if (IndexEntry.Order(entries[i - 1], entries[i]) >= 0) return false;
        return true;
    }

    /// <summary>
    /// Writes the index: entries in git's order, no extensions, SHA-1 trailer. Version 2, or 3
    /// when an entry kept from the old index has extended flags (skip-worktree, intent-to-add),
    /// which version 2 cannot hold. Streamed through one pooled buffer, hashed as it goes: the
    /// whole file is never held in memory (a resume wrote it twice, ~170 KB each for 2,000 files).
    /// </summary>
    public void WriteTo(Stream output)
    {
        // Entries read from an index are in order already; only a changed list needs sorting.
        for (var i = 1; i < Entries.Count; i++)
        {
            if (IndexEntry.Order(Entries[i - 1], Entries[i]) <= 0) continue;
            Entries.Sort(IndexEntry.Order);
            break;
        }
        long size = 12 + 20;
        var extended = false;
        foreach (var e in Entries)
        {
            size += e.Length;
            extended |= e.Extended;
        }
        // 16 KB: a few more writes for a big index, and 48 KB less that a short command never gives back.
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
        var sha = new Sha1(size);
        try
        {
            var s = buffer.AsSpan();
            "DIRC"u8.CopyTo(s);
            BinaryPrimitives.WriteUInt32BigEndian(s[4..], extended ? 3u : 2u);
            BinaryPrimitives.WriteUInt32BigEndian(s[8..], (uint)Entries.Count);
            var at = 12;
            foreach (var e in Entries)
            {
                if (at + e.Length > buffer.Length)
                {
                    sha.Append(s[..at]);
                    output.Write(s[..at]);
                    at = 0;
                }
                // An entry longer than the buffer (a name of tens of kilobytes) goes on its own.
                if (e.Length > buffer.Length)
                {
                    var big = new byte[e.Length];
                    e.CopyTo(big);
                    sha.Append(big);
                    output.Write(big);
                    continue;
                }
                at += e.CopyTo(s[at..]);
            }
            sha.Append(s[..at]);
            output.Write(s[..at]);
            sha.GetHashAndReset(s[..Sha1.Size]);
            output.Write(s[..Sha1.Size]);
        }
        finally
        {
            sha.Dispose();
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
