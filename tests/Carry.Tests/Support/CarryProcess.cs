using System.Diagnostics;

namespace Carry.Tests.Support;

/// <summary>
/// Runs carry as a real process (for crashes, signals and start-up): the build next to the
/// tests, or the binary CARRY_BINARY names (CI sets it to the NativeAOT build, which is what
/// users run). A binary gets what a user's shell gives it: no GIT_AUTHOR_*/GIT_COMMITTER_*
/// variables, the identity only in <c>~/.gitconfig</c> (<see cref="IdentityHome"/>).
/// </summary>
public static class CarryProcess
{
    /// <summary>The carry binary under test (CARRY_BINARY), or null for the build next to the tests.</summary>
    public static string? Binary { get; } =
        Environment.GetEnvironmentVariable("CARRY_BINARY") is { Length: > 0 } path ? Path.GetFullPath(path) : null;

    /// <summary>The trait of the tests CI runs again against <see cref="Binary"/>: <c>--filter Binary=story</c>.</summary>
    public const string Trait = "Binary";

    private static readonly Lazy<string> Home = new(() => IdentityHome("Ada Tester", "ada@example.com"));

    public static CarryRun Run(string dir, IReadOnlyDictionary<string, string>? env, params string[] args) =>
        Finish(Start(dir, env, args));

    /// <summary>Runs carry with HOME = <paramref name="home"/> and no git identity variables (plus <paramref name="env"/>).</summary>
    public static CarryRun RunAsUser(string dir, string home, IReadOnlyDictionary<string, string>? env, params string[] args) =>
        Finish(Start(dir, home, env, args));

    /// <summary>Starts carry without waiting for it; <see cref="Finish"/> collects what it did.</summary>
    public static Process Start(string dir, IReadOnlyDictionary<string, string>? env, params string[] args) =>
        Start(dir, Binary is null ? null : Home.Value, env, args);

    /// <summary>
    /// Starts carry as the leader of a process group of its own (<c>setsid</c>), as a shell starts
    /// a foreground command: <c>kill -INT -- -PID</c> then does what Ctrl-C does, to carry and to
    /// every process it started.
    /// </summary>
    public static Process StartAsForegroundJob(string dir, IReadOnlyDictionary<string, string>? env, params string[] args) =>
        Start(dir, Binary is null ? null : Home.Value, env, args, session: true);

    private static Process Start(string dir, string? home, IReadOnlyDictionary<string, string>? env, string[] args, bool session = false)
    {
        var psi = new ProcessStartInfo(session ? "setsid" : Binary ?? "dotnet")
        {
            WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        if (session) psi.ArgumentList.Add(Binary ?? "dotnet");
        if (Binary is null) psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "carry.dll"));
        if (home is not null) IdentityOnlyInConfig(psi.Environment, home);
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
            var output = p.StandardOutput.ReadToEndAsync();
            // A carry that hangs fails its test with where it hung, instead of holding CI until
            // its deadline (one did, once, in CI and never here: this is how the next one is found).
            if (!p.WaitForExit(Hang) || !Task.WaitAll(new Task[] { err, output }, Hang))
                throw new TimeoutException(Hung(p));
            return new CarryRun(p.ExitCode, output.Result, err.Result);
        }
    }

    /// <summary>How long one carry command may take before its test fails as hung (story commands take under a few seconds).</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromMinutes(3);

    /// <summary>Kills a hung carry and its children, saying what it ran and, when gdb is there, each thread's stack.</summary>
    private static string Hung(Process p)
    {
        var text = new System.Text.StringBuilder($"carry {string.Join(' ', p.StartInfo.ArgumentList)} did not finish within {Hang}");
        if (p.HasExited) text.Append(" (it exited; a process it started still holds its output)");
        try
        {
            using var ps = Process.Start(new ProcessStartInfo("ps", ["-eo", "pid,ppid,etimes,stat,args", "--forest"]) { RedirectStandardOutput = true })!;
            text.Append("\nprocesses:\n").Append(ps.StandardOutput.ReadToEnd());
            if (!p.HasExited && File.Exists("/usr/bin/gdb"))
            {
                // gdb's own complaints go to the test's error output; only the stacks are kept.
                using var gdb = Process.Start(new ProcessStartInfo("/usr/bin/gdb", ["-batch", "-p", p.Id.ToString(), "-ex", "thread apply all bt"]) { RedirectStandardOutput = true })!;
                var stacks = gdb.StandardOutput.ReadToEndAsync();
                if (gdb.WaitForExit(60_000)) text.Append("\nstacks:\n").Append(stacks.Result);
                else gdb.Kill();
            }
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            text.Append("\n(no diagnostics: ").Append(e.Message).Append(')');
        }
        try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        return text.ToString();
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

    /// <summary>An environment as a user's shell has it: HOME with a .gitconfig, no git identity variables.</summary>
    public static void IdentityOnlyInConfig(IDictionary<string, string?> env, string home)
    {
        foreach (var name in new[] { "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL", "GIT_CONFIG_GLOBAL" })
            env.Remove(name);
        env["HOME"] = home;
        env["XDG_CONFIG_HOME"] = Path.Combine(home, ".config");
    }

    /// <summary>A temp HOME whose only content is a .gitconfig with this identity (left for the OS to clean).</summary>
    public static string IdentityHome(string name, string email)
    {
        var home = Path.Combine(Path.GetTempPath(), "carry-home-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(home);
        File.WriteAllText(Path.Combine(home, ".gitconfig"), $"[user]\n\tname = {name}\n\temail = {email}\n");
        return home;
    }
}
