using System.Globalization;
using System.Text;
using Carry.Git;

namespace Carry.Operations.Sync;

/// <summary>
/// What a stopped sync keeps of upstream so that each resume need not read it again: git's
/// listing of the commits (<c>rev-list --parents</c>), then, after a blank line, what each commit
/// changed on the paths the patches change, and the Carry ids its message names. Reading 760
/// upstream commits and their trees again at every <c>--skip</c> was a seventh of a resume.
/// </summary>
/// <remarks>
/// The text after the listing: <c>paths HEX…</c> (the paths the changes were taken on, raw bytes
/// in hex), then one line per change, <c>change N HEXPATH OLDMODE OLDID NEWMODE NEWID</c> (N: the
/// commit's place in the listing; <c>-</c> for a side that lacks the path), and <c>carry-id N ID</c>.
/// A record without that part (written by an older Carry) is a listing alone.
/// </remarks>
internal static class UpstreamRecord
{
    public static string Write(string listing, IReadOnlyList<UpstreamCommit> commits, IEnumerable<string> paths)
    {
        var sb = new StringBuilder(listing.TrimEnd('\n')).Append("\n\npaths");
        foreach (var p in paths) sb.Append(' ').Append(Hex(p));
        sb.Append('\n');
        for (var i = 0; i < commits.Count; i++)
        {
            foreach (var c in commits[i].Changes)
                sb.Append($"change {i} {Hex(c.Path)} {Side(c.Old)} {Side(c.New)}\n");
            foreach (var id in commits[i].CarryIds) sb.Append($"carry-id {i} {id}\n");
        }
        return sb.ToString();
    }

    /// <summary>The listing part of a record, as text.</summary>
    public static string Listing(byte[] record)
    {
        var split = record.AsSpan().IndexOf("\n\n"u8);
        return Encoding.ASCII.GetString(record, 0, split < 0 ? record.Length : split + 1);
    }

    /// <summary>The paths a record's changes were taken on, or null when it has none (a listing alone).</summary>
    public static IReadOnlyList<string>? Paths(byte[] record)
    {
        var split = record.AsSpan().IndexOf("\n\n"u8);
        if (split < 0) return null;
        var rest = record.AsSpan(split + 2);
        var end = rest.IndexOf((byte)'\n');
        var line = Encoding.ASCII.GetString(end < 0 ? rest : rest[..end]);
        if (!line.StartsWith("paths", StringComparison.Ordinal)) return null;
        try { return [.. line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(Unhex)]; }
        catch (FormatException) { return null; }
    }

    /// <summary>
    /// The commits that changed <paramref name="wanted"/> or name a Carry id, oldest first, read
    /// from the record; null when it has no such part, does not cover every wanted path, or does
    /// not parse. Commits with neither are left out: nothing asks for them.
    /// </summary>
    /// <remarks>
    /// A resume reads this at every <c>--skip</c>, for hundreds of upstream commits of which a
    /// few touch the patches left: the bytes are scanned in place, and only the lines of changes
    /// on wanted paths (and the listing lines of their commits) become strings and objects.
    /// </remarks>
    public static List<UpstreamCommit>? Read(byte[] record, IReadOnlySet<string> wanted)
    {
        var text = record.AsSpan();
        var split = text.IndexOf("\n\n"u8);
        if (split < 0 || ListingLines(text[..(split + 1)]) is not { } listed) return null;
        if (Paths(record)?.ToHashSet(StringComparer.Ordinal) is not { } covered || !wanted.All(covered.Contains)) return null;
        // A change on a folder that holds a wanted path counts, as the tree diff reports it.
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in wanted)
        {
            keys.Add(Hex(p));
            for (var slash = p.IndexOf('/'); slash > 0; slash = p.IndexOf('/', slash + 1)) keys.Add(Hex(p[..slash]));
        }
        var byKey = keys.GetAlternateLookup<ReadOnlySpan<char>>();
        var found = new SortedDictionary<int, (List<PathChange> Changes, List<string> Ids)>();
        var first = true;
        Span<char> small = stackalloc char[256];
        foreach (var range in text[(split + 2)..].Split((byte)'\n'))
        {
            var line = text[(split + 2)..][range];
            if (line.IsEmpty) continue;
            if (first)
            {
                first = false; // the paths line
                continue;
            }
            if (!Line(line, listed.Count, out var n, out var keyAt)) return null;
            if (keyAt is { } at)
            {
                var key = line[at];
                var chars = key.Length <= small.Length ? small[..key.Length] : new char[key.Length];
                for (var i = 0; i < key.Length; i++) chars[i] = (char)key[i];
                if (!byKey.Contains(chars)) continue;
            }
            var w = Encoding.ASCII.GetString(line).Split(' ');
            if (!found.TryGetValue(n, out var commit)) found[n] = commit = ([], []);
            if (keyAt is not null)
            {
                var path = Unhex(w[2]);
                commit.Changes.Add(new PathChange(path, Entry(path, w[3], w[4]), Entry(path, w[5], w[6])));
            }
            else commit.Ids.Add(w[2]);
        }
        return [.. found.Select(f => new UpstreamCommit(new Oid(Encoding.ASCII.GetString(record, listed[f.Key], 40)), f.Value.Changes, f.Value.Ids))];
    }

    /// <summary>
    /// Checks one line after the paths: <c>change N HEXPATH OLDMODE OLDID NEWMODE NEWID</c> (with
    /// <paramref name="key"/> where its HEXPATH is) or <c>carry-id N ID</c> (no key), N a commit of the listing.
    /// </summary>
    private static bool Line(ReadOnlySpan<byte> line, int commits, out int n, out Range? key)
    {
        (n, key) = (0, null);
        Span<Range> w = stackalloc Range[7];
        var count = 0;
        foreach (var word in line.Split((byte)' '))
            if (count++ < w.Length) w[count - 1] = word;
        if (count < 3 || !int.TryParse(line[w[1]], NumberStyles.Integer, CultureInfo.InvariantCulture, out n) || n < 0 || n >= commits) return false;
        if (line[w[0]].SequenceEqual("carry-id"u8)) return true;
        if (!line[w[0]].SequenceEqual("change"u8) || count != 7) return false;
        key = w[2];
        return true;
    }

    /// <summary>
    /// Where each commit's line starts in a listing (<see cref="Revisions.ListWithParents"/>),
    /// checked as <see cref="Revisions.ParseWithParents"/> checks it; null when it is not one.
    /// </summary>
    private static List<int>? ListingLines(ReadOnlySpan<byte> listing)
    {
        var starts = new List<int>();
        foreach (var range in listing.Split((byte)'\n'))
        {
            var line = listing[range];
            if (line.IsEmpty) continue;
            if ((line.Length + 1) % 41 != 0) return null;
            for (var i = 0; i < (line.Length + 1) / 41; i++)
                if ((i > 0 && line[i * 41 - 1] != ' ') || line.Slice(i * 41, 40).ContainsAnyExcept(LowerHex)) return null;
            starts.Add(range.Start.Value);
        }
        return starts;
    }

    private static readonly System.Buffers.SearchValues<byte> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef"u8);

    private static string Side(TreeEntry? e) => e is null ? "- -" : $"{Convert.ToString(e.Mode, 8)} {e.Id.Hex}";

    private static TreeEntry? Entry(string path, string mode, string id) =>
        mode == "-" ? null : new TreeEntry(path[(path.LastIndexOf('/') + 1)..], Convert.ToInt32(mode, 8), new Oid(id));

    private static string Hex(string rawPath) => Convert.ToHexStringLower(RawPath.ToBytes(rawPath));

    private static string Unhex(string hex) => RawPath.FromBytes(Convert.FromHexString(hex));
}
