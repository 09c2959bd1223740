using Carry.Git;

namespace Carry.Cli;

/// <summary>Opens the user's editor the way git does (GIT_EDITOR, core.editor, VISUAL, EDITOR).</summary>
internal static class Editor
{
    /// <summary>Lets the user edit <paramref name="text"/>; lines starting with '#' are dropped.</summary>
    public static string Edit(CarryRepository repo, string text, string fileName)
    {
        var editor = repo.Git.Check(["var", "GIT_EDITOR"]);
        var path = Path.Combine(repo.GitDir, fileName.Replace('/', '_'));
        File.WriteAllText(path, text.TrimEnd('\n') + "\n\n# Edit the message. Lines starting with '#' are ignored; an empty message aborts.\n");
        try
        {
            var psi = new System.Diagnostics.ProcessStartInfo("sh") { UseShellExecute = false, WorkingDirectory = repo.WorkDir };
            foreach (var a in new[] { "-c", editor + " \"$@\"", editor, path }) psi.ArgumentList.Add(a);
            using var process = System.Diagnostics.Process.Start(psi)!;
            process.WaitForExit();
            if (process.ExitCode != 0) throw new CarryException($"the editor '{editor}' failed (exit {process.ExitCode})");
            var lines = File.ReadAllLines(path).Where(l => !l.StartsWith('#'));
            return string.Join('\n', lines).Trim();
        }
        finally
        {
            File.Delete(path);
        }
    }
}
