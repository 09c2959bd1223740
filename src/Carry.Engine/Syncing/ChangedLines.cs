using System.Text;
using Carry.Git;

namespace Carry.Syncing;

/// <summary>
/// A change seen as a bag of added and removed lines ("+text", "-text"), trimmed, without
/// lines too short to mean anything (braces, blank lines). Comparing bags says how much of a
/// patch is present in upstream's commits even when reviewers moved or edited parts of it;
/// it needs no diff algorithm, so it is the same whichever way the change was written.
/// </summary>
internal sealed class ChangedLines
{
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);
    private readonly bool _ignoreSpaces;

    /// <summary>An empty bag; with <paramref name="ignoreSpaces"/>, lines are compared without any whitespace (as patch ids are).</summary>
    public ChangedLines(bool ignoreSpaces = false) => _ignoreSpaces = ignoreSpaces;

    /// <summary>How many lines the bag holds.</summary>
    public int Count { get; private set; }

    /// <summary>Adds the lines that <paramref name="change"/> adds and removes (text files only).</summary>
    public void Add(ObjectStore store, PathChange change)
    {
        var before = Lines(store, change.Old, _ignoreSpaces);
        var after = Lines(store, change.New, _ignoreSpaces);
        if (before is null || after is null) return;
        foreach (var (line, n) in Subtract(after, before)) Put("+" + line, n);
        foreach (var (line, n) in Subtract(before, after)) Put("-" + line, n);
    }

    /// <summary>How many of this bag's lines are in <paramref name="other"/> (counting repeats at most as often as there).</summary>
    public int Shared(ChangedLines other) =>
        _lines.Sum(kv => Math.Min(kv.Value, other._lines.GetValueOrDefault(kv.Key)));

    private void Put(string line, int n)
    {
        _lines[line] = _lines.GetValueOrDefault(line) + n;
        Count += n;
    }

    private static IEnumerable<(string, int)> Subtract(Dictionary<string, int> a, Dictionary<string, int> b)
    {
        foreach (var (line, n) in a)
        {
            var left = n - b.GetValueOrDefault(line);
            if (left > 0) yield return (line, left);
        }
    }

    /// <summary>The meaningful lines of a blob, counted; null for binary content or non-files.</summary>
    /// <summary>The bag in a canonical text form: equal bags give equal keys.</summary>
    public string Key() => string.Join('\n', _lines.Select(kv => $"{kv.Value} {kv.Key}").Order(StringComparer.Ordinal));

    private static Dictionary<string, int>? Lines(ObjectStore store, TreeEntry? entry, bool ignoreSpaces)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        if (entry is null) return counts;
        if (entry.IsTree || entry.Mode == EntryMode.Gitlink) return null;
        var bytes = store.ReadBlob(entry.Id);
        if (Array.IndexOf(bytes, (byte)0) >= 0) return null;
        foreach (var raw in Encoding.UTF8.GetString(bytes).Split('\n'))
        {
            var line = ignoreSpaces ? string.Concat(raw.Where(c => !char.IsWhiteSpace(c))) : raw.Trim();
            if (line.Length < 4) continue;
            counts[line] = counts.GetValueOrDefault(line) + 1;
        }
        return counts;
    }
}
