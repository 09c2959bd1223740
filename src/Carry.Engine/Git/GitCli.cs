using System.Diagnostics;
using System.IO.Pipes;
using System.Text;
using Microsoft.Win32.SafeHandles;

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
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;
        // Carry parses git's output: keep it in English and free of pagers and prompts.
        psi.Environment["LC_ALL"] = "C";
        psi.Environment["GIT_TERMINAL_PROMPT"] = "0";
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start git");
        // Blocking reads and writes on the pipes' descriptors: stdout here, stderr (and stdin,
        // when there is any) on threads of their own so that no pipe fills up. Not through the
        // process's PipeStreams: on Unix those go through .NET's socket layer, asynchronous or
        // not, whose set-up costs more than a short git command (and is JIT work at every start
        // of the framework-dependent build).
        string stderr = "";
        var errors = Background(() => stderr = new StreamReader(Raw(process.StandardError.BaseStream, FileAccess.Read), Encoding.UTF8).ReadToEnd());
        IOException? unwritten = null;
        var input = stdin is null ? null : Background(() => unwritten = Feed(process.StandardInput, stdin));
        if (input is null) process.StandardInput.Close();
        using var stdout = new MemoryStream();
        Raw(process.StandardOutput.BaseStream, FileAccess.Read).CopyTo(stdout);
        input?.Join();
        errors.Join();
        process.WaitForExit();
        if (unwritten is not null) throw unwritten;
        return (process.ExitCode, stdout.ToArray(), stderr);
    }

    private static Thread Background(Action work)
    {
        var thread = new Thread(work.Invoke) { IsBackground = true };
        thread.Start();
        return thread;
    }

    /// <summary>Writes git's standard input and closes it; an error is returned, to be thrown once git is done.</summary>
    private static IOException? Feed(StreamWriter input, string text)
    {
        try
        {
            var writer = new StreamWriter(Raw(input.BaseStream, FileAccess.Write), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), -1, leaveOpen: true);
            writer.Write(text);
            writer.Flush();
            input.Close();
            return null;
        }
        catch (IOException e)
        {
            return e;
        }
    }

    /// <summary>A pipe of the process as a plain file stream on its descriptor (Unix), which the process's stream keeps open.</summary>
    private static Stream Raw(Stream pipe, FileAccess access) =>
        !OperatingSystem.IsWindows() && pipe is PipeStream p
            ? new FileStream(new SafeFileHandle(p.SafePipeHandle.DangerousGetHandle(), ownsHandle: false), access, bufferSize: 0)
            : pipe;
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
