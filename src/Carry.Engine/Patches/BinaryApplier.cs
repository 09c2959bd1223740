using Carry.Hashing;

namespace Carry.Patches;

/// <summary>
/// Applies binary diffs. Git data is checked against the blob ids on the <c>index</c> line
/// (git writes them in full for binary diffs), so a literal never silently replaces a file
/// that is not the one the patch was made from.
/// </summary>
internal static class BinaryApplier
{
    public static FileApplyResult Apply(FileDiff diff, BinaryDiff binary, byte[]? original, ApplyOptions options)
    {
        if (!binary.HasData)
        {
            var what = $"the patch says binary file '{diff.NewPath ?? diff.OldPath}' changed but carries no data " +
                "(it was made without 'git diff --binary'), so its new content is unknown";
            return options.BinaryWithoutData == BinaryWithoutDataPolicy.Skip
                ? new FileApplyResult(ApplyStatus.Skipped, original, null, [], null, note: what + "; left unchanged")
                : HunkApplier.Fail(ApplyFailureKind.BinaryWithoutData, 0, what);
        }
        if (binary.Forward is not { } forward)
            return HunkApplier.Fail(ApplyFailureKind.BinaryMismatch, 0, "the binary patch carries no data for this direction");
        var input = original ?? [];
        if (!MatchesIndex(diff.OldIndex, input, original is null))
            return HunkApplier.Fail(ApplyFailureKind.BinaryMismatch, 0,
                $"the binary file is not the one the patch was made from (expected blob {diff.OldIndex})");

        byte[] result;
        if (forward.Kind == BinaryHunkKind.Literal)
            result = forward.Data;
        else
        {
            result = GitDelta.Apply(input, forward.Data, out var error)!;
            if (result is null)
                return HunkApplier.Fail(ApplyFailureKind.BinaryMismatch, 0, error!);
        }
        if (!MatchesIndex(diff.NewIndex, result, diff.Kind == FileChangeKind.Deleted))
            return HunkApplier.Fail(ApplyFailureKind.BinaryMismatch, 0,
                $"the binary patch does not produce blob {diff.NewIndex}");
        if (diff.Kind == FileChangeKind.Deleted)
        {
            if (result.Length != 0)
                return HunkApplier.Fail(ApplyFailureKind.DeletedFileNotEmpty, 0, "the patch deletes this binary file, but its content differs");
            return new FileApplyResult(ApplyStatus.Clean, null, null, [], null);
        }
        return new FileApplyResult(ApplyStatus.Clean, result, diff.NewMode, [], null);
    }

    /// <summary>
    /// Does <paramref name="content"/> have the (possibly abbreviated) blob id <paramref name="index"/>?
    /// An all-zero id means "no file". Without an id there is nothing to check.
    /// </summary>
    private static bool MatchesIndex(string? index, byte[] content, bool absent)
    {
        // SHA-256 repositories use 64-digit ids; those cannot be checked with SHA-1.
        if (string.IsNullOrEmpty(index) || index.Length > 40)
            return true;
        if (index.AsSpan().IndexOfAnyExcept('0') < 0)
            return absent || content.Length == 0;
        if (absent)
            return false;
        return BlobId(content).StartsWith(index, StringComparison.Ordinal);
    }

    /// <summary>Git's SHA-1 blob id: the hash of "blob SIZE\0" followed by the content.</summary>
    internal static string BlobId(ReadOnlySpan<byte> content)
    {
        Span<byte> id = stackalloc byte[Sha1.Size];
        Sha1.GitObjectId("blob"u8, content, id);
        return Convert.ToHexStringLower(id);
    }
}
