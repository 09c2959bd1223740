using System.Diagnostics;
using System.Text;

namespace Carry.Git;

/// <summary>The outcome of one git subprocess.</summary>
public sealed record GitResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>True when git exited with status 0.</summary>
    public bool Ok => ExitCode == 0;
}

/// <summary>
/// Runs the git command-line tool, for the steps where git's own semantics matter more than
/// speed: working-tree updates, ref transactions with reflogs, merges with rename detection.
/// </summary>
public sealed class GitCli(string workDir)
{
    /// <summary>Extra environment for every call (e.g. GIT_INDEX_FILE).</summary>
    public Dictionary<string, string> Environment { get; } = [];

    /// <summary>Runs git; never throws for a non-zero exit.</summary>
    public GitResult Run(IEnumerable<string> args, string? stdin = null, IReadOnlyDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo("git")
        {
            WorkingDirectory = workDir,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in Environment) psi.Environment[k] = v;
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;
        // Carry parses git's output: keep it in English and free of pagers and prompts.
        psi.Environment["LC_ALL"] = "C";
        psi.Environment["GIT_TERMINAL_PROMPT"] = "0";
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start git");
        var stderrTask = process.StandardError.ReadToEndAsync();
        var stdoutTask = process.StandardOutput.ReadToEndAsync();
        if (stdin is not null) process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        process.WaitForExit();
        return new GitResult(process.ExitCode, stdoutTask.Result, stderrTask.Result);
    }

    /// <summary>Runs git and returns its trimmed stdout, or throws <see cref="GitFailedException"/>.</summary>
    public string Check(IEnumerable<string> args, string? stdin = null, IReadOnlyDictionary<string, string>? env = null)
    {
        var result = Run(args, stdin, env);
        if (!result.Ok) throw new GitFailedException(args, result);
        return result.Stdout.TrimEnd('\n');
    }
}

/// <summary>A git subprocess failed where Carry expected it to succeed.</summary>
public sealed class GitFailedException(IEnumerable<string> args, GitResult result)
    : Exception($"'git {string.Join(' ', args)}' failed (exit {result.ExitCode}): {result.Stderr.Trim()}")
{
    /// <summary>What git returned.</summary>
    public GitResult Result { get; } = result;
}
