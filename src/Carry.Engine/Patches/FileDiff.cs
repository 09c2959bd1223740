namespace Carry.Patches;

/// <summary>
/// The change a patch makes to one file: its names, git's extended header facts, and its hunks
/// or binary data. Names keep their prefix (<c>a/</c>, <c>b/</c>, <c>glibc.orig/</c>); choose
/// the tree path with <see cref="PatchPath.Strip"/> or <see cref="Path"/>.
/// </summary>
public sealed record FileDiff
{
    /// <summary>Name on the old side; null for <c>/dev/null</c> (a created file).</summary>
    public PatchPath? OldPath { get; init; }

    /// <summary>Name on the new side; null for <c>/dev/null</c> (a deleted file).</summary>
    public PatchPath? NewPath { get; init; }

    /// <summary>What happens to the file as a whole.</summary>
    public FileChangeKind Kind { get; init; }

    /// <summary>True when the diff started with a <c>diff --git</c> line.</summary>
    public bool IsGit { get; init; }

    /// <summary>Old mode (e.g. <c>0o100644</c>), from <c>old mode</c>, <c>deleted file mode</c> or <c>index</c>.</summary>
    public int? OldMode { get; init; }

    /// <summary>New mode, from <c>new mode</c>, <c>new file mode</c> or <c>index</c>.</summary>
    public int? NewMode { get; init; }

    /// <summary>Old blob id as written on the <c>index</c> line (often abbreviated).</summary>
    public string? OldIndex { get; init; }

    /// <summary>New blob id as written on the <c>index</c> line (often abbreviated).</summary>
    public string? NewIndex { get; init; }

    /// <summary>Percentage from <c>similarity index N%</c>, for renames and copies.</summary>
    public int? Similarity { get; init; }

    /// <summary>Percentage from <c>dissimilarity index N%</c>, for rewrites.</summary>
    public int? Dissimilarity { get; init; }

    /// <summary>Text after the old name on the <c>---</c> line (a timestamp, usually), without the separating tab.</summary>
    public string? OldTimestamp { get; init; }

    /// <summary>Text after the new name on the <c>+++</c> line.</summary>
    public string? NewTimestamp { get; init; }

    /// <summary>Text hunks, in file order.</summary>
    public IReadOnlyList<Hunk> Hunks { get; init; } = [];

    /// <summary>Binary change, or null for a text diff.</summary>
    public BinaryDiff? Binary { get; init; }

    /// <summary>1-based line in the patch file where this diff's header starts (0 when built in code).</summary>
    public int Line { get; init; }

    /// <summary>
    /// Bytes between the previous diff (or the patch header) and this diff's header: quilt's
    /// <c>Index:</c> and <c>====</c> lines, <c>diff -ruN …</c> command lines, <c>Only in</c> notes.
    /// </summary>
    public ReadOnlyMemory<byte> Preamble { get; init; }

    /// <summary>This diff's bytes exactly as in the patch file, from its first header line to its last hunk or data line.</summary>
    public ReadOnlyMemory<byte> Raw { get; init; }

    /// <summary>True when the change is to a binary file (with or without data).</summary>
    public bool IsBinary => Binary is not null;

    /// <summary>True when only names or modes change: no hunks and no binary data.</summary>
    public bool HasNoContentChange => Hunks.Count == 0 && Binary is null;

    /// <summary>
    /// The tree path this diff is about, with <paramref name="strip"/> leading components removed:
    /// the new name, or the old one for a deletion. For plain (non-git) diffs whose two names
    /// differ after stripping, GNU patch's choice among them is used (fewest components, then
    /// shortest base name, then shortest name); <see cref="PatchApplier"/> also prefers names
    /// that exist in the tree, as GNU patch does.
    /// </summary>
    /// <param name="strip">Leading components to remove, as <c>patch -pN</c>.</param>
    /// <exception cref="PatchPathException">The chosen name is unsafe or too short.</exception>
    public string Path(int strip)
    {
        if (IsGit || OldPath is null || NewPath is null)
            return (Kind == FileChangeKind.Deleted ? OldPath ?? NewPath : NewPath ?? OldPath)!.Strip(strip);
        return PathChooser.Best([OldPath, NewPath], strip, exists: null) ?? NewPath.Strip(strip);
    }

    /// <summary>
    /// The diff that undoes this one (<c>patch -R</c>): sides, modes, hunks and binary data swapped.
    /// A reversed copy stays <see cref="FileChangeKind.Copied"/> (a plain diff cannot say "remove
    /// the copy"); <see cref="PatchApplier"/> handles undoing a copy itself.
    /// </summary>
    public FileDiff Reverse()
    {
        var hunks = new Hunk[Hunks.Count];
        for (var i = 0; i < hunks.Length; i++)
            hunks[i] = Hunks[i].Reverse();
        return this with
        {
            OldPath = NewPath,
            NewPath = OldPath,
            Kind = Kind switch
            {
                FileChangeKind.Added => FileChangeKind.Deleted,
                FileChangeKind.Deleted => FileChangeKind.Added,
                _ => Kind,
            },
            OldMode = NewMode,
            NewMode = OldMode,
            OldIndex = NewIndex,
            NewIndex = OldIndex,
            OldTimestamp = NewTimestamp,
            NewTimestamp = OldTimestamp,
            Hunks = hunks,
            Binary = Binary?.Swap(),
        };
    }
}
