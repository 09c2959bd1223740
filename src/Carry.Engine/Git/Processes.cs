using System.Diagnostics;

namespace Carry.Git;

/// <summary>Whether the process a lock names still runs: how a lock left by a killed run is told from a live one.</summary>
internal static class Processes
{
    /// <summary>
    /// True when process <paramref name="pid"/> runs and, given <paramref name="since"/>, was
    /// started before it (a process started later only reuses the id of the one that wrote).
    /// </summary>
    public static bool Runs(int pid, DateTime? since = null)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            if (process.HasExited) return false;
            if (since is { } t && process.StartTime.ToUniversalTime() > t + TimeSpan.FromSeconds(1)) return false;
            return true;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
