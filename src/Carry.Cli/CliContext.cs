using Carry.Git.Checkout;

namespace Carry.Cli;

/// <summary>
/// Everything a command may touch outside the repository: where it runs and where it writes.
/// Passed explicitly (never the process-wide current directory or console) so the tests can
/// run many commands in parallel, in-process.
/// </summary>
public sealed class CliContext(string workingDirectory, TextWriter stdout, TextWriter stderr, CancellationToken cancel = default)
{
    /// <summary>The directory the command runs in.</summary>
    public string WorkingDirectory { get; } = workingDirectory;

    /// <summary>Standard output.</summary>
    public TextWriter Out { get; } = stdout;

    /// <summary>Standard error.</summary>
    public TextWriter Err { get; } = stderr;

    /// <summary>Set when the user pressed Ctrl-C.</summary>
    public CancellationToken Cancel { get; } = cancel;

    /// <summary>Standard input (the pre-push hook's ref lines); empty unless the process wires it.</summary>
    public TextReader In { get; init; } = TextReader.Null;

    /// <summary>Where interactive answers are read (<c>split -p</c>): the terminal, or standard input when it is a pipe or file; empty unless the process wires it.</summary>
    public TextReader Answers { get; init; } = TextReader.Null;

    /// <summary>Whether to color output.</summary>
    public bool Color { get; init; }

    /// <summary>Whether standard error is a terminal someone watches: progress is shown there, colours or not (NO_COLOR turns off colour, not progress).</summary>
    public bool ShowsProgress { get; init; }

    /// <summary>The command line as typed after "carry", recorded in the stack's history.</summary>
    public string CommandLine { get; set; } = "";

    /// <summary>How the last command's working-tree write was done (for diagnostics and tests), or null.</summary>
    public CheckoutWay? LastCheckout { get; set; }

    /// <summary>True once this command has warned that the pre-push guard is not where git looks (said once per command).</summary>
    public bool GuardWarned { get; set; }

    /// <summary>Colors text when colors are wanted.</summary>
    public Output Paint => new(Color);
}
