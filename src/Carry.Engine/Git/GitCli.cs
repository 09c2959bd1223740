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
internal sealed class GitCli(string workDir)
{
    /// <summary>Runs git; never throws for a non-zero exit.</summary>
    public GitResult Run(IEnumerable<string> args, string? stdin = null, IReadOnlyDictionary<string, string>? env = null)
    {
        var (exit, stdout, stderr) = Execute(args, stdin, env);
        return new GitResult(exit, Encoding.UTF8.GetString(stdout), stderr);
    }

    /// <summary>Runs git and returns its trimmed stdout, or throws <see cref="GitFailedException"/>.</summary>
    public string Check(IEnumerable<string> args, string? stdin = null, IReadOnlyDictionary<string, string>? env = null)
    {
        var result = Run(args, stdin, env);
        if (!result.Ok) throw new GitFailedException(args, result);
        return result.Stdout.TrimEnd('\n');
    }

    /// <summary>
    /// Runs git for output that must stay byte for byte (diffs of files in any encoding);
    /// throws <see cref="GitFailedException"/> when git fails.
    /// </summary>
    public byte[] CheckBytes(IEnumerable<string> args)
    {
        var (exit, stdout, stderr) = Execute(args, null, null);
        if (exit != 0) throw new GitFailedException(args, new GitResult(exit, "", stderr));
        return stdout;
    }

    private (int Exit, byte[] Stdout, string Stderr) Execute(IEnumerable<string> args, string? stdin, IReadOnlyDictionary<string, string>? env)
    {
        var psi = new ProcessStartInfo(Executable.Path("git"))
        {
            WorkingDirectory = workDir,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;
        // Carry parses git's output: keep it in English and free of pagers and prompts.
        psi.Environment["LC_ALL"] = "C";
        psi.Environment["GIT_TERMINAL_PROMPT"] = "0";
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start git");
        var stderrTask = process.StandardError.ReadToEndAsync();
        using var stdout = new MemoryStream();
        var stdoutTask = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        if (stdin is not null) process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        stdoutTask.Wait();
        process.WaitForExit();
        return (process.ExitCode, stdout.ToArray(), stderrTask.Result);
    }
}

/// <summary>
/// Finds programs on PATH once, as absolute paths: .NET resolves a bare name against the current
/// directory first, and that fails when a push or pop just deleted the folder carry runs in.
/// </summary>
internal static class Executable
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Found = new();

    /// <summary>The absolute path of <paramref name="name"/> on PATH, or the bare name when PATH does not have it.</summary>
    public static string Path(string name) => Found.GetOrAdd(name, Search);

    private static string Search(string name)
    {
        var suffixes = OperatingSystem.IsWindows() ? new[] { ".exe", ".cmd", "" } : [""];
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator))
        {
            if (dir.Length == 0 || !System.IO.Path.IsPathRooted(dir)) continue;
            foreach (var suffix in suffixes)
            {
                var candidate = System.IO.Path.Combine(dir, name + suffix);
                if (File.Exists(candidate)) return candidate;
            }
        }
        return name;
    }
}

/// <summary>A git subprocess failed where Carry expected it to succeed.</summary>
public sealed class GitFailedException(IEnumerable<string> args, GitResult result)
    : Exception($"'git {string.Join(' ', args)}' failed (exit {result.ExitCode}): {result.Stderr.Trim()}")
{
    /// <summary>What git returned.</summary>
    public GitResult Result { get; } = result;
}
