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

    /// <summary>
    /// True when the lock file at <paramref name="lockPath"/> starts with <paramref name="ownerPrefix"/>
    /// and a process id (how Carry marks the locks it takes) of a process that no longer runs.
    /// </summary>
    public static bool LockOfGoneProcess(string lockPath, string ownerPrefix)
    {
        string head;
        try
        {
            using var f = new FileStream(lockPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var buffer = new byte[64];
            head = System.Text.Encoding.ASCII.GetString(buffer, 0, f.Read(buffer));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
        if (!head.StartsWith(ownerPrefix, StringComparison.Ordinal)) return false;
        var digits = new string(head[ownerPrefix.Length..].TakeWhile(char.IsAsciiDigit).ToArray());
        return int.TryParse(digits, out var pid) && !Runs(pid);
    }
}
