using System.Text;
using Carry.Git;

namespace Carry.Operations.Sync;

/// <summary>
/// Whether a tree already holds a patch's whole change: the only ground on which sync may set a
/// conflicting patch aside without stopping. For each block of lines the patch changes, the
/// place where that block lands in the new file is found from the lines around it that the new
/// file kept; there, every line the block adds must be present (in order, together, whitespace
/// and blank lines aside) and every line it removes must be gone. Similar lines elsewhere in
/// the file, or most of the lines, are not enough: the one added condition of a security fix
/// is exactly the line a rewrite around it may lack.
/// </summary>
internal static class Containment
{
    /// <summary>True when <paramref name="tree"/> holds every change of <paramref name="changes"/> (raw paths; <paramref name="movedTo"/>: where upstream moved a file unchanged, asked only when a file is missing).</summary>
    public static bool Holds(ObjectStore store, IReadOnlyList<PathChange> changes, Oid tree, Func<string, string?>? movedTo = null)
    {
        foreach (var c in changes)
        {
            var there = TreeOps.Lookup(store, tree, c.Path);
            if (there is null && movedTo?.Invoke(c.Path) is { } moved) there = TreeOps.Lookup(store, tree, moved);
            if (!FileHolds(store, c, there)) return false;
        }
        return true;
    }

    private static bool FileHolds(ObjectStore store, PathChange c, TreeEntry? there)
    {
        if (c.New is not { } after) return there is null;
        if (there is null) return false;
        if (there == after || there.Id == after.Id && there.Mode == after.Mode) return true;
        if (!IsFile(after) || !IsFile(there) || c.Old is { } o && !IsFile(o)) return false;
        if (c.Old is { } old && old.Mode != after.Mode && there.Mode != after.Mode) return false;
        var before = c.Old is { } b ? store.ReadBlob(b.Id) : [];
        var patched = store.ReadBlob(after.Id);
        var target = store.ReadBlob(there.Id);
        if (IsBinary(before) || IsBinary(patched) || IsBinary(target)) return false;
        return TextHolds(Text(before), Text(patched), Text(target));
    }

    /// <summary>True when <paramref name="target"/> holds every block of the change <paramref name="before"/> → <paramref name="after"/>.</summary>
    public static bool TextHolds(string before, string after, string target)
    {
        var b = Lines(before);
        var t = Lines(target);
        var kept = KeptLines(before, target, b.Length);
        foreach (var block in Blocks(before, after))
        {
            // The block lands between the nearest lines around it that the target kept.
            var lo = 0;
            for (var i = block.Start - 1; i >= 0; i--)
                if (kept[i] >= 0) { lo = kept[i] + 1; break; }
            var hi = t.Length;
            for (var i = block.Start + block.Removed; i < b.Length; i++)
                if (kept[i] >= 0) { hi = kept[i]; break; }
            if (lo > hi) return false;
            var region = t[lo..hi].Select(Squeeze).Where(l => l.Length > 0).ToList();
            var added = block.Added.Select(Squeeze).Where(l => l.Length > 0).ToList();
            var removed = b[block.Start..(block.Start + block.Removed)].Select(Squeeze).Where(l => l.Length > 0).ToList();
            foreach (var a in added) removed.Remove(a); // a line the block keeps (moved, re-indented) is checked as added
            if (!Lands(region, added, removed)) return false;
        }
        return true;
    }

    /// <summary>Some run of <paramref name="region"/> is exactly <paramref name="added"/>, and no removed line is left in the rest of it.</summary>
    private static bool Lands(List<string> region, List<string> added, List<string> removed)
    {
        for (var at = 0; at + added.Count <= region.Count; at++)
        {
            if (!region.Skip(at).Take(added.Count).SequenceEqual(added, StringComparer.Ordinal)) continue;
            var rest = region.Take(at).Concat(region.Skip(at + added.Count)).ToHashSet(StringComparer.Ordinal);
            if (!removed.Any(rest.Contains)) return true;
            if (added.Count == 0) return false;
        }
        return false;
    }

    /// <summary>A block of the change: <see cref="Removed"/> lines of "before" from <see cref="Start"/> replaced by <see cref="Added"/>.</summary>
    private sealed class Block(int start)
    {
        public int Start { get; } = start;
        public int Removed { get; set; }
        public List<string> Added { get; } = [];
    }

    /// <summary>The change's blocks, from git's (libgit2's xdiff) line diff.</summary>
    private static List<Block> Blocks(string before, string after)
    {
        var blocks = new List<Block>();
        Block? open = null;
        foreach (var (kind, oldLine, text) in Walk(before, after))
        {
            if (kind is ' ' or '@') { open = null; continue; }
            if (open is null) blocks.Add(open = new Block(oldLine));
            if (kind == '-') open.Removed++;
            else open.Added.Add(text);
        }
        return blocks;
    }

    /// <summary>For each line of "before": its index in "target" when the target kept it, else -1.</summary>
    private static int[] KeptLines(string before, string target, int count)
    {
        var kept = new int[count];
        var (old, now) = (0, 0);
        foreach (var (kind, oldLine, _) in Walk(before, target))
        {
            while (old < oldLine) kept[old++] = now++; // between hunks: unchanged
            if (kind == ' ') kept[old++] = now++;
            else if (kind == '-') kept[old++] = -1;
            else if (kind == '+') now++;
        }
        while (old < count) kept[old++] = now++;
        return kept;
    }

    /// <summary>The diff's lines in order: kind ('@' for a hunk's start, ' ', '-', '+'), the 0-based "before" line it is at, and its text.</summary>
    private static IEnumerable<(char Kind, int OldLine, string Text)> Walk(string before, string after)
    {
        var old = 0;
        foreach (var line in TextDiff.Hunks(before, after))
        {
            if (line.StartsWith("@@", StringComparison.Ordinal))
            {
                var minus = line.AsSpan(4, line.IndexOf(' ', 4) - 4);
                var comma = minus.IndexOf(',');
                var start = int.Parse(comma < 0 ? minus : minus[..comma]);
                old = comma >= 0 && int.Parse(minus[(comma + 1)..]) == 0 ? start : start - 1;
                yield return ('@', old, "");
                continue;
            }
            if (line.Length == 0 || line[0] is not (' ' or '-' or '+')) continue;
            yield return (line[0], old, line[1..]);
            if (line[0] is ' ' or '-') old++;
        }
    }

    private static string[] Lines(string text)
    {
        if (text.Length == 0) return [];
        var lines = text.Split('\n');
        return text[^1] == '\n' ? lines[..^1] : lines;
    }

    /// <summary>The line without any whitespace: "whitespace aside".</summary>
    private static string Squeeze(string line)
    {
        var sb = new StringBuilder(line.Length);
        foreach (var ch in line) if (ch is not (' ' or '\t' or '\r' or '\f' or '\v')) sb.Append(ch);
        return sb.ToString();
    }

    // Latin-1 keeps every byte as one char: line ends and comparisons stay byte-exact.
    private static string Text(byte[] bytes) => Encoding.Latin1.GetString(bytes);

    private static bool IsBinary(byte[] bytes) => Array.IndexOf(bytes, (byte)0) >= 0;

    private static bool IsFile(TreeEntry e) => e.Mode is EntryMode.Regular or EntryMode.Executable;
}
