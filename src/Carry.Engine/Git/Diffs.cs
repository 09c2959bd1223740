namespace Carry.Git;

/// <summary>How <see cref="Diffs.Between"/> writes a diff (git's plumbing options, typed).</summary>
/// <param name="OldPrefix">What precedes each old path (<c>a/</c>; empty for none).</param>
/// <param name="NewPrefix">What precedes each new path (<c>b/</c>; empty for none).</param>
/// <param name="Renames">Detect renames (<c>-M</c>) rather than writing delete + add.</param>
/// <param name="Binary">Write binary changes as git binary patches.</param>
/// <param name="IndexLength">Digits of the <c>index</c> line ids (40 or more: full ids).</param>
public sealed record DiffOptions(string OldPrefix, string NewPrefix, bool Renames, bool Binary, int IndexLength);

/// <summary>
/// Diffs and mails that git writes byte for byte: Carry must produce exactly what git would
/// (renames, binary patches, mail headers), so it asks git rather than imitating it.
/// </summary>
public static class Diffs
{
    /// <summary>The diff between two trees or commits, byte for byte, ignoring the user's diff config.</summary>
    public static byte[] Between(CarryRepository repo, Oid from, Oid to, DiffOptions options)
    {
        List<string> args = ["-c", "diff.noprefix=false", "-c", "diff.mnemonicPrefix=false", "diff",
            "--no-color", "--no-ext-diff", "--no-textconv", options.Renames ? "-M" : "--no-renames"];
        if (options.OldPrefix.Length == 0 && options.NewPrefix.Length == 0) args.Add("--no-prefix");
        else args.AddRange(["--src-prefix=" + options.OldPrefix, "--dst-prefix=" + options.NewPrefix]);
        if (options.Binary) args.Add("--binary");
        if (options.IndexLength >= 40) args.Add("--full-index");
        else if (options.IndexLength > 0) args.Add($"--abbrev={options.IndexLength}");
        args.AddRange([from.Hex, to.Hex, "--"]);
        return repo.Git.CheckBytes(args);
    }

    /// <summary><c>git format-patch</c> of one commit, as a mail (an empty commit too: <c>--always</c>).</summary>
    public static byte[] FormatPatch(CarryRepository repo, Oid commit) =>
        repo.Git.CheckBytes(["format-patch", "-1", "--always", "--stdout", "-N", commit.Hex]);

    /// <summary><c>git format-patch</c> of every commit in <paramref name="from"/>..<paramref name="to"/>, as one mbox.</summary>
    /// <remarks>Empty commits are included (<c>--always</c>): an empty patch is still one of the series' mails.</remarks>
    public static byte[] FormatPatches(CarryRepository repo, Oid from, Oid to) =>
        repo.Git.CheckBytes(["format-patch", "--always", "--stdout", $"{from.Hex}..{to.Hex}"]);

    /// <summary>
    /// Each commit's diff against its first parent (renames detected, full index ids, paths
    /// unquoted), one <c>diff-tree</c> process for all; each diff follows a line with the commit's id.
    /// </summary>
    public static string OfCommits(CarryRepository repo, IEnumerable<Oid> commits) =>
        repo.Git.Check(
            ["-c", "core.quotePath=false", "diff-tree", "--stdin", "--always", "--root", "-p", "-M", "--no-color", "--no-ext-diff", "--no-textconv", "--full-index"],
            string.Concat(commits.Select(c => c.Hex + "\n")));

    /// <summary>A commit as <c>git show --format=fuller</c> prints it, with its diff and diffstat (or only the diffstat).</summary>
    public static string Show(CarryRepository repo, Oid commit, bool statOnly, bool color) =>
        repo.Git.Check(["show", Color(color), "--format=fuller", statOnly ? "--stat" : "--patch-with-stat", commit.Hex]);

    /// <summary>The diff as <c>git diff</c> prints it for the user: between two commits, or (with <paramref name="from"/> null) local changes against HEAD.</summary>
    public static string ForUser(CarryRepository repo, Oid? from, Oid? to, bool statOnly, bool color)
    {
        List<string> args = ["diff", Color(color)];
        if (statOnly) args.Add("--stat");
        if (from is { } f && to is { } t) args.AddRange([f.Hex, t.Hex]);
        else args.Add("HEAD");
        return repo.Git.Check(args);
    }

    /// <summary>What changed between two commits as <c>git diff --stat</c> prints it (at most <paramref name="files"/> file lines, then the summary line).</summary>
    public static string Stat(CarryRepository repo, Oid from, Oid to, int files) =>
        repo.Git.Check(["diff", "--no-color", "--stat", $"--stat-count={files}", from.Hex, to.Hex, "--"]);

    /// <summary>The working tree's changes as <c>git status --short</c> lists them.</summary>
    public static string ShortStatus(CarryRepository repo) => ShortStatus(repo.Git);

    internal static string ShortStatus(GitCli git) => git.Check(["status", "--short"]);

    /// <summary>
    /// The work tree's changes as <c>git status --porcelain -z</c> (v1) gives them: the real paths,
    /// not the C-quoted display form of <c>--short</c>, for output that programs read.
    /// </summary>
    public static IReadOnlyList<LocalChange> PorcelainStatus(CarryRepository repo) => PorcelainStatus(repo.Git);

    internal static IReadOnlyList<LocalChange> PorcelainStatus(GitCli git)
    {
        var fields = git.Check(["status", "--porcelain", "-z"]).Split('\0');
        var changes = new List<LocalChange>();
        for (var i = 0; i < fields.Length; i++)
        {
            if (fields[i].Length < 4) continue; // the empty field after the last NUL
            var (status, path) = (fields[i][..2], fields[i][3..]);
            // A rename or copy (in the index, or in the work tree with status.renames) is
            // followed by the path it came from, in a field of its own.
            var from = status.AsSpan().IndexOfAny('R', 'C') >= 0 && i + 1 < fields.Length ? fields[++i] : null;
            changes.Add(new LocalChange(status, path, from));
        }
        return changes;
    }

    private static string Color(bool color) => color ? "--color=always" : "--color=never";
}

/// <summary>One local change, as <c>git status --porcelain -z</c> gives it.</summary>
/// <param name="Status">The two status letters (index, work tree): <c>" M"</c>, <c>"A "</c>, <c>"R "</c>, <c>"??"</c>…</param>
/// <param name="Path">The path, as it is (no quoting); for a rename or copy, the new path.</param>
/// <param name="From">For a rename or copy, the path it came from; else null.</param>
public sealed record LocalChange(string Status, string Path, string? From = null);
