namespace Carry.Patches;

/// <summary>
/// A parsed patch file: the free text before the first diff, the file diffs, and whatever
/// follows the last diff. The parts are slices of the bytes that were read, so
/// <c>Header.Raw + (Preamble + Raw of each diff) + Trailer</c> is the file again, byte for byte.
/// </summary>
public sealed class PatchFile
{
    /// <summary>Assembles a parsed patch.</summary>
    /// <param name="fileName">The patch file's name, for messages.</param>
    /// <param name="raw">All the bytes read.</param>
    /// <param name="header">Free text before the first diff.</param>
    /// <param name="files">The file diffs in patch order.</param>
    /// <param name="trailer">Bytes after the last diff (a mail signature, blank lines).</param>
    /// <param name="onlyIn">"Only in DIR: NAME" lines found between diffs.</param>
    public PatchFile(string? fileName, ReadOnlyMemory<byte> raw, PatchHeader header, IReadOnlyList<FileDiff> files,
        ReadOnlyMemory<byte> trailer, IReadOnlyList<PatchNote> onlyIn)
    {
        FileName = fileName;
        Raw = raw;
        Header = header;
        Files = files;
        Trailer = trailer;
        OnlyIn = onlyIn;
    }

    /// <summary>The patch file's name, as given to the reader.</summary>
    public string? FileName { get; }

    /// <summary>All the bytes read.</summary>
    public ReadOnlyMemory<byte> Raw { get; }

    /// <summary>Free text before the first diff: DEP-3 or mail headers, message, notes.</summary>
    public PatchHeader Header { get; }

    /// <summary>The file diffs in patch order (the same path may appear more than once).</summary>
    public IReadOnlyList<FileDiff> Files { get; }

    /// <summary>Bytes after the last diff: a <c>-- </c> mail signature, blank lines, comments.</summary>
    public ReadOnlyMemory<byte> Trailer { get; }

    /// <summary>
    /// <c>Only in DIR: NAME</c> lines from <c>diff -r</c> without <c>-N</c>: files that differ
    /// between the trees but whose content the patch does not carry. Reported so they are not lost.
    /// </summary>
    public IReadOnlyList<PatchNote> OnlyIn { get; }
}

/// <summary>A line of a patch worth reporting, with its 1-based line number.</summary>
/// <param name="Line">1-based line in the patch file.</param>
/// <param name="Text">The line's text, without its terminator.</param>
public sealed record PatchNote(int Line, string Text);
