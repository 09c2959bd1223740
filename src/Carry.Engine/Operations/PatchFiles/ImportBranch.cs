using Carry.Git;
using Carry.Model;
using Carry.Operations.Stack;
using Carry.Replay;

namespace Carry.Operations.PatchFiles;

/// <summary>
/// Takes the commits of a branch range (<c>A..B</c>) as patches on top of the stack: each
/// commit's change is carried onto the top in memory (as a cherry-pick would), keeping its
/// author, date and message; one transaction at the end, all or nothing.
/// </summary>
public static class ImportBranch
{
    /// <summary>Imports the commits of <paramref name="range"/>, oldest first.</summary>
    /// <param name="session">The open stack.</param>
    /// <param name="range"><c>A..B</c>: the commits reachable from B and not from A.</param>
    /// <param name="command">The command line, for the stack's history.</param>
    public static ImportResult Run(StackSession session, string range, string command)
    {
        var dots = range.IndexOf("..", StringComparison.Ordinal);
        if (dots <= 0 || range.Contains("...", StringComparison.Ordinal) || dots + 2 >= range.Length)
            throw new CarryException($"'{range}' is not a range", "give it as FROM..TO, e.g. 'origin/main..feature'.");
        var from = session.Repo.ResolveCommit(range[..dots]) ?? throw new CarryException($"'{range[..dots]}' is not a commit");
        var to = session.Repo.ResolveCommit(range[(dots + 2)..]) ?? throw new CarryException($"'{range[(dots + 2)..]}' is not a commit");
        var merges = Revisions.MergesBetween(session.Repo, from, to);
        if (merges.Count > 0)
            throw new CarryException($"{range} holds merge commits (first: {merges[0].Hex[..12]}); a merge is not a patch",
                "import a linear range, or linearise it first (git rebase).");
        var list = Revisions.Between(session.Repo, from, to);
        if (list.Count == 0) throw new CarryException($"{range} holds no commits");

        var objects = session.Repo.Objects;
        var merge = new TreeMerge(objects, session.Repo);
        var state = session.State;
        var taken = state.All.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var top = state.Head;
        var tree = objects.ReadCommit(top).Tree;
        var patches = new List<Patch>();
        foreach (var id in list)
        {
            var commit = objects.ReadCommit(id);
            var before = objects.ParentTree(commit);
            // A branch from elsewhere: its change must pass the path rule before it is carried.
            TreeCheck.Require(objects, before, commit.Tree, $"commit {id.Short} ('{Paths.Printable.Of(commit.Subject)}')");
            var carried = merge.Apply(before, commit.Tree, tree);
            if (!carried.Succeeded)
                throw new ImportFailedException(
                    $"import stopped: commit {id.Short} ('{commit.Subject}') does not apply; it conflicts in:\n" +
                    string.Concat(carried.ConflictedPaths.Select(c => $"\t{RawPath.ToText(c)}\n")) + "nothing was changed.",
                    "import the commits it depends on too, or resolve it on the branch first.");
            var name = PatchName.Unique(PatchName.FromSubject(commit.Subject), taken);
            taken.Add(name);
            top = objects.WriteCommit(commit with { Tree = carried.Tree, Parents = [top], Committer = session.Committer });
            tree = carried.Tree;
            patches.Add(new Patch(name, Patch.NewId(), top));
        }
        var tx = session.Begin();
        tx.Applied.AddRange(patches);
        return new ImportResult(tx.Execute(command, new("import")), [.. patches.Select(p => new ImportedPatch(p.Name, p.Commit.Short, null))]);
    }
}
