using System.Text;

namespace Carry.Git;

/// <summary>
/// The ref update every state-changing command ends with, done in process: what
/// <c>git update-ref --create-reflog -m MESSAGE --stdin</c> does for plain updates in git's
/// "files" ref store (refs/files-backend.c), file for file and byte for byte, without the 3–5 ms
/// of starting git (a tenth of a dev-kit sync).
/// <para>
/// Git's order is kept: every ref is locked (<c>NAME.lock</c>, created exclusively, here with
/// the new value already in it) and its value checked before anything is committed; then each
/// ref's reflog entry is appended and its lock renamed into place; a ref HEAD points at also gets an entry in
/// HEAD's reflog (HEAD locked meanwhile), and a ref that already holds its new value is left
/// alone without a reflog entry. A crash leaves what git's own crash would leave.
/// </para>
/// <para>
/// Anything this does not reproduce goes to git unchanged (<see cref="Outcome.UseGit"/>, decided
/// before a file is written): another ref store (reftable), a reference-transaction hook or
/// <c>core.hooksPath</c>, shared-repository permissions, <c>core.fsync</c>, deletions (packed-refs
/// rewrite), names outside <c>refs/heads/</c> and <c>refs/carry/</c> or outside a plain character
/// set, symbolic refs, a lock some other program holds (git waits for it), name conflicts with
/// other refs, an identity git would sanitise or a date only git parses.
/// </para>
/// </summary>
internal static class LooseRefTransaction
{
    public enum Outcome
    {
        /// <summary>Every ref holds its new value, every reflog has its entry.</summary>
        Committed,

        /// <summary>A ref no longer held the value expected of it: nothing was changed.</summary>
        Refused,

        /// <summary>Not something this reproduces: nothing was changed, let git do it.</summary>
        UseGit,
    }

    private const string Zero = "0000000000000000000000000000000000000000";

    /// <summary>What HEAD.lock holds while a transaction holds it (git never renames that lock into place): whose it is, so a run after a kill can remove it.</summary>
    internal const string HeadLockOwnerPrefix = "carry ref transaction, pid ";

    private sealed record Step(RefUpdate Update, string Path, string Lock, Oid? Current)
    {
        public bool Writes => Current != Update.New;
    }

    /// <summary>
    /// Applies <paramref name="updates"/> (each with <see cref="RefUpdate.New"/> set) to
    /// <paramref name="repo"/>'s refs all together, or tells why not.
    /// </summary>
    public static Outcome TryCommit(CarryRepository repo, IReadOnlyList<RefUpdate> updates, string message, out string error)
    {
        error = "";
        var (gitDir, commonDir) = (repo.GitDir, repo.CommonDir);
        if (updates.Count == 0 || !StoreSupported(commonDir, repo.Config) || !NamesSupported(updates)) return Outcome.UseGit;
        if (Identity.ReflogCommitter(repo.Config) is not { } ident) return Outcome.UseGit;
        if (!RefFiles.TryReadHead(gitDir, out var headTarget)) return Outcome.UseGit;
        var locks = new List<string>();
        try
        {
            var steps = new List<Step>(updates.Count);
            foreach (var update in updates)
            {
                var path = Path.Combine(commonDir, update.Name.Replace('/', Path.DirectorySeparatorChar));
                // A folder where the ref or its reflog must go ("there are still logs under"): git explains.
                if (Directory.Exists(path) || Directory.Exists(LogPath(commonDir, update.Name)) || !TryCreateParent(path)) return Outcome.UseGit;
                var lockPath = path + ".lock";
                // The lock holds the ref's new value from the moment it exists, also when the ref
                // keeps its value (a rename moves only the stack): whatever moment a kill -9 comes
                // at, the lock it leaves is known by that value as this transaction's (RemoveLeftLocks).
                if (!TryLock(commonDir, lockPath, update.New!.Value.Hex + "\n")) return Outcome.UseGit;
                locks.Add(lockPath);
                CrashPoint.Hit("ref-locked");
                if (!RefFiles.TryReadLoose(path, out var current, out var exists)) return Outcome.UseGit;
                // No loose file: the value, if any, is packed, and libgit2 reads packed-refs as git does.
                if (!exists && !TryReadPacked(repo, update.Name, out current)) return Outcome.UseGit;
                if (current != update.Old)
                {
                    error = update.Old is null
                        ? $"cannot lock ref '{update.Name}': reference already exists"
                        : current is null
                            ? $"cannot lock ref '{update.Name}': unable to resolve reference '{update.Name}'"
                            : $"cannot lock ref '{update.Name}': is at {current.Value.Hex} but expected {update.Old.Value.Hex}";
                    return Outcome.Refused;
                }
                steps.Add(new Step(update, path, lockPath, current));
            }
            // HEAD's own reflog follows the branch it points at (git's split_head_update).
            var viaHead = steps.FirstOrDefault(s => s.Update.Name == headTarget);
            if (viaHead is not null)
            {
                var headLock = Path.Combine(gitDir, "HEAD.lock");
                if (!TryLock(commonDir, headLock, $"{HeadLockOwnerPrefix}{Environment.ProcessId}\n")) return Outcome.UseGit;
                locks.Add(headLock);
                CrashPoint.Hit("head-locked");
                if (!RefFiles.TryReadHead(gitDir, out var again) || again != headTarget) return Outcome.UseGit;
            }

            CrashPoint.Hit("refs-locked");
            var line = Normalize(message);
            var committed = 0;
            foreach (var step in steps.Where(s => s.Writes))
            {
                if (committed++ == 1) CrashPoint.Hit("refs-half");
                AppendReflog(LogPath(commonDir, step.Update.Name), step.Current?.Hex ?? Zero, step.Update.New!.Value.Hex, ident, line);
                File.Move(step.Lock, step.Path, overwrite: true);
                locks.Remove(step.Lock);
            }
            if (viaHead is not null)
                AppendReflog(Path.Combine(gitDir, "logs", "HEAD"), viaHead.Update.Old?.Hex ?? Zero, viaHead.Update.New!.Value.Hex, ident, line);
            return Outcome.Committed;
        }
        finally
        {
            foreach (var held in locks)
                try { File.Delete(held); }
                catch (IOException) { } // git's own message names a lock left behind; nothing better to do here
        }
    }

    /// <summary>
    /// Removes what a transaction killed part-way left (called by recovery, which holds
    /// carry's lock, so no other carry runs): each ref lock holding exactly the value that run
    /// was writing or keeping (git's own lock of the ref would hold git's value, or nothing yet;
    /// carry's is never empty: <see cref="TryLock"/>), and a HEAD.lock marked by a process that is
    /// gone. Anything else stays for its owner (git says how to remove it).
    /// </summary>
    public static void RemoveLeftLocks(string gitDir, string commonDir, IEnumerable<(string Name, Oid? Value)> planned)
    {
        foreach (var (name, value) in planned)
        {
            if (value is null || !RefFiles.PlainName(name)) continue;
            var lockPath = Path.Combine(commonDir, name.Replace('/', Path.DirectorySeparatorChar)) + ".lock";
            if (ReadSmall(lockPath) == value.Value.Hex + "\n") TryDelete(lockPath);
        }
        var headLock = Path.Combine(gitDir, "HEAD.lock");
        if (Processes.LockOfGoneProcess(headLock, HeadLockOwnerPrefix)) TryDelete(headLock);
    }

    private static string? ReadSmall(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists && info.Length <= 128 && info.LinkTarget is null ? File.ReadAllText(path) : null;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { } // then git's message names the lock, as after its own crash
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>The files ref store as git writes it by default; anything configured otherwise is git's to do.</summary>
    private static bool StoreSupported(string commonDir, Func<string, string?> config) =>
        config("extensions.refstorage") is null or "files"
        && config("core.hookspath") is null
        && !File.Exists(Path.Combine(commonDir, "hooks", "reference-transaction"))
        && config("core.sharedrepository") is null
        && config("core.fsync") is null;

    /// <summary>Carry's own refs, with names git's check-ref-format accepts and every file system can hold.</summary>
    private static bool NamesSupported(IReadOnlyList<RefUpdate> updates)
    {
        for (var i = 0; i < updates.Count; i++)
        {
            var name = updates[i].Name;
            if (updates[i].New is null || !RefFiles.PlainName(name)) return false;
            for (var j = 0; j < i; j++)
                if (updates[j].Name == name || updates[j].Name.StartsWith(name + "/", StringComparison.Ordinal)
                    || name.StartsWith(updates[j].Name + "/", StringComparison.Ordinal))
                    return false;
        }
        return true;
    }

    private static bool TryCreateParent(string path)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            return true;
        }
        catch (IOException) { return false; } // a file where a folder must be: a name conflict git explains
        catch (UnauthorizedAccessException) { return false; }
    }

    /// <summary>Where a lock's content is written before the lock is linked into place (not beside the ref: git would read a stray file there as a branch); a killed run's are removed by the next (StackSession).</summary>
    internal const string TempPrefix = "carry-reflock.";

    /// <summary>
    /// Creates <paramref name="path"/> exclusively, as git's lockfile.c does, but with its content
    /// in the same step (<see cref="ExclusiveFile"/>): git's lock is empty until it writes it, and
    /// an empty lock a killed carry left could not be told from git's own. False if anyone holds it.
    /// </summary>
    private static bool TryLock(string commonDir, string path, string content)
    {
        try
        {
            var temp = Path.Combine(commonDir, $"{TempPrefix}{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
            return ExclusiveFile.TryCreate(path, Encoding.ASCII.GetBytes(content), temp);
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    private static string LogPath(string commonDir, string name) =>
        Path.Combine(commonDir, "logs", name.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>
    /// The packed value of a ref with no loose file (null: none); false when git must decide: a
    /// new name that clashes with an existing ref as a folder of it or below it (refs/a and
    /// refs/a/b cannot both exist), or a ref libgit2 cannot read.
    /// </summary>
    private static bool TryReadPacked(CarryRepository repo, string name, out Oid? value)
    {
        value = null;
        try
        {
            value = repo.ReadRef(name);
            if (value is not null) return true;
            var space = name[..(name.IndexOf('/', "refs/".Length) + 1)]; // refs/heads/ or refs/carry/
            return !repo.RefNames(space).Any(other =>
                name.StartsWith(other + "/", StringComparison.Ordinal) || other.StartsWith(name + "/", StringComparison.Ordinal));
        }
        catch (CarryException) { return false; }
    }

    /// <summary>One reflog line, as git's log_ref_write_fd writes it.</summary>
    private static void AppendReflog(string path, string oldHex, string newHex, string ident, string message)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var line = message.Length == 0 ? $"{oldHex} {newHex} {ident}\n" : $"{oldHex} {newHex} {ident}\t{message}\n";
        using var log = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1);
        log.Write(Encoding.UTF8.GetBytes(line));
    }

    /// <summary>git's copy_reflog_msg: leading space dropped, each run of space as one ' ', trailing space trimmed.</summary>
    internal static string Normalize(string message)
    {
        var sb = new StringBuilder(message.Length);
        var wasSpace = true;
        foreach (var c in message)
        {
            var space = c is ' ' or '\t' or '\n' or '\r';
            if (wasSpace && space) continue;
            wasSpace = space;
            sb.Append(space ? ' ' : c);
        }
        return sb.ToString().TrimEnd(' ');
    }
}
