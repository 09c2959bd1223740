using System.Text;
using Carry.Git;
using Carry.Paths;

namespace Carry.Storage;

/// <summary>
/// What a transaction is about to do to the working tree and refs, written before it starts.
/// If the process dies part-way, the next run in the same working tree finishes it (see
/// <c>Recovery</c>): the new objects are already stored, so finishing is always possible. The
/// journal lives in the working tree's own git folder (<c>.git/carry-journal</c>, or
/// <c>.git/worktrees/&lt;name&gt;/carry-journal</c>), next to the index it describes, and is
/// removed only once its recovery is complete.
/// </summary>
/// <param name="Command">The interrupted command line, for messages.</param>
/// <param name="BranchRef">The branch being moved (refs/heads/…).</param>
/// <param name="StateRef">The stack ref being moved (refs/carry/…).</param>
/// <param name="OldHead">The branch before.</param>
/// <param name="NewHead">The branch after.</param>
/// <param name="OldState">The stack record before (null: no stack yet).</param>
/// <param name="NewState">The stack record after (null: the stack is removed).</param>
/// <param name="FromTree">The tree the working tree held when the step started.</param>
/// <param name="ToTree">The tree it must hold afterwards.</param>
/// <param name="IndexTree">The tree the index must hold afterwards when it is not <paramref name="ToTree"/> (undoing a refresh).</param>
public sealed record Journal(
    string Command, string BranchRef, string StateRef, Oid OldHead, Oid NewHead, Oid? OldState, Oid? NewState,
    Oid FromTree, Oid ToTree, Oid? IndexTree = null)
{
    private const string FileName = "carry-journal";

    /// <summary>Where the journal of the working tree whose git folder is <paramref name="gitDir"/> lives.</summary>
    public static string PathIn(string gitDir) => Path.Combine(gitDir, FileName);

    /// <summary>True when an interrupted command left a journal in this working tree.</summary>
    public static bool Exists(string gitDir) => File.Exists(PathIn(gitDir));

    /// <summary>
    /// Writes the journal whole or not at all (a temporary file renamed into place), so a
    /// kill while writing leaves either no journal or a complete one.
    /// </summary>
    public static void Write(string gitDir, Journal journal)
    {
        ReplacedFile.Write(PathIn(gitDir), Encoding.UTF8.GetBytes(journal.Format()), FileName + ".");
    }

    /// <summary>The journal an interrupted command left, or null; one that cannot be parsed is reported, not ignored.</summary>
    public static Journal? Read(string gitDir)
    {
        var path = PathIn(gitDir);
        // Looked for first: there is none after almost every command, and an exception's first
        // throw in a NativeAOT process costs more than the whole check (a race still ends in the catch).
        if (!File.Exists(path)) return null;
        string text;
        try { text = File.ReadAllText(path); }
        catch (FileNotFoundException) { return null; }
        return Parse(text) ?? throw new CarryException(
            $"'{path}' (the journal of an interrupted carry command) cannot be read",
            "'git status' and 'carry status' show where things are; remove that file to go on.");
    }

    /// <summary>Forgets the journal once the step it describes is complete.</summary>
    public static void Clear(string gitDir) => File.Delete(PathIn(gitDir));

    /// <summary>The journal as text lines.</summary>
    public string Format()
    {
        var sb = new StringBuilder();
        sb.Append("journal 2\n");
        sb.Append($"command {Command.Replace('\n', ' ')}\n");
        sb.Append($"branch-ref {BranchRef}\nstate-ref {StateRef}\n");
        sb.Append($"old-head {OldHead.Hex}\nnew-head {NewHead.Hex}\n");
        if (OldState is { } o) sb.Append($"old-state {o.Hex}\n");
        if (NewState is { } n) sb.Append($"new-state {n.Hex}\n");
        sb.Append($"from-tree {FromTree.Hex}\nto-tree {ToTree.Hex}\n");
        if (IndexTree is { } i) sb.Append($"index-tree {i.Hex}\n");
        sb.Append("end\n");
        return sb.ToString();
    }

    /// <summary>Reads a journal back from its text; null if it is not a complete journal.</summary>
    public static Journal? Parse(string text)
    {
        var f = RepoLock.Fields(text);
        if (!f.ContainsKey("journal") || !text.EndsWith("end\n", StringComparison.Ordinal)) return null;
        Oid? Opt(string key) => f.TryGetValue(key, out var v) ? new Oid(v) : null;
        try
        {
            return new Journal(f.GetValueOrDefault("command", "?"), f["branch-ref"], f["state-ref"], new Oid(f["old-head"]), new Oid(f["new-head"]),
                Opt("old-state"), Opt("new-state"), new Oid(f["from-tree"]), new Oid(f["to-tree"]), Opt("index-tree"));
        }
        catch (Exception e) when (e is KeyNotFoundException or ArgumentException or FormatException)
        {
            return null;
        }
    }
}
