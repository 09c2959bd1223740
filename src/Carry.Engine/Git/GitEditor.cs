using System.Diagnostics;

namespace Carry.Git;

/// <summary>The editor git would open (GIT_EDITOR, core.editor, VISUAL, EDITOR), started the way git starts it.</summary>
public static class GitEditor
{
    /// <summary>Opens <paramref name="path"/> in the user's editor and waits for it to close.</summary>
    public static void Edit(CarryRepository repo, string path) => Run(repo, path, repo.Git.Check(["var", "GIT_EDITOR"]));

    /// <summary>
    /// Opens a plan (a todo list) the way <c>git rebase -i</c> does: in GIT_SEQUENCE_EDITOR, else
    /// sequence.editor, else the usual editor, so scripts that drive rebase drive carry too.
    /// </summary>
    public static void EditSequence(CarryRepository repo, string path)
    {
        var editor = Environment.GetEnvironmentVariable("GIT_SEQUENCE_EDITOR") is { Length: > 0 } env ? env
            : repo.Config("sequence.editor") is { Length: > 0 } configured ? configured
            : repo.Git.Check(["var", "GIT_EDITOR"]);
        Run(repo, path, editor);
    }

    private static void Run(CarryRepository repo, string path, string editor)
    {
        // As git does: the editor is a shell snippet (it may carry options), the file its argument.
        var psi = new ProcessStartInfo(Executable.Path("sh")) { UseShellExecute = false, WorkingDirectory = repo.WorkDir };
        foreach (var a in new[] { "-c", editor + " \"$@\"", editor, path }) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        process.WaitForExit();
        if (process.ExitCode != 0) throw new CarryException($"the editor '{editor}' failed (exit {process.ExitCode})");
    }
}
