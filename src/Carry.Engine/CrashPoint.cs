using System.Diagnostics;

namespace Carry;

/// <summary>
/// Test hooks at the points where a command's effects become visible. When CARRY_CRASH_AT
/// names a point, the process kills itself there (SIGKILL: no cleanup runs), so tests can prove
/// that every crash leaves a repository the next run can finish. When CARRY_PAUSE_AT names it,
/// the process creates CARRY_PAUSE_FILE + ".reached" and waits until CARRY_PAUSE_FILE exists,
/// so a test can race a plain git command against that exact moment. When CARRY_FAIL_AT names
/// it, <see cref="Fail"/> throws the I/O error a full or failing disk would.
/// </summary>
internal static class CrashPoint
{
    private static readonly string? Target = Environment.GetEnvironmentVariable("CARRY_CRASH_AT");
    private static readonly string? PauseAt = Environment.GetEnvironmentVariable("CARRY_PAUSE_AT");

    public static void Hit(string point)
    {
        if (Target == point)
        {
            using var self = Process.GetCurrentProcess();
            self.Kill();
            Thread.Sleep(Timeout.Infinite);
        }
        if (PauseAt == point && Environment.GetEnvironmentVariable("CARRY_PAUSE_FILE") is { } go) Pause(go);
    }

    private static readonly string? FailAt = Environment.GetEnvironmentVariable("CARRY_FAIL_AT");

    /// <summary>Throws an <see cref="IOException"/> when CARRY_FAIL_AT names <paramref name="point"/>.</summary>
    public static void Fail(string point)
    {
        if (FailAt == point) throw new IOException($"injected failure at {point} (CARRY_FAIL_AT)");
    }

    private static void Pause(string go)
    {
        File.WriteAllText(go + ".reached", Environment.ProcessId.ToString());
        var deadline = Environment.TickCount64 + 60_000;
        while (!File.Exists(go) && Environment.TickCount64 < deadline) Thread.Sleep(10);
    }
}
