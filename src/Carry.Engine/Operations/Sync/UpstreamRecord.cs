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

    /// <summary>The listing part of a record.</summary>
    public static string Listing(string record)
    {
        var split = record.IndexOf("\n\n", StringComparison.Ordinal);
        return split < 0 ? record : record[..(split + 1)];
    }

    /// <summary>The paths a record's changes were taken on, or null when it has none (a listing alone).</summary>
    public static IReadOnlyList<string>? Paths(string record)
    {
        var split = record.IndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0) return null;
        var end = record.IndexOf('\n', split + 2);
        var line = record[(split + 2)..(end < 0 ? record.Length : end)];
        if (!line.StartsWith("paths", StringComparison.Ordinal)) return null;
        try { return [.. line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(Unhex)]; }
        catch (FormatException) { return null; }
    }

    /// <summary>
    /// The commits with their changes on <paramref name="wanted"/>, read from the record; null when
    /// it has no such part, does not cover every wanted path, or does not parse.
    /// </summary>
    public static UpstreamCommit[]? Read(string record, IReadOnlyList<(Oid Commit, Oid[] Parents)> log, IReadOnlySet<string> wanted)
    {
        var split = record.IndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0) return null;
        var changes = new List<PathChange>[log.Count];
        var ids = new List<string>[log.Count];
        for (var i = 0; i < log.Count; i++) (changes[i], ids[i]) = ([], []);
        var lines = record[(split + 2)..].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (Paths(record)?.ToHashSet(StringComparer.Ordinal) is not { } covered || !wanted.All(covered.Contains)) return null;
        foreach (var line in lines.Skip(1))
        {
            var w = line.Split(' ');
            if (w.Length < 3 || !int.TryParse(w[1], out var n) || n < 0 || n >= log.Count) return null;
            if (w[0] == "carry-id") ids[n].Add(w[2]);
            else if (w[0] == "change" && w.Length == 7)
            {
                var path = Unhex(w[2]);
                // A change on a folder that holds a wanted path counts, as the tree diff reports it.
                if (wanted.Contains(path) || wanted.Any(p => p.StartsWith(path + "/", StringComparison.Ordinal)))
                    changes[n].Add(new PathChange(path, Entry(path, w[3], w[4]), Entry(path, w[5], w[6])));
            }
            else return null;
        }
        return [.. log.Select((c, i) => new UpstreamCommit(c.Commit, changes[i], ids[i]))];
    }

    private static string Side(TreeEntry? e) => e is null ? "- -" : $"{Convert.ToString(e.Mode, 8)} {e.Id.Hex}";

    private static TreeEntry? Entry(string path, string mode, string id) =>
        mode == "-" ? null : new TreeEntry(path[(path.LastIndexOf('/') + 1)..], Convert.ToInt32(mode, 8), new Oid(id));

    private static string Hex(string rawPath) => Convert.ToHexStringLower(RawPath.ToBytes(rawPath));

    private static string Unhex(string hex) => RawPath.FromBytes(Convert.FromHexString(hex));
}
