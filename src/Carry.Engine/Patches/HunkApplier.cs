namespace Carry.Patches;

/// <summary>
/// Applies one file diff to one file's bytes, without touching any disk: text hunks with
/// GNU patch's offset and fuzz search, git binary data, creation, deletion, reverse (<c>-R</c>).
/// Path handling (which file, renames, several diffs on one file) is <see cref="PatchApplier"/>'s.
/// </summary>
public static class HunkApplier
{
    /// <summary>Applies <paramref name="diff"/> to <paramref name="original"/>.</summary>
    /// <param name="diff">The file diff, as read (it is reversed here when <see cref="ApplyOptions.Reverse"/> is set).</param>
    /// <param name="original">The file's current bytes, or null when it does not exist.</param>
    /// <param name="options">Fuzz, direction, binary policy; <see cref="ApplyOptions.Default"/> when null.</param>
    /// <returns>The new content (null for a deletion) and how each hunk applied, or why it failed.</returns>
    public static FileApplyResult Apply(FileDiff diff, byte[]? original, ApplyOptions? options = null)
    {
        options ??= ApplyOptions.Default;
        return ApplyDirected(options.Reverse ? diff.Reverse() : diff, original, options);
    }

    /// <summary>Applies a diff that is already turned the way it must go (reversed when <c>-R</c>).</summary>
    internal static FileApplyResult ApplyDirected(FileDiff effective, byte[]? original, ApplyOptions options)
    {
        var result = ApplyCore(effective, original, options);
        if (result.Status == ApplyStatus.Failed && result.Failure?.Kind == ApplyFailureKind.HunkNotFound && original is not null)
        {
            // GNU patch's "Reversed (or previously applied) patch detected": worth telling,
            // because during a sync it usually means upstream already has the change.
            var undo = ApplyCore(effective.Reverse(), original, options with { Fuzz = 0 });
            if (undo.Succeeded)
                return new FileApplyResult(result.Status, null, result.Mode, result.Hunks, result.Failure, looksAlreadyApplied: true);
        }
        return result;
    }

    /// <summary>
    /// Applies text hunks to <paramref name="original"/> with GNU patch's search (stated line,
    /// then nearest offsets, then fuzz 1..<paramref name="fuzz"/>); the lower-level step of
    /// <see cref="Apply(FileDiff, byte[], ApplyOptions)"/>, for callers that hold hunks only.
    /// </summary>
    /// <param name="original">The file's bytes.</param>
    /// <param name="hunks">Hunks in file order.</param>
    /// <param name="fuzz">Most context lines a hunk may ignore at each edge.</param>
    public static FileApplyResult ApplyHunks(ReadOnlyMemory<byte> original, IReadOnlyList<Hunk> hunks, int fuzz = 0)
    {
        var (content, outcomes, failure) = TextPatcher.Apply(original, hunks, fuzz);
        return failure is not null
            ? new FileApplyResult(ApplyStatus.Failed, null, null, outcomes, failure)
            : new FileApplyResult(StatusOf(outcomes), content, null, outcomes, null);
    }

    private static FileApplyResult ApplyCore(FileDiff diff, byte[]? original, ApplyOptions options)
    {
        var hunk0 = diff.Hunks.Count > 0 ? 1 : 0;
        if (diff.Kind == FileChangeKind.Added && original is { Length: > 0 })
            return Fail(ApplyFailureKind.FileExists, hunk0, "the patch creates this file, but it already exists with content");
        if (diff.Kind != FileChangeKind.Added && original is null)
            return Fail(ApplyFailureKind.FileMissing, hunk0, "the file to patch does not exist");
        if (diff.Binary is { } binary)
            return BinaryApplier.Apply(diff, binary, original, options);

        var input = original ?? [];
        var hunks = diff.Hunks;
        if (options.Whitespace != WhitespaceAction.Keep && WhitespaceRules.Check(hunks, options.Whitespace) is var (fixedHunks, error))
        {
            if (error is not null) return Fail(ApplyFailureKind.WhitespaceError, 0, error);
            hunks = fixedHunks;
        }
        var (content, outcomes, failure) = TextPatcher.Apply(input, hunks, options.Fuzz, options.IgnoreWhitespace);
        if (failure is not null)
            return new FileApplyResult(ApplyStatus.Failed, null, diff.NewMode, outcomes, failure);
        if (diff.Kind == FileChangeKind.Deleted)
        {
            if (content!.Length != 0)
                return new FileApplyResult(ApplyStatus.Failed, null, null, outcomes, new ApplyFailure(
                    ApplyFailureKind.DeletedFileNotEmpty, 0,
                    $"the patch deletes this file, but {content.Length} bytes the patch does not know of would remain"));
            content = null;
        }
        return new FileApplyResult(StatusOf(outcomes), content, diff.NewMode, outcomes, null);
    }

    internal static ApplyStatus StatusOf(IReadOnlyList<HunkOutcome> outcomes)
    {
        var status = ApplyStatus.Clean;
        foreach (var o in outcomes)
        {
            if (o.Fuzz > 0)
                return ApplyStatus.Fuzz;
            if (o.Offset != 0)
                status = ApplyStatus.Offset;
        }
        return status;
    }

    internal static FileApplyResult Fail(ApplyFailureKind kind, int hunk, string message) =>
        new(ApplyStatus.Failed, null, null, [], new ApplyFailure(kind, hunk, message));
}
