using Carry.Git;

namespace Carry.Operations.Sync;

/// <summary>
/// A change seen as a bag of added and removed lines, trimmed, without lines too short to mean
/// anything (braces, blank lines). Comparing bags says how much of a patch is present in
/// upstream's commits even when reviewers moved or edited parts of it; it needs no diff
/// algorithm, so it is the same whichever way the change was written. Lines are kept as 64-bit
/// hashes of their bytes: big files are read without making a string per line.
/// </summary>
internal sealed class ChangedLines
{
    private const int ShortestLine = 4;
    private readonly Dictionary<ulong, int> _lines = [];
    private readonly bool _ignoreSpaces;

    /// <summary>An empty bag; with <paramref name="ignoreSpaces"/>, lines are compared without any whitespace (as patch ids are).</summary>
    public ChangedLines(bool ignoreSpaces = false) => _ignoreSpaces = ignoreSpaces;

    /// <summary>How many lines the bag holds.</summary>
    public int Count { get; private set; }

    /// <summary>Adds the lines that <paramref name="change"/> adds and removes (text files only).</summary>
    public void Add(ObjectStore store, PathChange change)
    {
        if (Text(store, change.Old) is not { } old || Text(store, change.New) is not { } now) return;
        ReadOnlySpan<byte> before = old, after = now;
        // The whole lines both versions begin and end with are in both bags alike and cancel out.
        CommonLines.Cut(ref before, ref after, (byte)'\n');
        var removed = Lines(before, _ignoreSpaces);
        var added = Lines(after, _ignoreSpaces);
        foreach (var (line, n) in Subtract(added, removed)) Put(line, n);
        foreach (var (line, n) in Subtract(removed, added)) Put(~line, n); // removed lines: a different key
    }

    /// <summary>Adds every line of <paramref name="other"/> (as often as there).</summary>
    public void Add(ChangedLines other)
    {
        foreach (var (line, n) in other._lines) Put(line, n);
    }

    /// <summary>How many of this bag's lines are in <paramref name="other"/> (counting repeats at most as often as there).</summary>
    public int Shared(ChangedLines other) =>
        _lines.Sum(kv => Math.Min(kv.Value, other._lines.GetValueOrDefault(kv.Key)));

    /// <summary>The bag in a canonical text form: equal bags give equal keys.</summary>
    public string Key() => string.Join(',', _lines.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key:x}*{kv.Value}"));

    private void Put(ulong line, int n)
    {
        _lines[line] = _lines.GetValueOrDefault(line) + n;
        Count += n;
    }

    private static IEnumerable<(ulong, int)> Subtract(Dictionary<ulong, int> a, Dictionary<ulong, int> b)
    {
        foreach (var (line, n) in a)
        {
            var left = n - b.GetValueOrDefault(line);
            if (left > 0) yield return (line, left);
        }
    }

    /// <summary>A file's bytes (empty when absent); null for binary content or non-files.</summary>
    private static byte[]? Text(ObjectStore store, TreeEntry? entry)
    {
        if (entry is null) return [];
        if (entry.IsTree || entry.Mode == EntryMode.Gitlink) return null;
        var bytes = store.ReadBlob(entry.Id);
        return Array.IndexOf(bytes, (byte)0) >= 0 ? null : bytes;
    }

    /// <summary>The meaningful lines of a text, counted by hash.</summary>
    private static Dictionary<ulong, int> Lines(ReadOnlySpan<byte> span, bool ignoreSpaces)
    {
        // Sized for every line at once: grown step by step, a file of 500 lines left eight tables behind.
        var counts = new Dictionary<ulong, int>(span.Count((byte)'\n') + 1);
        while (span.Length > 0)
        {
            var end = span.IndexOf((byte)'\n');
            var line = end < 0 ? span : span[..end];
            span = end < 0 ? default : span[(end + 1)..];
            if (Hash(line.Trim(" \t\r\f\v"u8), ignoreSpaces) is { } h) counts[h] = counts.GetValueOrDefault(h) + 1;
        }
        return counts;
    }

    /// <summary>FNV-1a over the line's bytes (without whitespace when asked); null for a line too short to count.</summary>
    private static ulong? Hash(ReadOnlySpan<byte> line, bool ignoreSpaces)
    {
        var hash = 14695981039346656037UL;
        var length = 0;
        foreach (var b in line)
        {
            if (ignoreSpaces && b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\f' or (byte)'\v') continue;
            hash = (hash ^ b) * 1099511628211UL;
            length++;
        }
        return length < ShortestLine ? null : hash;
    }
}
