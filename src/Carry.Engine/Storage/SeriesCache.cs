using System.Text;
using Carry.Paths;
using Carry.Git;
using Carry.Model;

namespace Carry.Storage;

/// <summary>
/// What <c>carry series</c> shows, kept beside the repository so that it can be shown without
/// loading libgit2: the stack file of one state commit and the subject of each of its patches.
/// An entry is valid only for the stack ref name and value it was made from, and objects never
/// change under an id, so it can be stale (another value: not used) but never wrong. The file is
/// <c>carry-series-cache</c> in the work tree's git folder, written after each command that
/// changes the stack and by a <c>carry series</c> that found it stale (docs/storage.md):
/// <code>
/// carry-series-cache 1
/// ref refs/carry/BRANCH RECORD-ID
/// subject COMMIT-ID PERCENT-ENCODED-SUBJECT   (one per patch)
/// stack LENGTH-IN-BYTES
/// THE STACK FILE, as stored in the state commit
/// </code>
/// </summary>
public static class SeriesCache
{
    /// <summary>The file's name in the git folder.</summary>
    public const string FileName = "carry-series-cache";

    private const string Header = "carry-series-cache 1";

    /// <summary>A stack state and its patches' subjects, as <c>carry series</c> needs them, read from <paramref name="Repository"/> for the stack of <paramref name="Branch"/>.</summary>
    public sealed record Entry(StackState State, IReadOnlyDictionary<Oid, string> Subjects, PlainRepository Repository, string Branch);

    /// <summary>
    /// The entry for the stack of the branch checked out in the plain repository containing
    /// <paramref name="path"/>, read without libgit2; null whenever anything is other than
    /// plain: not such a repository, a detached HEAD, a journal left by an interrupted command
    /// (opening the stack finishes it first), no stack, or no entry for the stack ref's value.
    /// </summary>
    public static Entry? TryRead(string path)
    {
        if (PlainRepository.Find(path) is not { } repo || repo.CurrentBranch() is not { } branch || Journal.Exists(repo.GitDir)) return null;
        var name = StackStore.RefFor(branch);
        if (repo.ReadRef(name) is not { } record) return null;
        var file = Path.Combine(repo.GitDir, FileName);
        if (!File.Exists(file)) return null;
        try
        {
            return Parse(File.ReadAllText(file, Encoding.UTF8), name, record) is { } parsed ? new Entry(parsed.State, parsed.Subjects, repo, branch) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidDataException or ArgumentException or KeyNotFoundException)
        {
            return null; // a damaged cache is only a missed one
        }
    }

    /// <summary>The entry in <paramref name="text"/> when it was made for <paramref name="refName"/> at <paramref name="record"/>, else null.</summary>
    internal static (StackState State, Dictionary<Oid, string> Subjects)? Parse(string text, string refName, Oid record)
    {
        var lines = text.Split('\n');
        if (lines.Length < 3 || lines[0] != Header || lines[1] != $"ref {refName} {record.Hex}") return null;
        var subjects = new Dictionary<Oid, string>();
        var i = 2;
        for (; i < lines.Length && lines[i].StartsWith("subject ", StringComparison.Ordinal); i++)
        {
            var fields = lines[i].Split(' ');
            if (fields.Length != 3 || !Oid.IsValid(fields[1])) return null;
            subjects[new Oid(fields[1])] = StackFile.PercentDecode(fields[2], i + 1);
        }
        if (i == lines.Length || !lines[i].StartsWith("stack ", StringComparison.Ordinal) || !int.TryParse(lines[i].AsSpan(6), out var length)) return null;
        var offset = lines.Take(i + 1).Sum(l => l.Length + 1);
        // The length catches a file cut short (written, renamed, then power lost before it reached the disk).
        if (Encoding.UTF8.GetByteCount(text.AsSpan(offset)) != length) return null;
        var state = StackFile.Parse(text[offset..]);
        return state.All.All(p => subjects.ContainsKey(p.Commit)) ? (state, subjects) : null;
    }

    /// <summary>The file's text for one state.</summary>
    internal static string Format(string refName, Oid record, StackState state, Func<Oid, string> subject)
    {
        var stack = StackFile.Format(state);
        var sb = new StringBuilder();
        sb.Append(Header).Append('\n').Append("ref ").Append(refName).Append(' ').Append(record.Hex).Append('\n');
        foreach (var commit in state.All.Select(p => p.Commit).Distinct())
            sb.Append("subject ").Append(commit.Hex).Append(' ').Append(StackFile.PercentEncode(subject(commit))).Append('\n');
        sb.Append("stack ").Append(Encoding.UTF8.GetByteCount(stack)).Append('\n').Append(stack);
        return sb.ToString();
    }

    /// <summary>
    /// Writes the entry for a stack state the repository's stack ref now holds (a new file renamed
    /// over the old). Best effort: a read-only or full disk costs only the next series' speed.
    /// </summary>
    public static void Write(CarryRepository repo, string branch, Oid record, StackState state)
    {
        if (!PlainRepository.CanRead(repo)) return; // never read there: not worth a file
        try
        {
            var text = Format(StackStore.RefFor(branch), record, state, c => repo.Objects.ReadCommit(c).Subject);
            ReplacedFile.Write(Path.Combine(repo.GitDir, FileName), Encoding.UTF8.GetBytes(text), FileName + ".");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or MissingObjectException)
        {
            // not written: the next series reads the repository
        }
    }
}
