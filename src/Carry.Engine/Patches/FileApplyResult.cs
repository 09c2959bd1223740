namespace Carry.Patches;

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

    /// <summary>The same result with <paramref name="note"/> added to its note.</summary>
    internal FileApplyResult WithNote(string note) =>
        new(Status, Content, Mode, Hunks, Failure, LooksAlreadyApplied, Note is null ? note : Note + "; " + note);

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
