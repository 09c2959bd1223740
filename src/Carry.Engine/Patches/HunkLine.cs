namespace Carry.Patches;

/// <summary>What a hunk line does to the file.</summary>
public enum HunkLineKind : byte
{
    /// <summary>A line present before and after (<c>' '</c>).</summary>
    Context,

    /// <summary>A line the change removes (<c>'-'</c>).</summary>
    Removed,

    /// <summary>A line the change adds (<c>'+'</c>).</summary>
    Added,
}

/// <summary>
/// One line of a hunk. <see cref="Content"/> is the file's line as bytes, terminator included
/// (<c>\n</c>, or <c>\r\n</c> for CRLF files); when the patch says <c>\ No newline at end of file</c>
/// after it, the final <c>\n</c> is absent. Lines are compared byte for byte, so the terminator
/// takes part in matching.
/// </summary>
public readonly struct HunkLine
{
    /// <summary>Creates a hunk line.</summary>
    /// <param name="kind">Context, removed or added.</param>
    /// <param name="content">The file line's bytes, terminator included when there is one.</param>
    public HunkLine(HunkLineKind kind, ReadOnlyMemory<byte> content)
    {
        Kind = kind;
        Content = content;
    }

    /// <summary>Context, removed or added.</summary>
    public HunkLineKind Kind { get; }

    /// <summary>The file line's bytes, terminator included unless it is the file's unterminated last line.</summary>
    public ReadOnlyMemory<byte> Content { get; }

    /// <summary>True for a file's last line that has no newline (<c>\ No newline at end of file</c>).</summary>
    public bool HasNoNewline => Content.IsEmpty || Content.Span[^1] != (byte)'\n';

    /// <summary>True when the line exists in the old file (context or removed).</summary>
    public bool InOld => Kind != HunkLineKind.Added;

    /// <summary>True when the line exists in the new file (context or added).</summary>
    public bool InNew => Kind != HunkLineKind.Removed;

    /// <summary>The same line seen from the other side of the change.</summary>
    public HunkLine Reverse() => Kind switch
    {
        HunkLineKind.Removed => new HunkLine(HunkLineKind.Added, Content),
        HunkLineKind.Added => new HunkLine(HunkLineKind.Removed, Content),
        _ => this,
    };
}
