using Carry.Git;
using Carry.Model;
using Carry.Operations.Stack;

namespace Carry.Operations.Layers;

/// <summary>
/// <c>carry init</c> in a repository whose other stacks have a development kit. The base must
/// not hold the kit (a stack on another stack's branch would publish and push it: see
/// <see cref="KitInBase"/>), and a commit on the branch that holds a private patch of another
/// stack (the kit commits of a branch renamed with <c>git branch -m</c>, or of a branch started
/// from a stack's branch) is adopted into the private layer with that patch's id, as
/// <c>carry repair</c> does, instead of into <c>upstream</c> where publish would take it.
/// </summary>
public static class KitInit
{
    /// <summary>Checks the base, then runs <see cref="Init.Run"/> with the kit commits recognised.</summary>
    public static TransactionResult Run(StackSession session, string baseRevision, string command)
    {
        var repo = session.Repo;
        var kit = PrivatePatches.Load(repo);
        var baseId = repo.ResolveCommit(baseRevision);
        var head = repo.ReadRef(session.BranchRef);
        // Init's own checks (no stack yet, a base that is an ancestor) speak first.
        if (session.Record is not null || kit.IsEmpty || baseId is not { } b || head is not { } h || !repo.IsAncestor(b, h))
            return Init.Run(session, baseRevision, command);
        var baseRef = repo.FullRefName(baseRevision) ?? baseRevision;
        if (KitInBase.Find(repo, kit, baseRef, b).FirstOrDefault() is { } inBase)
            throw KitInBase.Refusal(repo, $"cannot start a stack on '{session.Branch}'", Short(baseRef), inBase);
        var known = new List<Patch>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var match in kit.Find(Revisions.Between(repo, b, h)))
        {
            // One commit per kit patch keeps its id; a second copy still stays private, under an id of its own.
            var id = ids.Add(match.Patch.Id) ? match.Patch.Id : Patch.NewId();
            var name = PatchName.Unique(match.Patch.Name, names);
            names.Add(name);
            known.Add(new Patch(name, id, match.Commit) { Layer = Layer.Private });
        }
        return Init.Run(session, baseRevision, command, known);
    }

    private static string Short(string full) =>
        full.StartsWith("refs/heads/", StringComparison.Ordinal) ? full["refs/heads/".Length..] : full;
}
