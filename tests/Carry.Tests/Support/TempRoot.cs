namespace Carry.Tests.Support;

/// <summary>
/// Where the tests' temp folders go. On Linux with a usable tmpfs at <c>/dev/shm</c> (writable,
/// not mounted noexec: hooks run from the repositories), every temp folder of the run, the
/// child processes' included (TMPDIR), is made in one folder there, deleted when the test host
/// has ended (or, failing that, by the next run). The tests create and delete repositories by
/// the thousand, and on ext4 each new file's inode search walks the recently deleted inodes:
/// more than half the fast subset's system time went there (docs/testing.md). The repositories
/// are the same real git repositories, on a real file system. A TMPDIR the user set is kept
/// (so is CARRY_TEST_TMPFS=0), and the corpus repositories, hundreds of megabytes each, stay
/// on disk (<see cref="OnDisk"/>): memory is shared.
/// </summary>
internal static class TempRoot
{
    private const string Shm = "/dev/shm";
    private const string Prefix = "carry-tests-";

    /// <summary>The temp folder before the switch (on disk), for the few hundred-megabyte repositories.</summary>
    public static string OnDisk { get; private set; } = "";

    /// <summary>Makes TMPDIR a folder of this run on tmpfs, when there is a usable one.</summary>
    internal static void Init()
    {
        OnDisk = Path.GetTempPath();
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("TMPDIR") is { Length: > 0 }) return;
        if (Environment.GetEnvironmentVariable("CARRY_TEST_TMPFS") is "0" or "false" || !UsableTmpfs()) return;
        DeleteStale();
        var root = Path.Combine(Shm, Prefix + Identity(Environment.ProcessId));
        try
        {
            Directory.CreateDirectory(root);
        }
        catch (IOException)
        {
            return;
        }
        catch (UnauthorizedAccessException)
        {
            return;
        }
        Environment.SetEnvironmentVariable("TMPDIR", root);
        StartSweeper(root);
    }

    /// <summary>
    /// Deletes <paramref name="root"/> once this process has ended, however it ends: the test
    /// host is killed soon after the last test (a ProcessExit handler is cut short, which is why
    /// template folders were left in /tmp). A process of its own session, which ends by itself.
    /// </summary>
    private static void StartSweeper(string root)
    {
        const string Script = "exec </dev/null >/dev/null 2>&1; tail --pid=\"$1\" -f /dev/null; chmod -R u+w \"$2\"; rm -rf \"$2\"";
        var psi = new System.Diagnostics.ProcessStartInfo("setsid", ["-f", "sh", "-c", Script, "sh", Environment.ProcessId.ToString(), root])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        try
        {
            using var sweeper = System.Diagnostics.Process.Start(psi)!;
            sweeper.WaitForExit(); // setsid -f returns at once, leaving sh to wait
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No setsid: the next run deletes the folder (DeleteStale).
        }
    }

    /// <summary>
    /// TMPDIR back on disk until disposed, for an output whose line wrapping depends on the temp
    /// folder's length (the demo's banner names its folder; its snapshot was taken with /tmp).
    /// TMPDIR is process-wide: only for tests that run alone (the fixed-clock collection).
    /// </summary>
    public static IDisposable OnDiskWhileAlone()
    {
        var before = Environment.GetEnvironmentVariable("TMPDIR");
        Environment.SetEnvironmentVariable("TMPDIR", OnDisk);
        return new Restore(() => Environment.SetEnvironmentVariable("TMPDIR", before));
    }

    private sealed class Restore(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }

    /// <summary>A tmpfs at /dev/shm, mounted read-write and without noexec, with room to spare.</summary>
    private static bool UsableTmpfs()
    {
        try
        {
            // mountinfo: "id parent dev root mountpoint options ... - fstype source superoptions"
            var mount = File.ReadLines("/proc/self/mountinfo").Select(l => l.Split(' '))
                .LastOrDefault(f => f.Length > 6 && f[4] == Shm);
            if (mount is null) return false;
            var dash = Array.IndexOf(mount, "-");
            if (dash < 0 || dash + 1 >= mount.Length || mount[dash + 1] != "tmpfs") return false;
            if (mount[5].Split(',') is var options && (options.Contains("noexec") || !options.Contains("rw"))) return false;
            return new DriveInfo(Shm).AvailableFreeSpace > 2L << 30;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Deletes the folders of earlier runs whose process is gone (killed before it could).</summary>
    private static void DeleteStale()
    {
        foreach (var dir in Directory.EnumerateDirectories(Shm, Prefix + "*"))
        {
            var name = Path.GetFileName(dir)[Prefix.Length..];
            var pid = name.Split('-')[0];
            if (int.TryParse(pid, out var id) && Identity(id) != name) TempRepo.DeleteFolder(dir);
        }
    }

    /// <summary>
    /// "pid-start": the process id and its start time (since boot), so that a reused pid is not
    /// mistaken for the run that made the folder; "pid-" when there is no such process.
    /// </summary>
    private static string Identity(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Field 22 (starttime) counts from the end of "(comm)", which may itself hold spaces.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return $"{pid}-{fields[19]}";
        }
        catch (IOException)
        {
            return $"{pid}-";
        }
    }
}
