using System.Diagnostics;

namespace Carry.Tests.Support;

/// <summary>Runs carry as a real process (for crashes, signals and start-up), from the build next to the tests.</summary>
public static class CarryProcess
{
    public static CarryRun Run(string dir, IReadOnlyDictionary<string, string>? env, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "carry.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return new CarryRun(p.ExitCode, output, err.Result);
    }
}
