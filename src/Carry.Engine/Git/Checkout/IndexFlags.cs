namespace Carry.Git.Checkout;

/// <summary>
/// The flags a user (or sparse checkout) sets on index entries: skip-worktree (a hidden local
/// edit, or a file left out of a sparse checkout) and assume-unchanged. They say nothing about
/// content, so no commit records them, and git commands that rewrite an entry by path
/// (<c>reset -- PATH</c>, <c>checkout TREE -- PATH</c>, <c>rm --cached</c>) drop them. Losing one
/// is not harmless: the hidden edit is then taken into the next refresh, and the absent sparse
/// file looks deleted. Writes that cannot keep them by construction go through <see cref="Keep"/>.
/// </summary>
internal static class IndexFlags
{
    /// <summary>Runs <paramref name="write"/> and gives every entry still in the index the flags it had before.</summary>
    public static void Keep(CarryRepository repo, Action write)
    {
        var before = Read(repo);
        write();
        if (before.Count == 0) return;
        var present = repo.Git.Check(["ls-files", "-z", "--stage"]).Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l[(l.IndexOf('\t') + 1)..]).ToHashSet(StringComparer.Ordinal);
        foreach (var group in before.Where(f => present.Contains(f.Path)).GroupBy(f => f.Option))
            repo.Git.Check(["update-index", group.Key, "-z", "--stdin"], string.Concat(group.Select(f => f.Path + "\0")));
    }

    /// <summary>Every flagged entry with the <c>update-index</c> option that sets its flag (<c>git ls-files -v</c>: <c>S</c> is skip-worktree, a lower-case tag assume-unchanged).</summary>
    private static List<(string Path, string Option)> Read(CarryRepository repo)
    {
        var flags = new List<(string, string)>();
        foreach (var line in repo.Git.Check(["ls-files", "-v", "-z"]).Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length < 3) continue;
            var (tag, path) = (line[0], line[2..]);
            if (tag == 'S' || tag == 's') flags.Add((path, "--skip-worktree"));
            if (char.IsLower(tag)) flags.Add((path, "--assume-unchanged"));
        }
        return flags;
    }
}
