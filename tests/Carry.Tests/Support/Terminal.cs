using System.Diagnostics;

namespace Carry.Tests.Support;

/// <summary>
/// Runs carry on a real terminal: script(1) from util-linux gives the process a pseudo-terminal
/// for its standard input, output and error. Tests using it skip when script(1) is missing.
/// </summary>
public static class Terminal
{
    /// <summary>The reason to skip when script(1) is not installed, or null.</summary>
    public static string? Missing => File.Exists("/usr/bin/script") ? null : "script(1) from util-linux is needed to give carry a terminal";

    /// <summary>
    /// Runs <c>carry ARGS</c> (the binary under test, or the build next to the tests) on a terminal;
    /// <paramref name="typed"/> lines are typed one by one, a moment apart. Returns what the terminal got.
    /// </summary>
    public static CarryRun Run(string dir, string args, IReadOnlyDictionary<string, string>? env = null, IEnumerable<string>? typed = null)
    {
        var carry = CarryProcess.Binary is { } binary ? Quote(binary) : $"dotnet {Quote(Path.Combine(AppContext.BaseDirectory, "carry.dll"))}";
        var psi = new ProcessStartInfo("/usr/bin/script", ["-qec", $"{carry} {args}", "/dev/null"])
        {
            WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
        };
        psi.Environment["TERM"] = "xterm-256color";
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        foreach (var line in typed ?? [])
        {
            p.StandardInput.Write(line + "\n");
            p.StandardInput.Flush();
            Thread.Sleep(200); // a terminal delivers what is typed as it is typed
        }
        p.StandardInput.Close();
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return new CarryRun(p.ExitCode, output, err.Result);
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";
}
