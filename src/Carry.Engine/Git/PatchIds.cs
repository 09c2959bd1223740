namespace Carry.Git;

/// <summary>
/// git's own patch ids (<c>git patch-id --stable</c>, as <c>git cherry</c> uses), for a batch
/// of commits in two processes: equal for the same change on another base.
/// </summary>
public static class PatchIds
{
    /// <summary>Commit → patch id; commits with an empty diff get none.</summary>
    public static Dictionary<Oid, string> Of(CarryRepository repo, IReadOnlyCollection<Oid> commits)
    {
        var result = new Dictionary<Oid, string>();
        if (commits.Count == 0) return result;
        var diffs = repo.Git.Check(["diff-tree", "--stdin", "-p", "--no-color", "--no-ext-diff"], string.Join('\n', commits.Select(c => c.Hex)) + "\n");
        var ids = repo.Git.Check(["patch-id", "--stable"], diffs);
        foreach (var line in ids.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var words = line.Split(' ');
            if (words.Length == 2) result[new Oid(words[1])] = words[0];
        }
        return result;
    }
}
