using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Carry.Git;
using Carry.Operations.Layers;

namespace Carry.Cli.Demo;

/// <summary>A step of the tour went wrong: what failed, the exit code to return, and what the command said.</summary>
internal sealed class TourFailure(string message, int exitCode = 1, string? detail = null) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
    public string? Detail { get; } = detail;
}

/// <summary>
/// What the tour's steps act through: the sample's folders, and helpers that show each action
/// the way the user would do it (a command line, a file written) before doing it for real.
/// Every helper checks its outcome and throws <see cref="TourFailure"/>, because the tour is
/// also a smoke test of carry.
/// </summary>
internal sealed class TourSession(CliContext cli, TourWriter writer, string root, string clone = "client-app", string upstreamWork = "acme-team")
{
    /// <summary>The temp folder holding everything the tour builds.</summary>
    public string Root { get; } = root;

    /// <summary>The client's repository: a bare stand-in for their GitHub or GitLab project.</summary>
    public string Upstream => Path.Combine(Root, "upstream.git");

    /// <summary>The freelancer's fork of the client's project, where merge request branches are pushed.</summary>
    public string Fork => Path.Combine(Root, "fork.git");

    /// <summary>A checkout of the client's team, where upstream's own commits are made.</summary>
    public string UpstreamWork => Path.Combine(Root, upstreamWork);

    /// <summary>The freelancer's clone: where every shown command runs.</summary>
    public string Clone => Path.Combine(Root, clone);

    public TourWriter Writer => writer;

    /// <summary>Explains the next command, as a shell comment.</summary>
    public void Say(string text) => writer.Comment(text);

    /// <summary>Shows and runs a carry command line in-process, its output indented; fails the tour on a non-zero exit.</summary>
    public void Carry(params string[] args) => CarryExiting(0, args);

    /// <summary>Shows and runs a carry command line that must exit with <paramref name="expected"/> (a sync stopping at a conflict exits 2).</summary>
    public void CarryExiting(int expected, params string[] args)
    {
        cli.Cancel.ThrowIfCancellationRequested();
        writer.Command("carry", args);
        var errors = new StringBuilder();
        using var stdout = writer.Indented();
        using var stderr = writer.Indented(errors);
        var context = new CliContext(Clone, stdout, stderr, cli.Cancel) { Color = cli.Color };
        var code = CarryApp.Run(args, context);
        if (code != expected)
            throw new TourFailure($"'carry {string.Join(' ', args.Select(TourWriter.ShellQuote))}' exited with code {code}{(expected == 0 ? "" : $", not {expected}")}", Math.Max(code, 1), errors.ToString());
    }

    /// <summary>Shows and runs a git command in the clone, its output indented.</summary>
    public string Git(params string[] args)
    {
        writer.Command("git", args);
        var stdout = RunGit(Clone, args);
        writer.CommandOutput(stdout);
        return stdout;
    }

    /// <summary>Runs git without showing it: the scenery the user does not need to watch being built.</summary>
    public string Quietly(string directory, params string[] args) => RunGit(directory, args);

    /// <summary>Shows a new file with its contents, and writes it into the clone.</summary>
    public void Create(SampleFile file)
    {
        writer.ShowFile("new file", file.Path, file.Content);
        WriteFile(Clone, file);
    }

    /// <summary>Shows the lines appended to a file of the project, and appends them.</summary>
    public void Append(SampleFile lines)
    {
        writer.ShowFile("append to", lines.Path, lines.Content);
        var path = Path.Combine(Clone, lines.Path);
        File.WriteAllText(path, File.ReadAllText(path) + lines.Content.ReplaceLineEndings("\n"));
    }

    /// <summary>Edits a file of the clone as the user would in their editor; <paramref name="what"/> says what changes.</summary>
    public void Edit(string path, string what, Func<string, string> change)
    {
        writer.Comment($"edit {path}: {what}");
        var full = Path.Combine(Clone, path);
        File.WriteAllText(full, change(File.ReadAllText(full)));
    }

    /// <summary>Whether a file is in the clone's working tree.</summary>
    public bool Exists(string path) => File.Exists(Path.Combine(Clone, path));

    /// <summary>Reads a file of the clone's working tree.</summary>
    public string Read(string path) => File.ReadAllText(Path.Combine(Clone, path));

    /// <summary>Whether the clone has no local changes (untracked files included).</summary>
    public bool IsClean() => RunGit(Clone, ["status", "--porcelain"]).Length == 0;

    /// <summary>Checks what the user should now see; a wrong answer fails the tour.</summary>
    public void Check(bool holds, string fact)
    {
        if (!holds) throw new TourFailure($"expected: {fact}");
        writer.Checked(fact);
    }

    /// <summary>Writes a sample file under <paramref name="repository"/>, with Unix line endings whatever this source file had.</summary>
    public static void WriteFile(string repository, SampleFile file)
    {
        var path = Path.Combine(repository, file.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, file.Content.ReplaceLineEndings("\n"));
        // git records the executable bit from the file system; Windows has none to record.
        if (file.Executable && !OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
    }

    /// <summary>Runs git, returns its stdout; a failure fails the tour with git's own message.</summary>
    public static string RunGit(string directory, IReadOnlyList<string> args)
    {
        GitResult result;
        try
        {
            result = UserGit.Run(directory, args);
        }
        catch (Win32Exception)
        {
            throw new TourFailure("git was not found: carry demo needs git (2.38 or later) on the PATH");
        }
        if (!result.Ok)
            throw new TourFailure($"'git {string.Join(' ', args.Select(TourWriter.ShellQuote))}' exited with code {result.ExitCode}", 1, result.Stderr);
        return result.Stdout;
    }
}
