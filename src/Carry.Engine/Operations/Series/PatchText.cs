using System.Text;
using Carry.Git;

namespace Carry.Operations.Series;

/// <summary>
/// A patch as range-diff compares it, in <c>git range-diff</c>'s manner: its author, its message
/// (indented), then each file's diff with <c>index</c> lines left out and the line numbers of
/// <c>@@</c> headers dropped, so a patch that only moved within its files compares equal.
/// </summary>
/// <param name="Message">The metadata and message part.</param>
/// <param name="Diff">The diff part (each file under a <c> ## path ##</c> line).</param>
public sealed record PatchText(string Message, string Diff)
{
    /// <summary>The whole text: message then diff.</summary>
    public string Full => Message + Diff;

    /// <summary>Number of lines of the diff part: the size of the patch.</summary>
    public int Size => Diff.Count(ch => ch == '\n');

    /// <summary>The texts of many commits, each against its first parent, with one git process.</summary>
    public static Dictionary<Oid, PatchText> Read(CarryRepository repo, IEnumerable<Oid> commits)
    {
        var wanted = commits.Distinct().ToList();
        var result = new Dictionary<Oid, PatchText>();
        if (wanted.Count == 0) return result;
        var output = Diffs.OfCommits(repo, wanted);
        var diffs = Split(output, wanted.Select(c => c.Hex).ToHashSet());
        foreach (var commit in wanted)
        {
            var data = repo.Objects.ReadCommit(commit);
            var message = new StringBuilder();
            message.Append(" ## Metadata ##\nAuthor: ").Append(data.Author.Identity).Append("\n\n ## Commit message ##\n");
            foreach (var line in data.Message.TrimEnd('\n').Split('\n')) message.Append(line.Length == 0 ? "" : "    " + line).Append('\n');
            message.Append('\n');
            result[commit] = new PatchText(message.ToString(), Normalize(diffs.GetValueOrDefault(commit.Hex, [])));
        }
        return result;
    }

    // diff-tree --stdin prints each commit's id on a line of its own, then its diff.
    private static Dictionary<string, List<string>> Split(string output, HashSet<string> ids)
    {
        var result = new Dictionary<string, List<string>>();
        List<string>? current = null;
        foreach (var line in output.Split('\n'))
        {
            if (line.Length == 40 && ids.Contains(line)) result[line] = current = [];
            else current?.Add(line);
        }
        return result;
    }

    private static string Normalize(List<string> lines)
    {
        var sb = new StringBuilder();
        string? index = null;
        foreach (var line in lines)
        {
            if (line.StartsWith("diff --git ", StringComparison.Ordinal))
            {
                sb.Append(" ## ").Append(PathOf(line[11..])).Append(" ##\n");
                index = null;
            }
            else if (line.StartsWith("index ", StringComparison.Ordinal)) index = line[6..];
            else if (line.StartsWith("--- ", StringComparison.Ordinal) || line.StartsWith("+++ ", StringComparison.Ordinal)) continue;
            else if (line.StartsWith("@@ ", StringComparison.Ordinal))
            {
                var end = line.IndexOf(" @@", 3, StringComparison.Ordinal);
                var section = end < 0 ? "" : line[(end + 3)..].Trim();
                sb.Append(section.Length == 0 ? "@@" : "@@ " + section).Append('\n');
            }
            else if (line.StartsWith("Binary files ", StringComparison.Ordinal) || line == "GIT binary patch")
                // No lines to compare: the blob ids say whether the content changed.
                sb.Append("Binary ").Append(index?.Split(' ')[0] ?? "").Append('\n');
            else if (line.Length > 0) sb.Append(line).Append('\n');
        }
        return sb.ToString();
    }

    // "a/x b/x" → "x"; anything else (renames, quoted names) as git printed it.
    private static string PathOf(string rest)
    {
        if (rest.Length % 2 == 1)
        {
            var half = (rest.Length - 1) / 2;
            var (left, right) = (rest[..half], rest[(half + 1)..]);
            if (left.Length > 2 && left[2..] == right[2..] && left.StartsWith("a/", StringComparison.Ordinal) && right.StartsWith("b/", StringComparison.Ordinal))
                return left[2..];
        }
        return rest;
    }
}
