using Carry.Git;
using Carry.Model;
using Carry.Operations.PatchFiles;
using Carry.Operations.Stack;
using Carry.Replay;

namespace Carry.Operations.Migration;

/// <summary>
/// Puts another tool's stack into Carry's, in one transaction: the applied patches are carried
/// onto the top of the applied ones (in memory, as a cherry-pick would, keeping author, date and
/// message), the unapplied and hidden ones join the unapplied patches as they are (hidden ones hidden). Names and
/// guards are kept. When the branch's own top commits already are the foreign applied patches
/// ('carry init' adopted them on the tool's own branch), those patches are renamed instead of copied.
/// </summary>
public static class MigrationImport
{
    /// <summary>Imports <paramref name="stack"/>; notes what was done differently.</summary>
    public static ImportResult Run(StackSession session, ForeignStack stack, string command, IProgress<(int Done, int Total, string Name)>? progress = null)
    {
        if (stack.Patches.Count == 0) throw new CarryException($"the {stack.Tool} stack has no patches");
        var objects = session.Repo.Objects;
        var state = session.State;
        var tx = session.Begin();
        var taken = state.All.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var layer = LayerOrder.DefaultFor(session);
        var imported = new List<ImportedPatch>();
        var applied = stack.Patches.Where(p => p.State == ForeignState.Applied).ToList();

        // Already on the branch: the stack's top patches are these very commits.
        var adopted = applied.Count > 0 && applied.Count <= tx.Applied.Count
            && tx.Applied.TakeLast(applied.Count).Select(p => p.Commit).SequenceEqual(applied.Select(p => p.Commit));
        var top = state.Head;
        var tree = objects.ReadCommit(top).Tree;
        var merge = new TreeMerge(objects, session.Repo);
        foreach (var foreign in stack.Patches)
        {
            progress?.Report((imported.Count, stack.Patches.Count, foreign.Name));
            var commit = objects.ReadCommit(foreign.Commit);
            var parentTree = objects.ParentTree(commit);
            // Another tool's commits are not trusted more than a branch: every path is checked.
            TreeCheck.Require(objects, parentTree, commit.Tree, $"{stack.Tool} patch '{Paths.Printable.Of(foreign.Name)}'");
            var notes = new List<string>();
            if (adopted && foreign.State == ForeignState.Applied)
            {
                var i = tx.Applied.Count - applied.Count + applied.IndexOf(foreign);
                var old = tx.Applied[i];
                taken.Remove(old.Name);
                var name = Name(foreign.Name, taken, notes);
                tx.Applied[i] = old with { Name = name, Guards = [.. foreign.Guards] };
                imported.Add(new ImportedPatch(name, $"{stack.Tool}:{foreign.Name}", null, [.. notes, $"already on the branch as '{old.Name}': renamed"]));
                continue;
            }
            var patchName = Name(foreign.Name, taken, notes);
            Oid result;
            if (foreign.State == ForeignState.Applied)
            {
                var carried = merge.Apply(parentTree, commit.Tree, tree);
                if (!carried.Succeeded)
                    throw new ImportFailedException(
                        $"import stopped: {stack.Tool} patch '{foreign.Name}' does not apply on the stack; it conflicts in:\n" +
                        string.Concat(carried.ConflictedPaths.Select(c => $"\t{RawPath.ToText(c)}\n")) + "nothing was changed.",
                        "import into a stack on the same base as the tool's branch ('carry init --base <its base>').");
                top = objects.WriteCommit(commit with { Tree = carried.Tree, Parents = [top], Committer = session.Committer });
                tree = carried.Tree;
                result = top;
            }
            else
            {
                // Unapplied: kept on its own parent, as the tool kept it; 'carry push' carries it when wanted.
                result = foreign.Commit;
            }
            var patch = new Patch(patchName, foreign.Id ?? Patch.NewId(), result) { Layer = layer, Guards = [.. foreign.Guards], Hidden = foreign.State == ForeignState.Hidden };
            (foreign.State == ForeignState.Applied ? tx.Applied : tx.Unapplied).Add(patch);
            imported.Add(new ImportedPatch(patchName, $"{stack.Tool}:{foreign.Name}", null, notes));
        }
        var versions = VersionRecords.Write(session, tx, stack, layer, command);
        return new ImportResult(tx.Execute(command, new("import") { Joins = versions }), imported);
    }

    /// <summary>The tool's name when Carry accepts it and it is free; otherwise the closest that is.</summary>
    private static string Name(string wish, HashSet<string> taken, List<string> notes)
    {
        var valid = PatchName.Problem(wish) is null ? wish : PatchName.FromSubject(wish);
        var name = PatchName.Unique(valid, taken);
        taken.Add(name);
        if (name != wish) notes.Add($"named '{name}' ('{Paths.Printable.Of(wish)}' {(valid != wish ? "is not a valid patch name" : "is taken")})");
        return name;
    }
}
