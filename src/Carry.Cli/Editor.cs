using Carry.Git;

namespace Carry.Cli;

/// <summary>Lets the user edit a message in the editor git would open.</summary>
internal static class Editor
{
    /// <summary>Lets the user edit <paramref name="text"/>; lines starting with '#' are dropped.</summary>
    public static string Edit(CarryRepository repo, string text, string fileName)
    {
        var path = Path.Combine(repo.GitDir, fileName.Replace('/', '_'));
        File.WriteAllText(path, text.TrimEnd('\n') + "\n\n# Edit the message. Lines starting with '#' are ignored; an empty message aborts.\n");
        try
        {
            GitEditor.Edit(repo, path);
            var lines = File.ReadAllLines(path).Where(l => !l.StartsWith('#'));
            return string.Join('\n', lines).Trim();
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// Lets the user edit a plan (its own '#' help included) and returns it as saved; a todo list
    /// (<paramref name="sequence"/>) opens in the editor git uses for 'git rebase -i'.
    /// </summary>
    public static string EditPlan(CarryRepository repo, string text, string fileName, bool sequence)
    {
        var path = Path.Combine(repo.GitDir, fileName.Replace('/', '_'));
        File.WriteAllText(path, text);
        try
        {
            if (sequence) GitEditor.EditSequence(repo, path);
            else GitEditor.Edit(repo, path);
            return File.ReadAllText(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
