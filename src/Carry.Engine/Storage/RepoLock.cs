using System.Diagnostics;
using System.Text;

namespace Carry.Storage;

/// <summary>
/// Keeps two carry runs on one repository apart, and doubles as the journal of the one
/// step that cannot be made atomic: writing the working tree. The file is
/// <c>.git/carry.lock</c>; it names the process holding it, so a lock left by a crashed run is
/// recognised (its process is gone) and its journal replayed instead of blocking forever.
/// </summary>
public sealed class RepoLock : IDisposable
{
    private readonly string _path;
    private readonly string _owner;
    private bool _released;

    private RepoLock(string path, string owner)
    {
        _path = path;
        _owner = owner;
    }

    /// <summary>The journal a crashed run left behind, found while acquiring; null if none.</summary>
    public Journal? Leftover { get; private init; }

    /// <summary>True when some run holds (or a crashed run left) the lock.</summary>
    public static bool Exists(string commonDir) => File.Exists(Path.Combine(commonDir, "carry.lock"));

    /// <summary>
    /// Takes the lock, or throws naming the run that holds it. With <paramref name="wait"/> (for
    /// read-only commands) a live holder is waited for briefly, since its ref updates are atomic
    /// and short.
    /// </summary>
    public static RepoLock? Acquire(string commonDir, string command, bool wait)
    {
        var deadline = Environment.TickCount64 + 2000;
        while (true)
        {
            try
            {
                return Acquire(commonDir, command);
            }
            catch (CarryException) when (wait && Environment.TickCount64 < deadline)
            {
                Thread.Sleep(20);
            }
        }
    }

    /// <summary>Takes the lock, or throws naming the run that holds it.</summary>
    public static RepoLock Acquire(string commonDir, string command)
    {
        var path = Path.Combine(commonDir, "carry.lock");
        var owner = $"pid {Environment.ProcessId}\nhost {Environment.MachineName}\ncommand {command}\n";
        Journal? leftover = null;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            try
            {
                using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
                file.Write(Encoding.UTF8.GetBytes(owner));
                return new RepoLock(path, owner) { Leftover = leftover };
            }
            catch (IOException) when (File.Exists(path))
            {
                var text = SafeRead(path);
                if (HolderIsAlive(text))
                    throw new CarryException(
                        $"another carry is running on this repository ({Describe(text)})",
                        $"wait for it to finish. If no carry is running, remove '{path}'.");
                leftover = Journal.Parse(text);
                File.Delete(path);
            }
        }
        throw new CarryException($"could not create '{path}'");
    }

    /// <summary>Records what is about to be written, so a crash part-way can be completed.</summary>
    public void WriteJournal(Journal journal) => Rewrite(_owner + journal.Format());

    /// <summary>Forgets the journal once the step it describes is complete.</summary>
    public void ClearJournal() => Rewrite(_owner);

    private void Rewrite(string text)
    {
        using var file = new FileStream(_path, FileMode.Create, FileAccess.Write);
        // No fsync: the journal guards against a killed process, whose writes the kernel
        // still completes; after a power loss the working tree itself is not durable either.
        file.Write(Encoding.UTF8.GetBytes(text));
    }

    private static string SafeRead(string path)
    {
        try { return File.ReadAllText(path); }
        catch (IOException) { return ""; }
    }

    private static bool HolderIsAlive(string text)
    {
        var fields = Fields(text);
        if (!fields.TryGetValue("pid", out var pidText) || !int.TryParse(pidText, out var pid)) return true;
        if (fields.TryGetValue("host", out var host) && host != Environment.MachineName) return true;
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string Describe(string text)
    {
        var fields = Fields(text);
        return $"pid {fields.GetValueOrDefault("pid", "?")}: carry {fields.GetValueOrDefault("command", "?")}";
    }

    internal static Dictionary<string, string> Fields(string text)
    {
        var fields = new Dictionary<string, string>();
        foreach (var line in text.Split('\n'))
        {
            var space = line.IndexOf(' ');
            if (space > 0) fields.TryAdd(line[..space], line[(space + 1)..]);
        }
        return fields;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_released) return;
        _released = true;
        try { File.Delete(_path); }
        catch (IOException) { /* a lock we cannot delete is reported by the next run */ }
    }
}
