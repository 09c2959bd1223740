using Carry.Git;

namespace Carry.Storage;

/// <summary>
/// Keeps two carry runs on one repository apart. The lock is <c>carry.lock</c> in the folder
/// all working trees share; it names the process holding it, so a lock left by a killed run is
/// recognised (its process is gone) and taken over instead of blocking forever.
/// </summary>
/// <remarks>
/// Every step is atomic, so no two runs can ever both hold the lock:
/// <list type="bullet">
/// <item>A lock is created with its content in one step: written to a private file, then
/// linked into place (<see cref="ExclusiveFile"/>: <c>link()</c> fails if the name exists). There is
/// no moment at which the lock exists but is empty. (Not <c>File.Move</c> without overwrite: on
/// Unix .NET looks for the name, then renames over whatever is there by then, so two runs could
/// each move their lock into place, and each believe it held it.)</item>
/// <item>A stale lock is removed only by the one run holding <c>carry.lock.takeover</c>
/// (created the same way), after reading it again under that guard: its dead owner cannot
/// change it, and no other run may remove it meanwhile, so the lock removed is exactly the one
/// judged stale, never a live lock created since.</item>
/// <item>Any lock (a stale one, a stale guard, one's own on release) is removed by renaming it
/// to a private name and checking its content there; a lock that turns out not to be the one
/// expected is put back.</item>
/// </list>
/// </remarks>
public sealed class RepoLock : IDisposable
{
    private const string LockName = "carry.lock";

    /// <summary>A lock with no readable owner (an older carry killed while writing it) is stale once this old.</summary>
    private static readonly TimeSpan UnreadableGrace = TimeSpan.FromSeconds(10);

    private readonly string _path;
    private readonly string _text;
    private bool _released;

    private RepoLock(string path, string text)
    {
        _path = path;
        _text = text;
    }

    /// <summary>True when some run holds (or a killed run left) the lock.</summary>
    public static bool Exists(string commonDir) => File.Exists(Path.Combine(commonDir, LockName));

    /// <summary>
    /// Takes the lock, or throws naming the run that holds it. With <paramref name="wait"/> (for
    /// read-only commands) a live holder is waited for briefly, since its ref updates are atomic
    /// and short.
    /// </summary>
    public static RepoLock Acquire(string commonDir, string command, bool wait)
    {
        var deadline = Environment.TickCount64 + 2000;
        while (true)
        {
            try
            {
                return Acquire(commonDir, command);
            }
            catch (CarryException) when (wait && Environment.TickCount64 < deadline && !Directory.Exists(Path.Combine(commonDir, LockName)))
            {
                Thread.Sleep(20);
            }
        }
    }

    /// <summary>Takes the lock, or throws naming the run that holds it.</summary>
    public static RepoLock Acquire(string commonDir, string command)
    {
        var path = Path.Combine(commonDir, LockName);
        var text = OwnerText(command);
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (Directory.Exists(path)) throw NotALock(path);
            if (TryCreate(path, text)) return new RepoLock(path, text);
            if (SafeRead(path) is not { } held) continue; // released meanwhile: try again
            if (IsAlive(path, held))
                throw new CarryException(
                    $"another carry is running on this repository ({Describe(held)})",
                    $"wait for it to finish. If no carry is running, remove '{path}'.", exitCode: 5);
            TakeOver(path, held, text);
        }
        throw new CarryException($"could not take '{path}': other carry runs kept taking it", "try again.");
    }

    /// <summary>A folder at the lock's name: no carry makes one (it writes a file), so there is no owner to ask and nothing to take over.</summary>
    private static CarryException NotALock(string path) =>
        new($"'{path}' is a folder, not carry's lock file",
            $"carry never makes it; if you did not make it on purpose, remove it ('rmdir \"{path}\"') and run carry again.", exitCode: 5);

    private static string OwnerText(string command) =>
        $"pid {Environment.ProcessId}\nhost {Environment.MachineName}\nnonce {Guid.NewGuid():N}\n" +
        $"command {command.Replace('\n', ' ')}\n";

    /// <summary>Creates <paramref name="path"/> holding <paramref name="text"/> in one step; false if it exists (<see cref="ExclusiveFile"/>).</summary>
    internal static bool TryCreate(string path, string text) =>
        // False: taken (or taken and released again meanwhile); the caller looks and retries.
        ExclusiveFile.TryCreate(path, System.Text.Encoding.UTF8.GetBytes(text), $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");

    /// <summary>
    /// Removes the stale lock <paramref name="stale"/> if it is still there, under the takeover
    /// guard; the caller then tries to create its own lock as any run would.
    /// </summary>
    private static void TakeOver(string path, string stale, string ownText)
    {
        var guard = path + ".takeover";
        if (!TryCreate(guard, ownText))
        {
            if (SafeRead(guard) is { } taker && !IsAlive(guard, taker)) RemoveIf(guard, taker);
            else Thread.Sleep(10); // another run is taking the lock over: see what it leaves
            return;
        }
        try
        {
            CrashPoint.Hit("lock-takeover");
            if (SafeRead(path) == stale) RemoveIf(path, stale);
        }
        finally
        {
            RemoveIf(guard, ownText);
        }
    }

    /// <summary>Removes <paramref name="path"/> only if it holds <paramref name="expected"/>: renamed aside first, then checked.</summary>
    private static void RemoveIf(string path, string expected)
    {
        var aside = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            File.Move(path, aside, overwrite: false);
        }
        catch (FileNotFoundException)
        {
            return;
        }
        if (SafeRead(aside) == expected)
        {
            File.Delete(aside);
            return;
        }
        // Not the file judged removable: put it back as it was (same file, same content), unless
        // a lock was created at its name meanwhile.
        try { ExclusiveFile.TryLink(aside, path); }
        finally { File.Delete(aside); }
    }

    private static string? SafeRead(string path)
    {
        try { return File.ReadAllText(path); }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
        catch (IOException) { return ""; }
        catch (UnauthorizedAccessException) { return ""; } // unreadable: judged by its age, as an empty lock is
    }

    /// <summary>
    /// True unless the lock's owner is known to be gone: its process no longer runs (or the
    /// id now belongs to a process started after the lock was written), or the lock names no
    /// owner and is older than any run needs to write one.
    /// </summary>
    private static bool IsAlive(string path, string text)
    {
        var fields = Fields(text);
        DateTime written;
        try { written = File.GetLastWriteTimeUtc(path); }
        catch (IOException) { return true; }
        if (!fields.TryGetValue("pid", out var pidText) || !int.TryParse(pidText, out var pid))
            return DateTime.UtcNow - written < UnreadableGrace;
        if (fields.TryGetValue("host", out var host) && host != Environment.MachineName) return true;
        return Processes.Runs(pid, written);
    }

    /// <summary>Removes what killed runs left in <paramref name="commonDir"/>: their private temporary names of the lock and of its takeover guard.</summary>
    internal static void CleanLeftovers(string commonDir)
    {
        Leftovers.Clean(commonDir, LockName + ".");
        Leftovers.Clean(commonDir, LockName + ".takeover.");
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
        try { RemoveIf(_path, _text); }
        catch (IOException) { /* a lock we cannot delete is taken over by the next run */ }
    }
}

/// <summary>
/// Private temporary files a killed carry left (temporary lock files, temporary indexes): each
/// name carries its writer's process id, so only those whose writer is gone are removed.
/// </summary>
internal static class Leftovers
{
    /// <summary>Removes files named <c>&lt;prefix&gt;&lt;pid&gt;…</c> in <paramref name="dir"/> whose process no longer runs.</summary>
    public static void Clean(string dir, string prefix)
    {
        IEnumerable<string> files;
        // The pattern is a prefilter only: "a.b.*" also matches "a.b" in .NET.
        try { files = Directory.EnumerateFiles(dir, prefix + "*").Where(f => Path.GetFileName(f).StartsWith(prefix, StringComparison.Ordinal)).ToList(); }
        catch (IOException) { return; }
        foreach (var file in files)
        {
            var rest = Path.GetFileName(file)[prefix.Length..];
            var digits = new string(rest.TakeWhile(char.IsAsciiDigit).ToArray());
            if (digits.Length == 0 || !int.TryParse(digits, out var pid)) continue;
            if (pid == Environment.ProcessId || Processes.Runs(pid, File.GetLastWriteTimeUtc(file))) continue;
            try { File.Delete(file); }
            catch (IOException) { /* still in use: left for a later run */ }
        }
    }
}
