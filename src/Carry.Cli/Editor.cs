using Carry.Git;

namespace Carry.Cli;

/// <summary>Lets the user edit a message in the editor git would open.</summary>
internal static class Editor
{
    /// <summary>
    /// Lets the user edit <paramref name="text"/> and cleans what is saved as 'git commit' does
    /// (<c>commit.cleanup</c>): by default comment lines are dropped, the comment being
    /// <c>core.commentChar</c> ('#' unless set; 'auto' picks one no line of the message starts
    /// with). Dropping every '#' line whatever the settings lost a message's "#include" line on
    /// an editor that changed nothing.
    /// </summary>
    public static string Edit(CarryRepository repo, string text, string fileName)
    {
        var cleanup = repo.Config("commit.cleanup") ?? "default";
        if (cleanup is not ("default" or "strip" or "whitespace" or "verbatim" or "scissors"))
            throw new CarryException($"invalid cleanup mode {cleanup}", "commit.cleanup is one of strip, whitespace, verbatim, scissors, default (as for 'git commit').");
        var comment = CommentChar(repo.Config("core.commentChar"), text);
        var path = Path.Combine(repo.GitDir, fileName.Replace('/', '_'));
        var help = cleanup switch
        {
            "verbatim" => "",
            "whitespace" => "",
            "scissors" => $"\n{comment} {Scissors}\n{comment} Do not modify or remove the line above.\n{comment} Everything below it will be ignored; an empty message aborts.\n",
            _ => $"\n{comment} Edit the message. Lines starting with '{comment}' are ignored; an empty message aborts.\n",
        };
        File.WriteAllText(path, text.TrimEnd('\n') + "\n" + help);
        try
        {
            GitEditor.Edit(repo, path);
            var saved = File.ReadAllText(path);
            return cleanup switch
            {
                "verbatim" => saved.TrimEnd('\n'),
                "whitespace" => saved.Trim(),
                "scissors" => CutAtScissors(saved, comment).Trim(),
                _ => string.Join('\n', saved.Split('\n').Where(l => !l.StartsWith(comment, StringComparison.Ordinal))).Trim(),
            };
        }
        finally
        {
            File.Delete(path);
        }
    }

    private const string Scissors = "------------------------ >8 ------------------------";

    /// <summary>git's comment character: the setting, or for 'auto' the first of git's candidates no line of <paramref name="text"/> starts with.</summary>
    private static string CommentChar(string? setting, string text)
    {
        if (setting is null or "") return "#";
        if (setting != "auto") return setting;
        var starts = text.Split('\n').Where(l => l.Length > 0).Select(l => l[0]).ToHashSet();
        foreach (var candidate in "#;@!$%^&|:")
            if (!starts.Contains(candidate)) return candidate.ToString();
        return "#";
    }

    private static string CutAtScissors(string saved, string comment)
    {
        var at = saved.IndexOf($"{comment} {Scissors}", StringComparison.Ordinal);
        return at >= 0 && (at == 0 || saved[at - 1] == '\n') ? saved[..at] : saved;
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
