using System.Text;
using Carry.Git;
using Carry.Patches;

namespace Carry.Formats;

/// <summary>
/// How an imported patch file writes its diffs, so a changed patch can be written again the
/// same way: path prefixes (<c>a/</c>, <c>glibc-2.36.orig/</c>, none for <c>-p0</c>), git
/// headers or plain ones, <c>index</c> lines and their abbreviation, quilt's <c>Index:</c> lines.
/// </summary>
/// <param name="OldPrefix">What precedes the tree path on the old side.</param>
/// <param name="NewPrefix">What precedes it on the new side.</param>
/// <param name="Git">True when the file used <c>diff --git</c> headers.</param>
/// <param name="IndexLength">Digits of the <c>index</c> line ids, or 0 when it had none.</param>
/// <param name="QuiltIndex">True when each diff was preceded by quilt's <c>Index:</c> and <c>====</c> lines.</param>
/// <param name="Renames">True when the file recorded renames or copies (else they are written as delete + add).</param>
public sealed record DiffStyle(string OldPrefix, string NewPrefix, bool Git, int IndexLength, bool QuiltIndex, bool Renames)
{
    /// <summary>git's own style: <c>a/</c>, <c>b/</c>, git headers, abbreviated index lines.</summary>
    public static DiffStyle GitDefault { get; } = new("a/", "b/", true, 7, false, true);

    /// <summary>The style of <paramref name="patch"/>, applied at <paramref name="strip"/>.</summary>
    /// <param name="patch">The parsed original file.</param>
    /// <param name="strip">Its <c>-p</c> level.</param>
    public static DiffStyle Of(PatchFile patch, int strip)
    {
        if (patch.Files.Count == 0) return GitDefault;
        var first = patch.Files[0];
        // A created file has no old name (and a deleted one no new name): look further.
        var oldPrefix = patch.Files.Select(f => Prefix(f.OldPath, strip)).FirstOrDefault(p => p is not null) ?? "a/";
        var newPrefix = patch.Files.Select(f => Prefix(f.NewPath, strip)).FirstOrDefault(p => p is not null) ?? "b/";
        var index = patch.Files.FirstOrDefault(f => f.OldIndex is not null)?.OldIndex?.Length ?? 0;
        var quilt = Encoding.UTF8.GetString(first.Preamble.Span).Split('\n').Any(l => l.StartsWith("Index: ", StringComparison.Ordinal));
        var renames = patch.Files.Any(f => f.Kind is FileChangeKind.Renamed or FileChangeKind.Copied);
        return new DiffStyle(oldPrefix, newPrefix, patch.Files.Any(f => f.IsGit), index, quilt, renames);
    }

    /// <summary>The part of a name that <c>-p</c> strips: the name minus its tree path.</summary>
    private static string? Prefix(PatchPath? path, int strip)
    {
        if (path is null || !path.TryStrip(strip, out _, out _)) return null;
        // Byte-faithful (one char per byte), like the diff text this is matched against.
        var tree = Encoding.Latin1.GetString(path.StripToBytes(strip));
        var whole = Encoding.Latin1.GetString(path.Raw);
        return whole.EndsWith(tree, StringComparison.Ordinal) ? whole[..^tree.Length] : null;
    }

    /// <summary>The <c>git diff</c> options that produce this style (plain headers are made from git's afterwards).</summary>
    public DiffOptions GitOptions() => new(OldPrefix, NewPrefix, Renames, Binary: Git, IndexLength);

    private static readonly string[] PlainSafeHeaders = ["index ", "new file mode 100644", "deleted file mode 100644"];

    /// <summary>
    /// Rewrites git's output in this style. Plain style drops <c>diff --git</c> and <c>index</c>
    /// lines (and adds quilt's <c>Index:</c> lines when the original had them), but only for files
    /// a plain diff can describe: a mode change, rename or binary file keeps its git header, so
    /// nothing is lost, at the price of a mixed style.
    /// </summary>
    /// <param name="gitDiff">The output of <c>git diff</c> with <see cref="GitOptions"/>, one char per byte (Latin-1).</param>
    public string Restyle(string gitDiff)
    {
        if (Git && IndexLength > 0) return gitDiff;
        var sb = new StringBuilder();
        foreach (var chunk in Chunks(gitDiff))
        {
            var lines = chunk.Split('\n');
            var headerEnd = Array.FindIndex(lines, l => l.StartsWith("--- ", StringComparison.Ordinal) || l.StartsWith("@@", StringComparison.Ordinal) || l.StartsWith("GIT binary", StringComparison.Ordinal) || l.StartsWith("Binary files", StringComparison.Ordinal));
            var extended = headerEnd < 0 ? lines[1..] : lines[1..headerEnd];
            var plainable = headerEnd >= 0 && lines[headerEnd].StartsWith("--- ", StringComparison.Ordinal)
                && extended.All(l => l.Length == 0 || PlainSafeHeaders.Any(p => l.StartsWith(p, StringComparison.Ordinal)));
            if (Git)
            {
                // Git style without index lines: drop just those.
                sb.Append(string.Join('\n', lines.Where(l => !(l.StartsWith("index ", StringComparison.Ordinal) && Array.IndexOf(lines, l) < (headerEnd < 0 ? lines.Length : headerEnd)))));
                continue;
            }
            if (!plainable)
            {
                sb.Append(chunk);
                continue;
            }
            if (QuiltIndex)
            {
                var plus = lines[headerEnd + 1];
                var name = plus.StartsWith("+++ /dev/null", StringComparison.Ordinal) ? lines[headerEnd][4..] : plus[4..];
                sb.Append("Index: ").Append(name.Split('\t')[0]).Append('\n').Append('=', 67).Append('\n');
            }
            sb.Append(string.Join('\n', lines[headerEnd..]));
        }
        return sb.ToString();
    }

    /// <summary>git's output split at each <c>diff --git</c> line, every chunk keeping its text exactly.</summary>
    private static IEnumerable<string> Chunks(string diff)
    {
        var starts = new List<int>();
        if (diff.StartsWith("diff --git ", StringComparison.Ordinal)) starts.Add(0);
        for (var i = diff.IndexOf("\ndiff --git ", StringComparison.Ordinal); i >= 0; i = diff.IndexOf("\ndiff --git ", i + 1, StringComparison.Ordinal))
            starts.Add(i + 1);
        for (var k = 0; k < starts.Count; k++)
            yield return diff[starts[k]..(k + 1 < starts.Count ? starts[k + 1] : diff.Length)];
    }
}
