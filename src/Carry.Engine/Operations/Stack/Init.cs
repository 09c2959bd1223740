using Carry.Git;
using Carry.Model;
using Carry.Storage;

namespace Carry.Operations.Stack;

/// <summary>Starting a stack (making it match a branch that plain git moved is <c>Sync.Repair</c>).</summary>
public static class Init
{
    /// <summary>
    /// Attaches a stack to the current branch on <paramref name="baseRevision"/>; the commits
    /// between the base and the branch head become its applied patches: <paramref name="known"/>
    /// ones as given (a kit commit recognised by the caller), others new.
    /// </summary>
    public static TransactionResult Run(StackSession session, string baseRevision, string command, IReadOnlyList<Patch>? known = null)
    {
        if (session.Record is not null)
            throw new CarryException($"branch '{session.Branch}' already has a stack",
                "'carry series' shows it; 'carry repair' adopts commits made with plain git.");
        var repo = session.Repo;
        var baseId = repo.ResolveCommit(baseRevision) ?? throw new CarryException(
            $"base '{baseRevision}' is not a commit, branch or tag in this repository",
            "name the upstream ref the branch is based on, e.g. 'carry init --base origin/main'.");
        var head = repo.ReadRef(session.BranchRef) ?? throw new CarryException(
            $"branch '{session.Branch}' has no commits yet", "commit the upstream project first.");
        if (!repo.IsAncestor(baseId, head))
            throw new CarryException($"base '{baseRevision}' is not an ancestor of branch '{session.Branch}'",
                $"pick the upstream commit the branch was started from (see 'git merge-base {baseRevision} HEAD').");

        var tx = session.Begin();
        tx.Base = baseId;
        tx.BaseRef = repo.FullRefName(baseRevision) ?? baseRevision;
        tx.Applied.AddRange(Adopt(session, baseId, head, known ?? []));
        var result = tx.Execute(command, new("init"));
        // The first sync of a long series then reads none of its patches' trees.
        ChangeCache.Record(repo, [.. tx.Applied.Select(p => p.Commit)]);
        return result;
    }

    /// <summary>
    /// Patches for the first-parent commits from <paramref name="head"/> down to
    /// <paramref name="baseId"/>, bottom first: known commits keep their patch, new ones get a
    /// name from their subject.
    /// </summary>
    internal static List<Patch> Adopt(StackSession session, Oid baseId, Oid head, IReadOnlyList<Patch> known)
    {
        var objects = session.Repo.Objects;
        var commits = new List<Oid>();
        for (var c = head; c != baseId;)
        {
            var data = objects.ReadCommit(c);
            if (data.Parents.Count > 1)
                throw new CarryException($"commit {c.Short} ('{data.Subject}') is a merge and cannot be a patch",
                    "carry stacks hold a linear series; rebase the branch onto the base first.");
            commits.Add(c);
            c = data.Parent ?? throw new CarryException(
                $"the base {baseId.Short} is not on the first-parent line of the branch", "pick another base.");
        }
        commits.Reverse();
        var byCommit = known.ToDictionary(p => p.Commit);
        var taken = new HashSet<string>(known.Select(p => p.Name));
        var patches = new List<Patch>();
        foreach (var c in commits)
        {
            if (byCommit.TryGetValue(c, out var existing)) { patches.Add(existing); continue; }
            var name = PatchName.Unique(PatchName.FromSubject(objects.ReadCommit(c).Subject), taken);
            taken.Add(name);
            patches.Add(new Patch(name, Patch.NewId(), c));
        }
        return patches;
    }
}
