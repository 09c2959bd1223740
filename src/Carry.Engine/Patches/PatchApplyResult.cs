namespace Carry.Patches;

/// <summary>A file's state after a patch: new content and mode, or deletion.</summary>
/// <param name="Path">Tree path.</param>
/// <param name="Content">The new bytes, or null when the patch deletes the file.</param>
/// <param name="Mode">The file's mode when the patch sets or carries one (e.g. <c>0o100755</c>), else null (unchanged).</param>
public sealed record FileChange(string Path, byte[]? Content, int? Mode)
{
    /// <summary>True when the file is deleted.</summary>
    public bool IsDeletion => Content is null;
}

/// <summary>How one file diff of a patch went.</summary>
/// <param name="Diff">The diff, as read from the patch.</param>
/// <param name="Path">The tree path written (or deleted), once resolved; null when the names were refused.</param>
/// <param name="SourcePath">For renames and copies, the tree path read from; else the same as <paramref name="Path"/>.</param>
/// <param name="Result">The outcome.</param>
public sealed record FileApplyReport(FileDiff Diff, string? Path, string? SourcePath, FileApplyResult Result);

/// <summary>The outcome of applying a whole patch onto a set of files.</summary>
public sealed class PatchApplyResult
{
    internal PatchApplyResult(IReadOnlyList<FileChange> changes, IReadOnlyList<FileApplyReport> files)
    {
        Changes = changes;
        Files = files;
    }

    /// <summary>
    /// The final state of every path the patch touched, in the order first touched, one entry per
    /// path. Only complete when <see cref="Succeeded"/>; after a failure it holds the files that did apply.
    /// </summary>
    public IReadOnlyList<FileChange> Changes { get; }

    /// <summary>One report per file diff, in patch order.</summary>
    public IReadOnlyList<FileApplyReport> Files { get; }

    /// <summary>True when no file diff failed.</summary>
    public bool Succeeded => Files.All(f => f.Result.Succeeded);

    /// <summary>The worst status over all files (skipped counts below failed, above fuzz).</summary>
    public ApplyStatus Status => Files.Count == 0 ? ApplyStatus.Clean : Files.Max(f => f.Result.Status);
}
