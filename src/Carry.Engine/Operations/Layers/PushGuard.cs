using Carry.Git;
using Carry.Storage;

namespace Carry.Operations.Layers;

/// <summary>A pushed commit that holds a private patch.</summary>
/// <param name="RemoteRef">The ref it was pushed to.</param>
/// <param name="Match">The commit and the private patch it holds.</param>
public sealed record PushRefusal(string RemoteRef, PrivateMatch Match);

/// <summary>Where the guard stands in a repository.</summary>
/// <param name="HookPath">The pre-push hook's path (in <c>core.hooksPath</c> when set).</param>
/// <param name="Installed">True when that hook is Carry's guard.</param>
/// <param name="Chained">The user's own hook the guard runs first, or null.</param>
/// <param name="Enabled">False when <c>git config carry.guardPush false</c> turns it off.</param>
public sealed record PushGuardStatus(string HookPath, bool Installed, string? Chained, bool Enabled);

/// <summary>
/// The <c>pre-push</c> hook that keeps the development kit from leaving by a habitual
/// <c>git push</c>: it refuses any pushed commit that holds a private patch of any stack
/// (<see cref="PrivatePatches"/>) to any ref but Carry's own share refs (<c>refs/carry/*</c>).
/// Installed by <c>init</c>, <c>work</c> and <c>kit apply</c> (unless <c>carry.guardPush</c> is
/// false), in git's hooks folder (<c>core.hooksPath</c> respected). A hook already there is
/// never overwritten: it is kept beside as <c>pre-push.before-carry</c> and run first, with the
/// same arguments and input; uninstalling puts it back.
/// </summary>
public static class PushGuard
{
    /// <summary>Git config: <c>false</c> turns the guard off (and stops Carry installing it).</summary>
    public const string ConfigKey = "carry.guardPush";

    /// <summary>The line that marks the hook as Carry's.</summary>
    public const string Marker = "# carry-guard-push";

    private const string ChainedName = "pre-push.before-carry";
    private const string ZeroId = "0000000000000000000000000000000000000000";

    /// <summary>Where the guard stands.</summary>
    public static PushGuardStatus Status(CarryRepository repo)
    {
        var hook = HookPath(repo);
        var installed = File.Exists(hook) && File.ReadAllText(hook).Contains(Marker, StringComparison.Ordinal);
        var chained = Path.Combine(Path.GetDirectoryName(hook)!, ChainedName);
        return new PushGuardStatus(hook, installed, installed && File.Exists(chained) ? chained : null, Enabled(repo));
    }

    /// <summary>
    /// The guard's status when it should stand but git would not run it: the guard is on, the
    /// stack has private patches, <c>core.hooksPath</c> is set (husky and similar tools set it after
    /// <c>carry init</c>, silently moving git's hooks folder away from the guard) and no guard is
    /// in that folder. Null otherwise. Without <c>core.hooksPath</c> nothing is asked of git, so
    /// every command can afford the check.
    /// </summary>
    public static PushGuardStatus? Misplaced(CarryRepository repo, Model.StackState state)
    {
        if (string.IsNullOrEmpty(repo.Config("core.hooksPath")) || !Enabled(repo)) return null;
        if (!state.All.Any(state.Details.IsPrivate)) return null;
        var status = Status(repo);
        return status.Installed ? null : status;
    }

    /// <summary>False when <c>carry.guardPush</c> is set to false.</summary>
    public static bool Enabled(CarryRepository repo) =>
        repo.Config(ConfigKey)?.Trim().ToLowerInvariant() is not ("false" or "no" or "off" or "0");

    /// <summary>
    /// Installs (or updates) the guard, running Carry as <paramref name="carry"/> (the running
    /// binary: an absolute path, or the host and the assembly); at push time it falls back to
    /// <c>carry</c> or <c>git-carry</c> on the PATH. Returns the status, or null when the guard is
    /// turned off and <paramref name="evenIfDisabled"/> is false.
    /// </summary>
    public static PushGuardStatus? Install(CarryRepository repo, IReadOnlyList<string> carry, bool evenIfDisabled = false)
    {
        if (!evenIfDisabled && !Enabled(repo)) return null;
        var hook = HookPath(repo);
        Directory.CreateDirectory(Path.GetDirectoryName(hook)!);
        var chained = Path.Combine(Path.GetDirectoryName(hook)!, ChainedName);
        if (File.Exists(hook) && !File.ReadAllText(hook).Contains(Marker, StringComparison.Ordinal))
        {
            if (File.Exists(chained))
                throw new CarryException($"cannot install the pre-push guard: both '{hook}' and '{chained}' exist",
                    $"merge them into one hook, or remove '{chained}', then run 'carry guard-push install'.");
            File.Move(hook, chained);
        }
        var text = Script(carry);
        if (!File.Exists(hook) || File.ReadAllText(hook) != text)
        {
            var temp = hook + ".carry-tmp";
            File.WriteAllText(temp, text);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, (UnixFileMode)0b111_101_101);
            File.Move(temp, hook, overwrite: true);
        }
        return Status(repo);
    }

    /// <summary>Removes the guard and puts back the hook it chained; returns what was there, or null when the guard was not installed.</summary>
    public static PushGuardStatus? Uninstall(CarryRepository repo)
    {
        var status = Status(repo);
        if (!status.Installed) return null;
        File.Delete(status.HookPath);
        if (status.Chained is { } chained) File.Move(chained, status.HookPath);
        return status;
    }

    /// <summary>
    /// Checks a push, given git's pre-push input (one line per ref: local ref, local id, remote
    /// ref, remote id): the commits each ref would send (not on the remote's known refs, not in
    /// any stack's upstream base: <see cref="KitInBase.UpstreamBases"/>) that hold a private patch. Deletions and Carry's own share refs
    /// are not checked.
    /// </summary>
    public static IReadOnlyList<PushRefusal> Check(CarryRepository repo, string remote, IEnumerable<string> lines)
    {
        var kit = PrivatePatches.Load(repo);
        if (kit.IsEmpty) return [];
        // A base taken from another stack's branch holds that stack's kit: it is not skipped.
        var bases = KitInBase.UpstreamBases(repo);
        var refusals = new List<PushRefusal>();
        foreach (var line in lines)
        {
            var words = line.Trim().Split(' ');
            if (words.Length != 4 || words[1] == ZeroId || words[2].StartsWith("refs/carry/", StringComparison.Ordinal)) continue;
            if (!Oid.IsValid(words[1]) || !Oid.IsValid(words[3])) continue;
            var commits = Revisions.Sent(repo, new Oid(words[1]), remote, words[3] == ZeroId ? null : new Oid(words[3]), bases);
            refusals.AddRange(kit.Find(commits).Select(m => new PushRefusal(words[2], m)));
        }
        return refusals;
    }

    private static string HookPath(CarryRepository repo)
    {
        return Path.Combine(Revisions.HooksFolder(repo), "pre-push");
    }

    /// <summary>A POSIX shell hook (git runs hooks with sh on every platform).</summary>
    private static string Script(IReadOnlyList<string> carry)
    {
        var words = string.Join(' ', carry.Select(Quote));
        var found = carry.Count switch
        {
            0 => "false",
            1 => $"[ -x {Quote(carry[0])} ]",
            _ => $"[ -x {Quote(carry[0])} ] && [ -f {Quote(carry[1])} ]",
        };
        return $$"""
            #!/bin/sh
            {{Marker}}: refuses to push commits that hold private patches (the development kit).
            # Installed by carry. Remove it with 'carry guard-push uninstall' (your own pre-push hook,
            # kept as {{ChainedName}}, is put back); turn it off with 'git config carry.guardPush false'.
            input=$(cat)
            feed() { if [ -n "$input" ]; then printf '%s\n' "$input"; fi; }
            hook_dir=$(dirname "$0")
            if [ -x "$hook_dir/{{ChainedName}}" ]; then
                feed | "$hook_dir/{{ChainedName}}" "$@" || exit $?
            fi
            [ "$(git config --type=bool {{ConfigKey}} 2>/dev/null)" = false ] && exit 0
            if {{found}}; then set -- {{words}} guard-push check "$@"
            elif command -v carry >/dev/null 2>&1; then set -- carry guard-push check "$@"
            elif command -v git-carry >/dev/null 2>&1; then set -- git-carry guard-push check "$@"
            else
                echo "carry pre-push guard: carry is no longer installed; this push was not checked for private patches." >&2
                echo "(remove the hook, or 'git config carry.guardPush false' to silence this)" >&2
                exit 0
            fi
            feed | "$@"

            """.Replace("\r\n", "\n");
    }

    private static string Quote(string word) => "'" + (OperatingSystem.IsWindows() ? word.Replace('\\', '/') : word).Replace("'", "'\\''") + "'";
}
