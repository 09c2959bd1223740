using System.Diagnostics;
using System.Text;

namespace Carry.Git;

/// <summary>
/// Throw-away working trees of a commit (<c>git worktree</c>), where <c>carry test</c> runs the
/// user's command on each patch's tree while the user's own working tree stays untouched.
/// </summary>
public static class Worktrees
{
    /// <summary>
    /// Checks <paramref name="commit"/> out, detached, into the new folder <paramref name="path"/>.
    /// Its tree may come from upstream or a teammate: the one path rule checks what it has beyond
    /// <paramref name="checkedTree"/> (a tree already checked; the empty tree checks all of it),
    /// since git's own checkout leaves the HFS and NTFS rules off on Linux.
    /// </summary>
    public static void AddDetached(CarryRepository repo, string path, Oid commit, Oid checkedTree)
    {
        TreeCheck.Require(repo.Objects, checkedTree, repo.Objects.ReadCommit(commit).Tree, $"to test commit {commit.Short}");
        repo.Git.Check(["worktree", "add", "--detach", "--quiet", path, commit.Hex]);
    }

    /// <summary>Removes a working tree made by <see cref="AddDetached"/>, whatever the command left in it.</summary>
    public static void Remove(CarryRepository repo, string path)
    {
        if (!repo.Git.Run(["worktree", "remove", "--force", "--force", path]).Ok && Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
            repo.Git.Run(["worktree", "prune"]);
        }
    }
}

/// <summary>A command the user asked Carry to run (<c>carry test -- CMD…</c>), as typed: no shell unless they name one.</summary>
public static class UserCommand
{
    /// <summary>Runs <paramref name="argv"/> in <paramref name="folder"/>; returns its exit code (127 when it cannot be started) and its output, both streams together.</summary>
    public static (int Exit, string Output) Run(IReadOnlyList<string> argv, string folder, CancellationToken cancel = default)
    {
        var psi = new ProcessStartInfo(argv[0])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in argv.Skip(1)) psi.ArgumentList.Add(a);
        // The command works on the temporary worktree's repository, not on one the environment names.
        foreach (var name in Discovery.RepositoryVariables) psi.Environment.Remove(name);
        var output = new StringBuilder();
        try
        {
            using var process = Process.Start(psi)!;
            process.StandardInput.Close();
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.Append(e.Data).Append('\n'); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.Append(e.Data).Append('\n'); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using (cancel.Register(() => { try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } }))
                process.WaitForExit();
            cancel.ThrowIfCancellationRequested();
            lock (output) return (process.ExitCode, output.ToString());
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (127, $"{argv[0]}: {e.Message}\n");
        }
    }
}
