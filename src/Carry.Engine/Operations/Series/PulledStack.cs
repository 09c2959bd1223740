using Carry.Git;
using Carry.Model;
using Carry.Operations.Sync;
using Carry.Paths;
using Carry.Storage;

namespace Carry.Operations.Series;

/// <summary>
/// A stack that comes from someone else (<c>share pull</c>) is checked as strictly as one made
/// here before anything adopts it: every name obeys the rules <c>carry new</c>, <c>carry layer</c>
/// and <c>carry guard</c> apply; ids are well-formed and unique; counts and lengths are bounded;
/// every layer a patch names exists; every file name (imported files, the series folder,
/// recorded resolutions) is a safe relative path; and every tree it would check out or replay
/// passes <see cref="TreePath"/>. The first problem refuses the whole stack, naming it.
/// </summary>
public static class PulledStack
{
    /// <summary>The most patches (applied, unapplied and retired together) a stack may have.</summary>
    public const int MaxPatches = 20_000;

    private const int MaxText = 4096;

    /// <summary>Throws a <see cref="CarryException"/> naming the first problem of <paramref name="record"/>.</summary>
    /// <param name="repo">The repository the stack was fetched into.</param>
    /// <param name="record">The fetched record.</param>
    /// <param name="trustedTree">A tree already in use here (the branch's), against which the stack's base is checked.</param>
    /// <param name="from">Where it came from, for the message.</param>
    public static void Require(CarryRepository repo, StackRecord record, Oid trustedTree, string from)
    {
        if (Problem(repo, record, trustedTree) is { } problem)
            throw new CarryException($"refusing the stack from '{Printable.Of(from)}' (state {record.Id.Short}): {problem}; nothing was changed",
                "ask whoever pushed it to repair it; 'carry share push --force' from a good copy replaces it.");
    }

    /// <summary>The first problem of <paramref name="record"/>, or null when it may be adopted.</summary>
    public static string? Problem(CarryRepository repo, StackRecord record, Oid trustedTree)
    {
        var state = record.State;
        var all = state.All.Concat(state.Details.Retired).ToList();
        if (all.Count > MaxPatches) return $"it has {all.Count} patches (at most {MaxPatches} are accepted)";
        if (Printable.Problem(state.BaseRef, MaxText) is { } r) return $"its base ref: {r}";
        var layers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var layer in state.Details.Layers)
        {
            if (Name(layer.Name, "layer") is { } p) return p;
            if (!layers.Add(layer.Name)) return $"layer '{layer.Name}' is listed twice";
        }
        foreach (var guard in state.Details.SelectedGuards)
            if (Name(guard, "guard") is { } p) return p;
        foreach (var version in state.Details.Versions)
            if (Printable.Problem(version.Name, MaxText) is { } p) return $"version name '{Printable.Of(Clip(version.Name))}': {p}";
        var names = new HashSet<string>(StringComparer.Ordinal);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var patch in all)
        {
            if (PatchProblem(patch, layers) is { } p) return $"patch '{Printable.Of(Clip(patch.Name))}': {p}";
            if (!ids.Add(patch.Id)) return $"patch id {patch.Id} is used twice";
        }
        foreach (var patch in state.All)
            if (!names.Add(patch.Name)) return $"two patches are named '{patch.Name}'";
        if (state.Sync is { } sync)
            foreach (var name in sync.Todo.Append(sync.Stopped).Concat(sync.Done.Select(d => d.Name)))
                if (Name(name, "patch") is { } p) return $"its sync record: {p}";
        return TreeProblem(repo, state, trustedTree);
    }

    private static string? PatchProblem(Patch patch, HashSet<string> layers)
    {
        if (PatchName.Problem(patch.Name) is { } p) return Printable.Of(p);
        if (patch.Id.Length is < 8 or > 64 || !patch.Id.All(char.IsAsciiHexDigitLower)) return $"its id '{Printable.Of(Clip(patch.Id))}' is not hexadecimal";
        if (!layers.Contains(patch.Layer)) return $"its layer '{Printable.Of(Clip(patch.Layer))}' does not exist";
        foreach (var guard in patch.Guards)
            if (guard.Length < 2 || guard[0] is not ('+' or '-') || Name(guard[1..], "guard") is not null)
                return $"its guard '{Printable.Of(Clip(guard))}' is not +name or -name";
        if (Printable.Problem(patch.Status.Url ?? "", MaxText) is { } u) return $"its upstream URL: {u}";
        if (Printable.Problem(patch.Status.Reason ?? "", MaxText) is { } why) return $"its reason: {why}";
        if (patch.Source is { } s)
        {
            if (s.Format is not ("quilt" or "mbox" or "diff")) return $"its origin '{Printable.Of(Clip(s.Format))}' is unknown";
            var fileProblem = s.File.Length > MaxText ? "it is too long" : TreePath.Problem(System.Text.Encoding.UTF8.GetBytes(s.File), EntryMode.Regular);
            if (fileProblem is not null) return $"its file name '{Printable.Of(Clip(s.File))}': {fileProblem}";
            if (s.Strip is < 0 or > 100) return $"its strip level {s.Strip} is out of range";
        }
        return null;
    }

    private static string? Name(string name, string what) =>
        PatchName.Problem(name) is { } p ? $"{what} name '{Printable.Of(Clip(name))}': {Printable.Of(p.Replace("patch", what))}" : null;

    private static string Clip(string text) => text.Length <= 80 ? text : text[..80] + $"… ({text.Length} characters)";

    /// <summary>Every tree the stack would check out (its head) or replay (each patch's change) passes <see cref="TreePath"/>.</summary>
    private static string? TreeProblem(CarryRepository repo, StackState state, Oid trustedTree)
    {
        var objects = repo.Objects;
        try
        {
            var baseTree = objects.ReadCommit(state.Base).Tree;
            if (TreeCheck.FirstProblem(objects, trustedTree, baseTree) is { } b) return $"its base {state.Base.Short}: invalid path '{b.Shown}': {b.Reason}";
            if (TreeCheck.FirstProblem(objects, baseTree, objects.ReadCommit(state.Head).Tree) is { } h)
                return $"its head {state.Head.Short}: invalid path '{h.Shown}': {h.Reason}";
            foreach (var patch in state.All.Concat(state.Details.Retired))
            {
                var commit = objects.ReadCommit(patch.Commit);
                if (TreeCheck.FirstProblem(objects, objects.ParentTree(commit), commit.Tree) is { } p)
                    return $"patch '{patch.Name}' ({patch.Commit.Short}): invalid path '{p.Shown}': {p.Reason}";
            }
            if (state.Series is { } series && TreeCheck.FirstProblem(objects, ObjectStore.EmptyTree, series) is { } s)
                return $"its series folder: invalid path '{s.Shown}': {s.Reason}";
            if (state.Details.Resolutions is { } resolutions && ResolutionMemory.Problem(objects, resolutions) is { } r)
                return $"a recorded resolution: invalid path '{r.Shown}': {r.Reason}";
        }
        catch (MalformedTreeException e)
        {
            return $"it holds a malformed tree: invalid tree entry '{TreeCheck.Of(e).Shown}': {e.Reason}";
        }
        catch (Exception e) when (e is FormatException or MissingObjectException or InvalidOperationException or IOException)
        {
            return $"it names objects that are missing or malformed ({e.Message})";
        }
        return null;
    }
}
