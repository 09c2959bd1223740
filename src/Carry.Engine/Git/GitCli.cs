using System.Diagnostics;
using System.IO.Pipes;
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
/// Given the repository's git folder, every git it starts works on that repository whatever the
/// environment names (<c>GIT_DIR</c>, <c>GIT_INDEX_FILE</c>…), the one carry opened and reads in
/// process; without, git finds its repository from the folder and the environment, as typed.
/// </summary>
internal sealed class GitCli(string workDir, string? gitDir = null)
{
    /// <summary>
    /// Runs git; never throws for a non-zero exit. A <paramref name="shielded"/> git does not get
    /// the terminal's Ctrl-C (<see cref="InterruptShield"/>): for a step carry itself does not
    /// let Ctrl-C cut short.
    /// </summary>
    public GitResult Run(IEnumerable<string> args, string? stdin = null, IReadOnlyDictionary<string, string>? env = null, bool shielded = false)
    {
        var (exit, stdout, stderr) = Execute(args, stdin, env, shielded);
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
        var (exit, stdout, stderr) = Execute(args, null, null, shielded: false);
        if (exit != 0) throw new GitFailedException(args, new GitResult(exit, "", stderr));
        return stdout;
    }

    private (int Exit, byte[] Stdout, string Stderr) Execute(IEnumerable<string> args, string? stdin, IReadOnlyDictionary<string, string>? env, bool shielded)
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
        if (gitDir is not null)
        {
            foreach (var name in Discovery.RepositoryVariables) psi.Environment.Remove(name);
            psi.Environment["GIT_DIR"] = gitDir;
            psi.Environment["GIT_WORK_TREE"] = workDir;
        }
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;
        // Carry parses git's output: keep it in English and free of pagers and prompts.
        psi.Environment["LC_ALL"] = "C";
        psi.Environment["GIT_TERMINAL_PROMPT"] = "0";
        Process? started;
        using (shielded ? InterruptShield.Block() : null) started = Process.Start(psi);
        using var process = started ?? throw new InvalidOperationException("could not start git");
        using var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var unwritten = OperatingSystem.IsWindows()
            ? PumpWithThreads(process, stdin, stdout, stderr)
            : PipePump.Run(Fd(process.StandardOutput.BaseStream), Fd(process.StandardError.BaseStream), Fd(process.StandardInput.BaseStream),
                stdin is null ? [] : Encoding.UTF8.GetBytes(stdin), process.StandardInput.Close, stdout, stderr);
        process.WaitForExit();
        if (unwritten is not null) throw unwritten;
        return (process.ExitCode, stdout.ToArray(), Encoding.UTF8.GetString(stderr.GetBuffer(), 0, (int)stderr.Length));
    }

    /// <summary>The descriptor of one of the process's pipes (Unix), which the process's stream keeps open.</summary>
    private static int Fd(Stream pipe) => (int)((PipeStream)pipe).SafePipeHandle.DangerousGetHandle();

    /// <summary>
    /// Windows has no poll(2) on pipes: standard error (and input, when there is any) move on
    /// threads of their own, standard output on this one, so that no pipe fills up.
    /// </summary>
    private static IOException? PumpWithThreads(Process process, string? stdin, Stream stdout, Stream stderr)
    {
        var errors = Background(() => process.StandardError.BaseStream.CopyTo(stderr));
        IOException? unwritten = null;
        var input = stdin is null ? null : Background(() => unwritten = Feed(process.StandardInput, stdin));
        if (input is null) process.StandardInput.Close();
        process.StandardOutput.BaseStream.CopyTo(stdout);
        input?.Join();
        errors.Join();
        return unwritten;
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
            var writer = new StreamWriter(input.BaseStream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), -1, leaveOpen: true);
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
