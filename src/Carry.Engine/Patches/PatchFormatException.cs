namespace Carry.Patches;

/// <summary>
/// A patch file could not be read: it is not a well-formed unified diff at some line.
/// The reader throws only this exception, whatever bytes it is given.
/// </summary>
public sealed class PatchFormatException : Exception
{
    /// <summary>Creates the exception for <paramref name="line"/> (1-based) of <paramref name="fileName"/>.</summary>
    /// <param name="fileName">The patch file's name, when the caller gave one.</param>
    /// <param name="line">1-based line number in the patch file.</param>
    /// <param name="problem">What was found and what was expected instead.</param>
    public PatchFormatException(string? fileName, int line, string problem)
        : base($"{fileName ?? "patch"}:{line}: {problem}")
    {
        FileName = fileName;
        Line = line;
        Problem = problem;
    }

    /// <summary>The patch file's name, if the caller gave one.</summary>
    public string? FileName { get; }

    /// <summary>1-based line number in the patch file where reading stopped.</summary>
    public int Line { get; }

    /// <summary>What was wrong, without the file and line prefix.</summary>
    public string Problem { get; }
}
