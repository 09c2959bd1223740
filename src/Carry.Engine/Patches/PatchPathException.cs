namespace Carry.Patches;

/// <summary>
/// A file name in a patch cannot be used: it is absolute, climbs out of the tree with <c>..</c>,
/// reaches into <c>.git</c>, or has too few components for the requested <c>-p</c> level.
/// Untrusted patches must never write outside the tree, so these names are refused, not repaired.
/// </summary>
public sealed class PatchPathException : Exception
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    /// <param name="path">The name as written in the patch (decoded for display).</param>
    /// <param name="reason">Why the name was refused.</param>
    public PatchPathException(string path, string reason)
        : base($"refusing file name {Paths.Printable.NameInMessage(path)}: {reason}")
    {
        Path = path;
        Reason = reason;
    }

    /// <summary>The name as written in the patch.</summary>
    public string Path { get; }

    /// <summary>Why it was refused.</summary>
    public string Reason { get; }
}
