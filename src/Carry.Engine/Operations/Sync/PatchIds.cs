using Carry.Git;

namespace Carry.Operations.Sync;

/// <summary>
/// git's own patch ids (<c>git patch-id --stable</c>, as <c>git cherry</c> uses), for a batch
/// of commits in two processes. Only commits that could match are ever asked for: those
/// touching the same paths as some patch.
/// </summary>
internal static class PatchIds
{
    /// <summary>Commit → patch id; commits with an empty diff get none.</summary>
    public static Dictionary<Oid, string> Of(GitCli git, IReadOnlyCollection<Oid> commits)
    {
        var result = new Dictionary<Oid, string>();
        if (commits.Count == 0) return result;
        var diffs = git.Check(["diff-tree", "--stdin", "-p", "--no-color", "--no-ext-diff"], string.Join('\n', commits.Select(c => c.Hex)) + "\n");
        var ids = git.Check(["patch-id", "--stable"], diffs);
        foreach (var line in ids.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var words = line.Split(' ');
            if (words.Length == 2) result[new Oid(words[1])] = words[0];
        }
        return result;
    }
}
