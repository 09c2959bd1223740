using System.Collections.Concurrent;
using System.Diagnostics;

namespace Carry.Tests.Support;

/// <summary>
/// Repositories that many tests start from, built once per test run and copied (<c>cp -a</c>:
/// one process instead of the score of git and carry commands that built them). A copy is the
/// same repository as one built anew; the clock is part of the key, since a fixed clock
/// (<see cref="FixedClock"/>) changes every commit id.
/// </summary>
public static class Templates
{
    private static readonly ConcurrentDictionary<string, Lazy<IDisposable>> Built = new();

    static Templates() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var template in Built.Values.Where(t => t.IsValueCreated)) template.Value.Dispose();
    };

    /// <summary>The template of this kind, built by <paramref name="build"/> the first time it is asked for.</summary>
    public static T Get<T>(string kind, Func<T> build) where T : class, IDisposable
    {
        var key = $"{typeof(T).Name} {kind} {Environment.GetEnvironmentVariable("GIT_AUTHOR_DATE")} {Environment.GetEnvironmentVariable("GIT_COMMITTER_DATE")}";
        return (T)Built.GetOrAdd(key, _ => new Lazy<IDisposable>(build)).Value;
    }

    /// <summary>A new temp folder's path, named as <see cref="TempRepo"/> names them.</summary>
    public static string NewDir(string? name, bool onDisk = false) =>
        Path.Combine(onDisk ? TempRoot.OnDisk : Path.GetTempPath(), "carry-test-" + (name ?? "") + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>Copies a folder with everything in it (modes, times, links) to <paramref name="to"/>, which must not exist.</summary>
    public static void CopyFolder(string from, string to)
    {
        using var cp = Process.Start(new ProcessStartInfo("cp", ["-a", from, to]) { RedirectStandardError = true })!;
        var err = cp.StandardError.ReadToEnd();
        cp.WaitForExit();
        if (cp.ExitCode != 0) throw new InvalidOperationException($"cp -a {from} {to} failed: {err}");
    }
}
