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

    /// <summary>An added line has a whitespace error and <c>--whitespace=error</c> was asked for.</summary>
    WhitespaceError,
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
