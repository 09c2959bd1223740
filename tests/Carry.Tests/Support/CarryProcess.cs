using System.Diagnostics;

namespace Carry.Tests.Support;

/// <summary>Runs carry as a real process (for crashes, signals and start-up), from the build next to the tests.</summary>
public static class CarryProcess
{
    public static CarryRun Run(string dir, IReadOnlyDictionary<string, string>? env, params string[] args) => Finish(Start(dir, env, args));

    /// <summary>Starts carry without waiting for it; <see cref="Finish"/> collects what it did.</summary>
    public static Process Start(string dir, IReadOnlyDictionary<string, string>? env, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "carry.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;
        return Process.Start(psi)!;
    }

    /// <summary>Waits for a started carry and returns what it printed and its exit code (137 when killed).</summary>
    public static CarryRun Finish(Process p)
    {
        using (p)
        {
            var err = p.StandardError.ReadToEndAsync();
            var output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return new CarryRun(p.ExitCode, output, err.Result);
        }
    }

    /// <summary>
    /// Runs carry until it reaches the test hook <paramref name="point"/> (CrashPoint), runs
    /// <paramref name="meanwhile"/> there (a plain git command racing it), then lets it go on.
    /// </summary>
    public static CarryRun RunPausedAt(string dir, string point, Action meanwhile, params string[] args)
    {
        var go = Path.Combine(Path.GetTempPath(), "carry-pause-" + Guid.NewGuid().ToString("N"));
        var p = Start(dir, new Dictionary<string, string> { ["CARRY_PAUSE_AT"] = point, ["CARRY_PAUSE_FILE"] = go }, args);
        try
        {
            var deadline = Environment.TickCount64 + 60_000;
            while (!File.Exists(go + ".reached") && !p.HasExited && Environment.TickCount64 < deadline) Thread.Sleep(10);
            Assert.True(File.Exists(go + ".reached"), $"carry {string.Join(' ', args)} never reached '{point}'");
            meanwhile();
        }
        finally
        {
            File.WriteAllText(go, "");
        }
        var run = Finish(p);
        File.Delete(go);
        File.Delete(go + ".reached");
        return run;
    }

    /// <summary>Kills a running carry the way a user or the OOM killer does: SIGKILL, no cleanup.</summary>
    public static CarryRun Kill(Process p)
    {
        try { p.Kill(); }
        catch (InvalidOperationException) { /* it had finished already */ }
        return Finish(p);
    }
}
