using Carry.Git;
using Carry.Patches;

namespace Carry.Formats;

/// <summary>How a whole patch went onto a tree, from best to worst.</summary>
public enum PatchFit
{
    /// <summary>Every hunk matched where the patch said.</summary>
    Clean,
    /// <summary>Every hunk matched exactly, some at other lines.</summary>
    Offset,
    /// <summary>Some hunk matched only with fuzz (context lines ignored at its edges).</summary>
    Fuzz,
    /// <summary>Some file was merged from the blobs its <c>index</c> line names (3-way).</summary>
    ThreeWay,
    /// <summary>The patch does not apply; nothing was changed.</summary>
    Failed,
}

/// <summary>How one file of a patch went.</summary>
/// <param name="Path">The tree path (as text).</param>
/// <param name="Status">Clean, offset, fuzz, skipped or failed, as the hunk search found it.</param>
/// <param name="ThreeWay">True when the hunks did not fit and a 3-way merge from the <c>index</c> blobs made it.</param>
/// <param name="Offset">Largest hunk offset (GNU patch's count), with its sign.</param>
/// <param name="Fuzz">Largest fuzz a hunk needed.</param>
/// <param name="Note">Why a file was skipped, or other remark.</param>
public sealed record FileFit(string Path, ApplyStatus Status, bool ThreeWay, int Offset, int Fuzz, string? Note);

/// <summary>Why a patch did not apply: which file, which hunk (1-based, 0 when not about a hunk), and why.</summary>
/// <param name="Path">The file (as the patch names it, or the tree path).</param>
/// <param name="Hunk">1-based hunk index, or 0.</param>
/// <param name="Message">What went wrong, for people.</param>
/// <param name="Kind">The applier's failure kind, or null for tree-level refusals (symlinks, file/folder clashes).</param>
public sealed record ApplyProblem(string Path, int Hunk, string Message, ApplyFailureKind? Kind);

/// <summary>The outcome of applying a patch file onto a tree in memory.</summary>
/// <param name="Tree">The new tree, or null when the patch did not apply.</param>
/// <param name="Fit">The worst fit over all files.</param>
/// <param name="Files">One entry per file diff that was applied or skipped.</param>
/// <param name="Problems">Every failing file (empty on success): all are reported at once.</param>
public sealed record TreeApplyResult(Oid? Tree, PatchFit Fit, IReadOnlyList<FileFit> Files, IReadOnlyList<ApplyProblem> Problems)
{
    /// <summary>True when the patch applied.</summary>
    public bool Succeeded => Tree is not null;

    /// <summary>Largest offset over all files, with its sign.</summary>
    public int Offset => Files.Select(f => f.Offset).DefaultIfEmpty(0).MaxBy(Math.Abs);

    /// <summary>Largest fuzz over all files.</summary>
    public int Fuzz => Files.Select(f => f.Fuzz).DefaultIfEmpty(0).Max();

    /// <summary>Files left unchanged on purpose (binary changes without data under the skip policy).</summary>
    public IEnumerable<FileFit> Skipped => Files.Where(f => f.Status == ApplyStatus.Skipped);

    /// <summary>"clean", "offset 12", "fuzz 1", "3-way": the fit in the words of a sync report.</summary>
    public string Describe() => Fit switch
    {
        PatchFit.Clean => "clean",
        PatchFit.Offset => $"offset {Offset}",
        PatchFit.Fuzz => $"fuzz {Fuzz}",
        PatchFit.ThreeWay => "3-way",
        _ => "failed",
    };
}
