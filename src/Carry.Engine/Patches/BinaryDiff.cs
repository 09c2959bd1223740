namespace Carry.Patches;

/// <summary>How a <c>GIT binary patch</c> block encodes a file.</summary>
public enum BinaryHunkKind
{
    /// <summary>The whole resulting file (<c>literal N</c>).</summary>
    Literal,

    /// <summary>A git delta against the other side (<c>delta N</c>).</summary>
    Delta,
}

/// <summary>One decoded block of a <c>GIT binary patch</c>: base85 and zlib already undone.</summary>
public sealed class BinaryHunk
{
    /// <summary>Creates a block.</summary>
    /// <param name="kind">Literal content or delta.</param>
    /// <param name="data">The inflated bytes: the file itself for a literal, delta instructions for a delta.</param>
    /// <param name="line">1-based line of the <c>literal</c>/<c>delta</c> header in the patch file.</param>
    public BinaryHunk(BinaryHunkKind kind, byte[] data, int line = 0)
    {
        Kind = kind;
        Data = data;
        Line = line;
    }

    /// <summary>Literal content or delta.</summary>
    public BinaryHunkKind Kind { get; }

    /// <summary>The inflated bytes: the file itself for a literal, delta instructions for a delta.</summary>
    public byte[] Data { get; }

    /// <summary>1-based line of the block's header in the patch file (0 when built in code).</summary>
    public int Line { get; }
}

/// <summary>
/// A change to a binary file. Either git's <c>GIT binary patch</c> with data (<see cref="HasData"/>),
/// or a bare <c>Binary files a/x and b/x differ</c> line, which only says that the file changed:
/// such a diff cannot be applied, and is kept so that nothing is silently dropped.
/// </summary>
public sealed class BinaryDiff
{
    /// <summary>A <c>Binary files … differ</c> stanza: the file changed, the patch does not say how.</summary>
    public static BinaryDiff WithoutData { get; } = new(null, null);

    /// <summary>Creates a binary change with git data.</summary>
    /// <param name="forward">Turns the old file into the new one (null when only the reverse is known).</param>
    /// <param name="reverse">Turns the new file back into the old one, when the patch carries it.</param>
    public BinaryDiff(BinaryHunk? forward, BinaryHunk? reverse)
    {
        Forward = forward;
        Reverse = reverse;
    }

    /// <summary>True for <c>GIT binary patch</c> data; false for a bare "Binary files … differ".</summary>
    public bool HasData => Forward is not null || Reverse is not null;

    /// <summary>Turns the old file into the new one; null for a diff without data (or only reverse data).</summary>
    public BinaryHunk? Forward { get; }

    /// <summary>Turns the new file back into the old one (git writes it; older tools may not).</summary>
    public BinaryHunk? Reverse { get; }

    /// <summary>The change seen the other way round.</summary>
    public BinaryDiff Swap() => HasData ? new BinaryDiff(Reverse, Forward) : this;
}
