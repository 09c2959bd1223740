namespace Carry.Patches;

/// <summary>How a file diff (or a whole patch) went on, from best to worst.</summary>
public enum ApplyStatus
{
    /// <summary>Every hunk matched exactly where the patch said.</summary>
    Clean,

    /// <summary>Every hunk matched exactly, some at other lines than the patch said.</summary>
    Offset,

    /// <summary>Some hunk matched only after ignoring context lines at its edges.</summary>
    Fuzz,

    /// <summary>Left unchanged on purpose (a binary stanza without data under <see cref="BinaryWithoutDataPolicy.Skip"/>).</summary>
    Skipped,

    /// <summary>The change could not be applied; see <see cref="FileApplyResult.Failure"/>.</summary>
    Failed,
}

/// <summary>Why a file diff could not be applied.</summary>
public enum ApplyFailureKind
{
    /// <summary>A hunk's context was not found, at any offset and allowed fuzz.</summary>
    HunkNotFound,

    /// <summary>A hunk would change lines an earlier hunk already passed (GNU: "misordered hunks").</summary>
    MisorderedHunks,

    /// <summary>The file to change, delete, rename or copy does not exist.</summary>
    FileMissing,

    /// <summary>The file to create already exists with content.</summary>
    FileExists,

    /// <summary>The file to delete has content the patch does not remove.</summary>
    DeletedFileNotEmpty,

    /// <summary>A "Binary files … differ" stanza: the patch does not carry the new content.</summary>
    BinaryWithoutData,

    /// <summary>Binary data does not fit the file (wrong preimage, bad delta, no data for this direction).</summary>
    BinaryMismatch,

    /// <summary>A file name is absolute, climbs out with <c>..</c>, reaches into <c>.git</c>, or is too short for <c>-p</c>.</summary>
    UnsafePath,
}

/// <summary>Why a file diff failed: which hunk (1-based, 0 when not about one hunk) and a message for people.</summary>
/// <param name="Kind">The kind of failure.</param>
/// <param name="Hunk">1-based index of the first failing hunk, or 0.</param>
/// <param name="Message">What went wrong, worded for the user.</param>
public sealed record ApplyFailure(ApplyFailureKind Kind, int Hunk, string Message);

/// <summary>Where and how one hunk applied.</summary>
/// <param name="Index">1-based index of the hunk in its file diff.</param>
/// <param name="Applied">False when the hunk's context was not found.</param>
/// <param name="Line">1-based line of the original file where the hunk's first old line matched (0 if not applied).</param>
/// <param name="Offset">
/// Lines between where the patch said and where it matched, counted as GNU patch does: the drift
/// accumulated over the file's hunks so far, so a hunk that follows a shifted one reports the same offset.
/// </param>
/// <param name="Fuzz">Context lines ignored at the hunk's start and end to make it match.</param>
public readonly record struct HunkOutcome(int Index, bool Applied, int Line, int Offset, int Fuzz);

/// <summary>The outcome of applying one file diff to one file's content.</summary>
public sealed class FileApplyResult
{
    internal FileApplyResult(ApplyStatus status, byte[]? content, int? mode, IReadOnlyList<HunkOutcome> hunks,
        ApplyFailure? failure, bool looksAlreadyApplied = false, string? note = null)
    {
        Status = status;
        Content = content;
        Mode = mode;
        Hunks = hunks;
        Failure = failure;
        LooksAlreadyApplied = looksAlreadyApplied;
        Note = note;
    }

    /// <summary>Clean, offset, fuzz, skipped or failed.</summary>
    public ApplyStatus Status { get; }

    /// <summary>True unless <see cref="Status"/> is <see cref="ApplyStatus.Failed"/>.</summary>
    public bool Succeeded => Status != ApplyStatus.Failed;

    /// <summary>The new content; null when the file is deleted, or when applying failed.</summary>
    public byte[]? Content { get; }

    /// <summary>True when the change deletes the file.</summary>
    public bool Deletes => Succeeded && Content is null && Status != ApplyStatus.Skipped;

    /// <summary>The mode the patch gives the file (e.g. <c>0o100755</c>), or null when it does not say.</summary>
    public int? Mode { get; }

    /// <summary>Per-hunk outcomes, in order (empty for binary and header-only diffs).</summary>
    public IReadOnlyList<HunkOutcome> Hunks { get; }

    /// <summary>Why it failed, or null.</summary>
    public ApplyFailure? Failure { get; }

    /// <summary>
    /// When failed: the reverse of the diff applies cleanly, so the change is most likely already
    /// in the file (GNU patch's "Reversed (or previously applied) patch detected").
    /// </summary>
    public bool LooksAlreadyApplied { get; }

    /// <summary>A remark for a successful but noteworthy outcome (why a file was skipped).</summary>
    public string? Note { get; }

    /// <summary>The largest offset of an applied hunk, by magnitude, with its sign.</summary>
    public int MaxOffset => Hunks.Where(h => h.Applied).Select(h => h.Offset).DefaultIfEmpty(0).MaxBy(Math.Abs);

    /// <summary>The largest fuzz any applied hunk needed.</summary>
    public int MaxFuzz => Hunks.Where(h => h.Applied).Select(h => h.Fuzz).DefaultIfEmpty(0).Max();
}
