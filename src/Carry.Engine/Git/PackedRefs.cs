using System.Text;

namespace Carry.Git;

/// <summary>
/// The refs in a repository's packed-refs file, read only to answer a ref transaction's two
/// questions: a ref's packed value, and whether a new name would clash with a packed one.
/// </summary>
internal sealed class PackedRefs
{
    private readonly Dictionary<string, Oid> _refs;

    private PackedRefs(Dictionary<string, Oid> refs) => _refs = refs;

    /// <summary>The packed refs (none when the file does not exist), or null when the file is not in git's format.</summary>
    public static PackedRefs? Read(string path)
    {
        var refs = new Dictionary<string, Oid>(StringComparer.Ordinal);
        string text;
        try { text = File.ReadAllText(path, Encoding.UTF8); }
        catch (FileNotFoundException) { return new PackedRefs(refs); }
        catch (DirectoryNotFoundException) { return new PackedRefs(refs); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        var lines = text.Split('\n');
        if (lines[^1].Length != 0) return null; // every line ends with a newline
        for (var i = 0; i < lines.Length - 1; i++)
        {
            var line = lines[i];
            if (i == 0 && line.StartsWith("# pack-refs with:", StringComparison.Ordinal)) continue;
            if (line.Length == 41 && line[0] == '^' && Oid.IsValid(line[1..])) continue; // a tag's peeled value
            if (line.Length < 43 || line[40] != ' ' || !Oid.IsValid(line[..40])) return null;
            refs[line[41..]] = new Oid(line[..40]);
        }
        return new PackedRefs(refs);
    }

    /// <summary>The packed value of <paramref name="name"/>, or null.</summary>
    public Oid? Find(string name) => _refs.TryGetValue(name, out var id) ? id : null;

    /// <summary>Whether a packed ref is a folder of <paramref name="name"/> or has it as a folder (refs/a vs refs/a/b).</summary>
    public bool ConflictsWith(string name) =>
        _refs.Keys.Any(k => name.StartsWith(k + "/", StringComparison.Ordinal) || k.StartsWith(name + "/", StringComparison.Ordinal));
}
