using System.Diagnostics;
using System.Text;

namespace Carry.Formats;

/// <summary>
/// Runs git for output that must stay byte for byte (diffs of files in any encoding): the
/// output is returned as raw bytes, and as Latin-1 text (one char per byte) for editing.
/// </summary>
internal static class GitBytes
{
    /// <summary>Runs git in <paramref name="workDir"/>; throws with its message when it fails.</summary>
    public static byte[] Run(string workDir, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo("git")
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["LC_ALL"] = "C";
        psi.Environment["GIT_TERMINAL_PROMPT"] = "0";
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start git");
        var stderr = process.StandardError.ReadToEndAsync();
        using var output = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new Operations.CarryException($"git {string.Join(' ', psi.ArgumentList)} failed: {stderr.Result.Trim()}");
        return output.ToArray();
    }

    /// <summary>Like <see cref="Run"/>, as one char per byte.</summary>
    public static string RunText(string workDir, IEnumerable<string> args) => Encoding.Latin1.GetString(Run(workDir, args));
}
