using System.Runtime.InteropServices;

namespace Carry.Git;

/// <summary>
/// A 3-way merge of one file's contents, done in process by libgit2's xdiff (the same
/// merge code git uses). Only clean results are used; any conflict is left to git itself,
/// so conflict markers are always git's own (see <c>Replay.TreeMerge</c>).
/// </summary>
internal static unsafe class FileMerge
{
    /// <summary>The merged bytes, or null when the merge conflicts or a side is binary.</summary>
    public static byte[]? TryMerge(byte[] ancestor, byte[] ours, byte[] theirs)
    {
        NativeGit.MergeFileResult result = default;
        fixed (byte* a = ancestor)
        fixed (byte* o = ours)
        fixed (byte* t = theirs)
        {
            var inA = Input(a, ancestor.Length);
            var inO = Input(o, ours.Length);
            var inT = Input(t, theirs.Length);
            var options = new NativeGit.MergeFileOptions { Version = 1 };
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

    private static NativeGit.MergeFileInput Input(byte* ptr, int length) =>
        new() { Version = 1, Ptr = ptr, Size = (nuint)length, Path = null, Mode = 0 };
}
