namespace Carry.Operations.Stack;

/// <summary>
/// A test hook: when CARRY_CRASH_AT names a point, the process dies there, as if killed,
/// so tests can prove that every crash leaves a repository the next run can finish.
/// </summary>
internal static class CrashPoint
{
    private static readonly string? Target = Environment.GetEnvironmentVariable("CARRY_CRASH_AT");

    public static void Hit(string point)
    {
        if (Target == point) Environment.Exit(137);
    }
}
