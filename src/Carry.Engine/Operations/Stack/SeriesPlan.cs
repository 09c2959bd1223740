using System.Text;
using Carry.Model;
using Carry.Replay;

namespace Carry.Operations.Stack;

/// <summary>What a line of a series plan asks for.</summary>
public enum PlanVerb
{
    /// <summary>Apply the patch here.</summary>
    Keep,
    /// <summary>Unapply it (a deleted line does the same).</summary>
    Drop,
    /// <summary>Fold it into the patch kept on the line above.</summary>
    Squash,
}

/// <summary>One line of a series plan: a verb, a patch, and what becomes of its name and layer.</summary>
public sealed record PlanStep(PlanVerb Verb, string Patch, string? NewName = null, string? Layer = null, int Line = 0);

/// <summary>
/// <c>carry edit-series</c> (<c>carry rebase -i</c>): the whole series as a plan, one line a patch,
/// edited like git's rebase todo list and carried out in memory as one recorded command.
/// </summary>
public static class SeriesPlan
{
    /// <summary>The help at the end of the plan.</summary>
    public const string Help = """

        # Edit the series, bottom first: one line a patch, "VERB PATCH [ARGUMENT]".
        #   keep   PATCH          apply it here (move lines to reorder the series); also 'pick', 'k', 'p'
        #   drop   PATCH          unapply it (deleting the line does the same); also 'd'
        #   squash PATCH          fold it into the patch kept on the line above; also 's', 'fixup', 'f'
        #   rename PATCH NEWNAME  keep it under a new name; also 'r'
        #   layer  PATCH LAYER    keep it in another layer; also 'l'
        # Text after '#' is ignored. An empty plan changes nothing; hidden patches are not listed.
        """;

    /// <summary>The plan for the series as it is: applied patches kept, unapplied ones dropped.</summary>
    public static string Format(StackState state, Func<Patch, string> subject)
    {
        var sb = new StringBuilder();
        var width = state.All.Select(p => p.Name.Length).DefaultIfEmpty(0).Max();
        foreach (var p in state.Applied) sb.Append("keep ").Append(p.Name.PadRight(width)).Append("  # ").Append(Paths.Printable.Of(subject(p))).Append('\n');
        foreach (var p in state.Unapplied.Where(p => !p.Hidden)) sb.Append("drop ").Append(p.Name.PadRight(width)).Append("  # ").Append(Paths.Printable.Of(subject(p))).Append('\n');
        return sb.Append(Help).ToString();
    }

    /// <summary>Reads an edited plan; refuses unknown verbs and malformed lines, naming the line.</summary>
    public static List<PlanStep> Parse(string text)
    {
        var steps = new List<PlanStep>();
        var number = 0;
        foreach (var raw in text.Replace("\r\n", "\n").Split('\n'))
        {
            number++;
            var hash = raw.IndexOf('#');
            var words = (hash < 0 ? raw : raw[..hash]).Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0) continue;
            var (verb, name) = (words[0], words.Length > 1 ? words[1] : null);
            PlanStep step = verb switch
            {
                "keep" or "k" or "pick" or "p" when words.Length == 2 => new(PlanVerb.Keep, name!),
                "drop" or "d" when words.Length == 2 => new(PlanVerb.Drop, name!),
                "squash" or "s" or "fixup" or "f" when words.Length == 2 => new(PlanVerb.Squash, name!),
                "rename" or "r" when words.Length == 3 => new(PlanVerb.Keep, name!, NewName: words[2]),
                "layer" or "l" when words.Length == 3 => new(PlanVerb.Keep, name!, Layer: words[2]),
                _ => throw new CarryException($"line {number} of the plan is not understood: '{raw.Trim()}'",
                    "each line is 'VERB PATCH' (keep, drop, squash) or 'rename PATCH NEWNAME' or 'layer PATCH LAYER'; nothing was changed."),
            };
            steps.Add(step with { Line = number });
        }
        return steps;
    }

    /// <summary>
    /// Carries out a plan: the kept patches become the applied ones in the plan's order (each
    /// squashed patch folded into the one above it), the dropped ones unapplied, in one
    /// transaction, all or nothing.
    /// </summary>
    public static TransactionResult Apply(StackSession session, IReadOnlyList<PlanStep> steps, string command)
    {
        var state = session.State;
        if (steps.Count == 0) return session.Begin().Execute(command, new("edit-series"));
        var seen = new HashSet<string>();
        foreach (var s in steps)
        {
            var patch = state.Find(s.Patch) ?? throw new CarryException($"line {s.Line} of the plan names patch '{s.Patch}', which does not exist", "nothing was changed.");
            if (patch.Hidden) throw new CarryException($"line {s.Line} of the plan names the hidden patch '{s.Patch}'", $"'carry unhide {s.Patch}' first; nothing was changed.");
            if (!seen.Add(s.Patch)) throw new CarryException($"patch '{s.Patch}' is on more than one line of the plan", "nothing was changed.");
            if (s.Layer is { } layer) LayerOrder.Index(state.Details, layer);
        }
        var objects = session.Repo.Objects;
        var merge = new TreeMerge(objects, session.Repo);
        var applied = new List<Patch>();
        var squashed = new List<(int Index, Patch Patch)>();
        foreach (var s in steps)
        {
            var patch = state.Find(s.Patch)!;
            switch (s.Verb)
            {
                case PlanVerb.Squash when applied.Count == 0:
                    throw new CarryException($"line {s.Line}: 'squash {s.Patch}' has no kept patch above it to fold into", "nothing was changed.");
                case PlanVerb.Squash:
                    squashed.Add((applied.Count - 1, patch));
                    break;
                case PlanVerb.Keep:
                    applied.Add(patch with { Name = s.NewName ?? patch.Name, Layer = s.Layer ?? patch.Layer });
                    break;
            }
        }
        if (squashed.Count > 0) Rebuild(session, merge, state.Base, applied, squashed);
        var gone = squashed.Select(x => x.Patch).ToHashSet();
        var kept = steps.Where(s => s.Verb == PlanVerb.Keep).Select(s => s.Patch).ToHashSet();
        var unapplied = steps.Where(s => s.Verb == PlanVerb.Drop).Select(s => state.Find(s.Patch)!)
            .Concat(state.All.Where(p => !seen.Contains(p.Name) && !p.Hidden)).Concat(state.Unapplied.Where(p => p.Hidden)).ToList();
        RequireUniqueNames(applied.Concat(unapplied));
        LayerOrder.RequireLayerOrder(state.Details, applied);
        var tx = session.Begin();
        tx.Applied.Clear();
        tx.Applied.AddRange(applied);
        tx.Unapplied.Clear();
        tx.Unapplied.AddRange(unapplied.Where(p => !gone.Contains(p) && !kept.Contains(p.Name)));
        return tx.Execute(command, new("edit-series"));
    }

    /// <summary>
    /// Rebuilds the kept patches on the base in plan order, each squashed patch's change merged
    /// into the patch above it: a squashed patch's change is its own diff, not its commit's tree
    /// (which holds the patches below it), so the chain is built here, not by the replay.
    /// </summary>
    private static void Rebuild(StackSession session, TreeMerge merge, Git.Oid baseCommit, List<Patch> applied, List<(int Index, Patch Patch)> squashed)
    {
        var objects = session.Repo.Objects;
        var top = baseCommit;
        for (var i = 0; i < applied.Count; i++)
        {
            var commit = objects.ReadCommit(applied[i].Commit);
            var members = squashed.Where(x => x.Index == i).Select(x => x.Patch).ToList();
            if (members.Count == 0 && commit.Parent == top)
            {
                top = applied[i].Commit;
                continue;
            }
            var tree = objects.ReadCommit(top).Tree;
            var message = new StringBuilder(commit.Message.TrimEnd('\n')).Append('\n');
            foreach (var (name, c) in members.Select(m => (m.Name, objects.ReadCommit(m.Commit))).Prepend((applied[i].Name, commit)))
            {
                var step = merge.Apply(objects.ParentTree(c), c.Tree, tree);
                if (!step.Succeeded) throw new PatchConflictException(new Conflict(name, step.ConflictedPaths), "edit-series");
                tree = step.Tree;
                if (c != commit) message.Append('\n').Append(c.Message.TrimEnd('\n')).Append('\n');
            }
            top = objects.WriteCommit(commit with { Tree = tree, Parents = [top], Message = message.ToString(), Committer = session.Committer });
            applied[i] = applied[i] with { Commit = top };
        }
    }

    private static void RequireUniqueNames(IEnumerable<Patch> patches)
    {
        var names = new HashSet<string>();
        foreach (var p in patches)
        {
            if (PatchName.Problem(p.Name) is { } problem) throw new CarryException($"invalid patch name '{p.Name}': {problem}", "nothing was changed.");
            if (!names.Add(p.Name)) throw new CarryException($"the plan gives two patches the name '{p.Name}'", "nothing was changed.");
        }
    }
}
