namespace Carry.Git;

/// <summary>
/// A git command stopped half-way in a working tree, waiting for the user: a merge, a rebase,
/// an am session, a cherry-pick, a revert or a bisect. Carry must not write meanwhile: a patch
/// refreshed then would take in the merge's resolution, a HEAD moved under it would make the
/// next 'git commit' a merge on top of the stack, and 'git rebase --continue' would rewrite the
/// branch the stack just recorded.
/// </summary>
/// <param name="What">What git is in the middle of, as an error names it ("a merge", "a rebase of branch 'main'").</param>
/// <param name="Name">One word for it (merge, rebase, am, cherry-pick, revert, bisect), as <c>--json</c> gives it.</param>
/// <param name="Finish">How to finish or abort it, as a hint gives it.</param>
public sealed record GitOperation(string What, string Name, string Finish)
{
    /// <summary>
    /// The operation in progress in the working tree whose own git folder is <paramref name="gitDir"/>
    /// (a linked work tree's <c>.git/worktrees/NAME</c>: git keeps these files per working tree),
    /// or null. Told from the files git's own <c>git status</c> looks at (<c>wt_status_get_state</c>),
    /// in the same order, so carry says "in the middle of" exactly when git does.
    /// </summary>
    public static GitOperation? InProgress(string gitDir)
    {
        string At(string name) => Path.Combine(gitDir, name);
        if (File.Exists(At("MERGE_HEAD")))
            return new("a merge", "merge", "finish it with 'git commit' or abort it with 'git merge --abort'");
        if (Directory.Exists(At("rebase-apply")))
            return File.Exists(At(Path.Combine("rebase-apply", "applying")))
                ? new("an am session", "am", "finish it with 'git am --continue' (or skip a patch with 'git am --skip') or abort it with 'git am --abort'")
                : Rebase(At("rebase-apply"));
        if (Directory.Exists(At("rebase-merge"))) return Rebase(At("rebase-merge"));
        if (File.Exists(At("CHERRY_PICK_HEAD"))) return CherryPick;
        if (File.Exists(At("REVERT_HEAD"))) return Revert;
        // A cherry-pick or revert of several commits keeps its list after each conflict is committed.
        switch (SequencerCommand(At(Path.Combine("sequencer", "todo"))))
        {
            case "pick": return CherryPick;
            case "revert": return Revert;
        }
        if (File.Exists(At("BISECT_LOG")))
            return new("a bisect", "bisect", "finish it with 'git bisect reset'");
        return null;
    }

    /// <summary>The error a command that would write gets: git's wording, then what to do.</summary>
    public CarryException Refusal() => new($"you are in the middle of {What}", $"{Finish}, then run carry again.");

    private static readonly GitOperation CherryPick =
        new("a cherry-pick", "cherry-pick", "finish it with 'git cherry-pick --continue' or abort it with 'git cherry-pick --abort'");

    private static readonly GitOperation Revert =
        new("a revert", "revert", "finish it with 'git revert --continue' or abort it with 'git revert --abort'");

    private static GitOperation Rebase(string folder)
    {
        // head-name holds the branch being rebased ("refs/heads/main"), or "detached HEAD".
        var head = ReadLine(Path.Combine(folder, "head-name"));
        const string heads = "refs/heads/";
        var what = head is not null && head.StartsWith(heads, StringComparison.Ordinal)
            ? $"a rebase of branch '{Paths.Printable.Of(head[heads.Length..])}'"
            : "a rebase";
        return new(what, "rebase", "finish it with 'git rebase --continue' or abort it with 'git rebase --abort'");
    }

    /// <summary>The first command of git's sequencer list ("pick", "revert"), as <c>sequencer_get_last_command</c> reads it.</summary>
    private static string? SequencerCommand(string todo)
    {
        string line;
        try { line = File.ReadAllText(todo).TrimStart(' ', '\t', '\r', '\n'); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        foreach (var (word, command) in (ReadOnlySpan<(string, string)>)[("pick ", "pick"), ("pick\t", "pick"), ("p ", "pick"), ("p\t", "pick"), ("revert ", "revert"), ("revert\t", "revert")])
            if (line.StartsWith(word, StringComparison.Ordinal)) return command;
        return null;
    }

    private static string? ReadLine(string file)
    {
        try
        {
            using var reader = new StreamReader(file);
            return reader.ReadLine()?.Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
