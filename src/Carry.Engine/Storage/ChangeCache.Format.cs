using System.Buffers;
using System.Text;
using Carry.Git;
using Carry.Hashing;

namespace Carry.Storage;

/// <summary>
/// The file's format, written and read byte by byte: a long series' file is a few hundred
/// kilobytes, and going through strings per field cost a sync several milliseconds and a
/// collection. Paths are percent-encoded as the stack file's words are (<see cref="StackFile"/>):
/// ASCII letters, digits and <c>._-+/,@~</c> as they are, every other UTF-8 byte as <c>%XX</c>.
/// </summary>
public static partial class ChangeCache
{
    private const int SumLength = 4 + 40 + 1; // "sum ", 40 hex digits, a newline

    /// <summary>The file's bytes for <paramref name="entries"/>; a commit with a path that is not valid UTF-16 (it would not read back the same) is left out.</summary>
    internal static byte[] Format(IReadOnlyDictionary<Oid, IReadOnlyList<PathChange>> entries)
    {
        var w = new ArrayBufferWriter<byte>(64 * 1024);
        Ascii(w, Header + "\n");
        foreach (var (commit, changes) in entries)
        {
            if (changes.Any(c => c.Path.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF') || !NameMatches(c))) continue;
            Ascii(w, "commit ");
            Hex(w, commit);
            Ascii(w, " " + changes.Count + "\n");
            foreach (var change in changes)
            {
                Side(w, change.Old);
                Ascii(w, " ");
                Side(w, change.New);
                Ascii(w, " ");
                PercentEncoded(w, change.Path);
                Ascii(w, "\n");
            }
        }
        var body = w.WrittenSpan;
        var file = new byte[body.Length + SumLength];
        body.CopyTo(file);
        Encoding.ASCII.GetBytes($"sum {Convert.ToHexStringLower(Sha1.Hash(body))}\n", file.AsSpan(body.Length));
        return file;
    }

    /// <summary>Each side's entry is named as the path's last part (what the parse rebuilds), and one side at least is there.</summary>
    private static bool NameMatches(PathChange c)
    {
        var name = c.Path.AsSpan(c.Path.LastIndexOf('/') + 1);
        return (c.Old is null || name.SequenceEqual(c.Old.Name)) && (c.New is null || name.SequenceEqual(c.New.Name)) && (c.Old ?? c.New) is not null;
    }

    private static void Side(ArrayBufferWriter<byte> w, TreeEntry? entry)
    {
        if (entry is null)
        {
            Ascii(w, "0 -");
            return;
        }
        Ascii(w, Convert.ToString(entry.Mode, 8) + " ");
        Hex(w, entry.Id);
    }

    private static void Ascii(ArrayBufferWriter<byte> w, string text) => w.Advance(Encoding.ASCII.GetBytes(text, w.GetSpan(text.Length)));

    private static void Hex(ArrayBufferWriter<byte> w, Oid id)
    {
        Span<byte> raw = stackalloc byte[20];
        id.CopyTo(raw);
        var span = w.GetSpan(40);
        for (var i = 0; i < 20; i++)
        {
            span[2 * i] = (byte)"0123456789abcdef"[raw[i] >> 4];
            span[2 * i + 1] = (byte)"0123456789abcdef"[raw[i] & 15];
        }
        w.Advance(40);
    }

    private static void PercentEncoded(ArrayBufferWriter<byte> w, string path)
    {
        var utf8 = Encoding.UTF8.GetBytes(path);
        var span = w.GetSpan(utf8.Length * 3);
        var n = 0;
        foreach (var b in utf8)
        {
            if (StackFile.IsPlain(b)) span[n++] = b;
            else
            {
                span[n++] = (byte)'%';
                span[n++] = (byte)"0123456789ABCDEF"[b >> 4];
                span[n++] = (byte)"0123456789ABCDEF"[b & 15];
            }
        }
        w.Advance(n);
    }

    /// <summary>The entries in <paramref name="bytes"/>, or null when the file is not one this version wrote whole.</summary>
    internal static Dictionary<Oid, IReadOnlyList<PathChange>>? Parse(byte[] bytes)
    {
        if (bytes.Length < SumLength) return null;
        var body = bytes.AsSpan(0, bytes.Length - SumLength);
        if (Encoding.ASCII.GetString(bytes, body.Length, SumLength) != $"sum {Convert.ToHexStringLower(Sha1.Hash(body))}\n") return null;
        if (body.IsEmpty || body[^1] != (byte)'\n') return null;
        var reader = new LineReader(body);
        if (!reader.Next(out var header) || !header.SequenceEqual(Encoding.ASCII.GetBytes(Header))) return null;
        var entries = new Dictionary<Oid, IReadOnlyList<PathChange>>();
        while (reader.Next(out var line))
        {
            // commit ID COUNT
            if (!line.StartsWith("commit "u8) || line.Length < 49 || line[47] != (byte)' ' || TryHex(line[7..47]) is not { } commit
                || !int.TryParse(line[48..], System.Globalization.NumberStyles.None, null, out var count))
                return null;
            var changes = new List<PathChange>(count);
            for (var j = 0; j < count; j++)
            {
                if (!reader.Next(out line) || Change(line) is not { } change) return null;
                changes.Add(change);
            }
            entries[commit] = changes;
        }
        return entries;
    }

    /// <summary>OLD-MODE OLD-ID NEW-MODE NEW-ID PATH, or null.</summary>
    private static PathChange? Change(ReadOnlySpan<byte> line)
    {
        Span<Range> fields = stackalloc Range[5];
        var (count, start) = (0, 0);
        for (var i = 0; i <= line.Length; i++)
        {
            if (i < line.Length && line[i] != (byte)' ') continue;
            if (count == 5) return null;
            fields[count++] = start..i;
            start = i + 1;
        }
        if (count != 5) return null;
        var encoded = line[fields[4]];
        var decoded = new byte[encoded.Length];
        var n = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            var b = encoded[i];
            if (StackFile.IsPlain(b)) decoded[n++] = b;
            else if (b == (byte)'%' && i + 2 < encoded.Length && HexValue(encoded[i + 1]) is >= 0 and var hi && HexValue(encoded[i + 2]) is >= 0 and var lo)
            {
                decoded[n++] = (byte)(hi * 16 + lo);
                i += 2;
            }
            else return null;
        }
        var path = Encoding.UTF8.GetString(decoded, 0, n);
        var name = path[(path.LastIndexOf('/') + 1)..];
        if (!TrySide(name, line[fields[0]], line[fields[1]], out var old) || !TrySide(name, line[fields[2]], line[fields[3]], out var @new) || (old ?? @new) is null)
            return null;
        return new PathChange(path, old, @new);
    }

    private static bool TrySide(string name, ReadOnlySpan<byte> mode, ReadOnlySpan<byte> id, out TreeEntry? entry)
    {
        entry = null;
        if (id.SequenceEqual("-"u8)) return mode.SequenceEqual("0"u8);
        if (mode.Length is 0 or > 6 || TryHex(id) is not { } oid) return false;
        var value = 0;
        foreach (var digit in mode)
        {
            if (digit is < (byte)'0' or > (byte)'7') return false;
            value = value * 8 + (digit - '0');
        }
        entry = new TreeEntry(name, value, oid);
        return true;
    }

    private static Oid? TryHex(ReadOnlySpan<byte> hex)
    {
        if (hex.Length != 40) return null;
        Span<byte> raw = stackalloc byte[20];
        for (var i = 0; i < 20; i++)
        {
            int hi = HexValue(hex[2 * i]), lo = HexValue(hex[2 * i + 1]);
            if (hi < 0 || lo < 0) return null;
            raw[i] = (byte)(hi * 16 + lo);
        }
        return Oid.FromBytes(raw);
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    /// <summary>The lines of a body that ends in a newline (a last line without one is not returned).</summary>
    private ref struct LineReader(ReadOnlySpan<byte> text)
    {
        private ReadOnlySpan<byte> _rest = text;

        public bool Next(out ReadOnlySpan<byte> line)
        {
            var end = _rest.IndexOf((byte)'\n');
            if (end < 0)
            {
                line = default;
                return false;
            }
            line = _rest[..end];
            _rest = _rest[(end + 1)..];
            return true;
        }
    }
}
