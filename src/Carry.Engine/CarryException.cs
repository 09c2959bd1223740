namespace Carry;

/// <summary>
/// A failure the user can act on: the message says what happened, the hint what to do next,
/// in the style of git's own "error:" and "hint:" lines. Nothing was changed when it is thrown.
/// </summary>
public class CarryException(string message, string? hint = null, int exitCode = 1) : Exception(message)
{
    /// <summary>What to do next, or null.</summary>
    public string? Hint { get; } = hint;

    /// <summary>The process exit code the CLI should use.</summary>
    public int ExitCode { get; } = exitCode;
}

/// <summary>Local changes in the working tree would be overwritten; nothing was changed.</summary>
public sealed class LocalChangesException(IReadOnlyList<string> paths, string action)
    : CarryException(
        $"your local changes to the following files would be overwritten by {action}:\n" +
        string.Concat(paths.Select(p => $"\t{p}\n")).TrimEnd('\n'),
        "commit or stash them, or fold them into a patch with 'carry refresh', then try again.")
{
    /// <summary>The files in the way.</summary>
    public IReadOnlyList<string> Paths { get; } = paths;
}
