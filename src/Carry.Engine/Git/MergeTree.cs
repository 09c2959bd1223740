namespace Carry.Git;

/// <summary>The tree <c>git merge-tree</c> wrote, and the paths it left conflicted (empty when clean).</summary>
public sealed record MergeTreeResult(Oid Tree, IReadOnlyList<string> Conflicted)
{
    /// <summary>True when git merged every path.</summary>
    public bool Clean => Conflicted.Count == 0;
}

/// <summary>git's own merge of two commits in memory (<c>git merge-tree --write-tree</c>, 2.38+): renames, modes, directory moves.</summary>
public static class MergeTree
{
    /// <summary>Merges <paramref name="theirs"/> into <paramref name="ours"/> (their merge base is the base); nothing on disk changes.</summary>
    /// <param name="repo">The repository.</param>
    /// <param name="ours">One side.</param>
    /// <param name="theirs">The other side.</param>
    /// <param name="conflictStyle">A <c>merge.conflictStyle</c> for this merge (null: the user's, or git's default).</param>
    public static MergeTreeResult Merge(CarryRepository repo, Oid ours, Oid theirs, string? conflictStyle = null)
    {
        string[] style = conflictStyle is { } d ? ["-c", "merge.conflictStyle=" + d] : [];
        var result = repo.Git.Run([.. style, "merge-tree", "--write-tree", "--name-only", "--no-messages", "-z", ours.Hex, theirs.Hex]);
        if (result.ExitCode is not (0 or 1)) throw new GitFailedException(["merge-tree"], result);
        var fields = result.Stdout.Split('\0', StringSplitOptions.RemoveEmptyEntries);
        var tree = new Oid(fields[0].Trim());
        if (result.ExitCode == 0) return new(tree, []);
        return new(tree, [.. fields.Skip(1).Where(f => f != "\n").Distinct()]);
    }
}
