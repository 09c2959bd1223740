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
        Start(dir, Binary is null ? null : Home.Value, env, args);

    /// <summary>Runs carry with HOME = <paramref name="home"/> and no git identity variables (plus <paramref name="env"/>).</summary>
    public static CarryRun RunAsUser(string dir, string home, IReadOnlyDictionary<string, string>? env, params string[] args) =>
        Start(dir, home, env, args);

    private static CarryRun Start(string dir, string? home, IReadOnlyDictionary<string, string>? env, string[] args)
    {
        var psi = new ProcessStartInfo(Binary ?? "dotnet")
        {
            WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        if (Binary is null) psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "carry.dll"));
        if (home is not null) IdentityOnlyInConfig(psi.Environment, home);
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return new CarryRun(p.ExitCode, output, err.Result);
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
