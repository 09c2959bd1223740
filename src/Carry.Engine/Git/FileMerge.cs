using System.Runtime.InteropServices;

namespace Carry.Git;

/// <summary>
/// A 3-way merge of one file's contents, done in process by libgit2's xdiff (the merge code git
/// uses). Only clean results are used; any conflict is left to git itself, so conflict markers
/// are always git's own (see <c>Replay.TreeMerge</c>).
/// </summary>
/// <remarks>
/// git's rebase and cherry-pick (merge-ort) diff both sides with the histogram algorithm, which
/// libgit2's merge cannot select; with its default (Myers) a merge can come out clean where git
/// conflicts, dropping one side's change (a random case of <c>SyncVerdictTests</c> found one:
/// three deleted lines, one of them also edited upstream). So a merge is taken only when the
/// Myers and the patience merges (patience is the algorithm histogram extends) are both clean
/// and identical; otherwise git merges. A patch applied with a 3-way fallback is the exception:
/// <c>git apply -3</c> merges with Myers, so there the Myers merge alone is taken.
/// </remarks>
internal static unsafe class FileMerge
{
    // libgit2's GIT_MERGE_FILE_DIFF_PATIENCE.
    private const uint Patience = 1u << 6;

    /// <summary>The merged bytes, or null when the merge conflicts, a side is binary, or the two diff algorithms disagree.</summary>
    /// <param name="ancestor">The merge base's content.</param>
    /// <param name="ours">One side.</param>
    /// <param name="theirs">The other side.</param>
    /// <param name="conflictStyle">
    /// git's <c>merge.conflictStyle</c> (merge, diff3, zdiff3). It matters even for a clean
    /// result: with diff3, xdiff refines conflicts only eagerly, not zealously (xmerge.c), so
    /// some merges that are clean in the default style conflict in git.
    /// </param>
    /// <param name="asApply">
    /// The merge <c>git apply -3</c> makes, which diffs with Myers: the Myers merge alone is the
    /// reference there. Otherwise (replays, sync) git's rebase is, and both must agree.
    /// </param>
    public static byte[]? TryMerge(byte[] ancestor, byte[] ours, byte[] theirs, string? conflictStyle = null, bool asApply = false)
    {
        var style = StyleFlag(conflictStyle);
        var myers = Merge(ancestor, ours, theirs, style);
        if (myers is null || asApply) return myers;
        var patience = Merge(ancestor, ours, theirs, style | Patience);
        return patience is not null && patience.AsSpan().SequenceEqual(myers) ? myers : null;
    }

    private static byte[]? Merge(byte[] ancestor, byte[] ours, byte[] theirs, uint flags)
    {
        NativeGit.MergeFileResult result = default;
        fixed (byte* a = ancestor)
        fixed (byte* o = ours)
        fixed (byte* t = theirs)
        {
            var inA = Input(a, ancestor.Length);
            var inO = Input(o, ours.Length);
            var inT = Input(t, theirs.Length);
            var options = new NativeGit.MergeFileOptions { Version = 1, Flags = flags };
            if (NativeGit.git_merge_file(&result, &inA, &inO, &inT, &options) != 0) return null;
        }
        try
        {
            if (result.Automergeable == 0) return null;
            var merged = new byte[(int)result.Len];
            if (merged.Length > 0) Marshal.Copy((nint)result.Ptr, merged, 0, merged.Length);
            return merged;
        }
        finally
        {
            NativeGit.git_merge_file_result_free(&result);
        }
    }

    // libgit2's GIT_MERGE_FILE_STYLE_DIFF3 and GIT_MERGE_FILE_STYLE_ZDIFF3.
    private static uint StyleFlag(string? style) => style?.ToLowerInvariant() switch
    {
        "diff3" => 1u << 1,
        "zdiff3" => 1u << 8,
        _ => 0,
    };

    private static NativeGit.MergeFileInput Input(byte* ptr, int length) =>
        new() { Version = 1, Ptr = ptr, Size = (nuint)length, Path = null, Mode = 0 };
}
