using Carry.Git;
using Carry.Model;
using Carry.Operations.Stack;
using Carry.Storage;

namespace Carry.Operations.Layers;

/// <summary>One stack's private layer, as <see cref="SharedLayer.Newest"/> found it.</summary>
/// <param name="Stack">The branch whose stack holds it.</param>
/// <param name="Applied">Its applied private patches, bottom first (their commits sit on that stack's base).</param>
/// <param name="Unapplied">Its unapplied private patches.</param>
/// <param name="Layers">That stack's private layers, lowest first.</param>
/// <param name="Since">When that stack's private layer last changed (the state that introduced its content).</param>
public sealed record PrivateLayer(string Stack, IReadOnlyList<Patch> Applied, IReadOnlyList<Patch> Unapplied, IReadOnlyList<Layer> Layers, DateTimeOffset Since);

/// <summary>
/// The private layer (the development kit) shared by several stacks of one repository.
/// Stacks share it when their private patches have ids in common (<c>carry work</c> copies
/// them with their ids; <c>carry kit apply</c> in one stack starts a new kit). Each stack's
/// private layer is compared by content that survives a rebase (<c>git patch-id --stable</c>
/// of each private patch, with the ids and order). The newest is the one that evolved from the
/// other (its history holds the other's content), else the one whose content was introduced
/// last: a stack that only replayed the kit onto a new base keeps the date it got that
/// content, so an edit made elsewhere later wins. Sync calls <see cref="Newest"/> and
/// <see cref="Spliced"/> before re-applying; <c>carry kit update</c> uses <see cref="Splice"/>.
/// </summary>
public static class SharedLayer
{
    /// <summary>How far back a stack's history is read to date its private layer.</summary>
    private const int HistoryLimit = 200;

    /// <summary>The branches that have a stack (<c>refs/carry/*</c>).</summary>
    public static IReadOnlyList<string> Stacks(CarryRepository repo) =>
        repo.RefNames("refs/carry/").Select(r => r["refs/carry/".Length..]).ToList();

    /// <summary>
    /// The newest private layer among the stacks that share one with the session's stack
    /// (itself included), or null when the stack has no private patch. When it is the stack's
    /// own (or equal in content), there is nothing to bring.
    /// </summary>
    public static PrivateLayer? Newest(StackSession session)
    {
        var mine = session.State;
        var myIds = mine.All.Where(mine.Details.IsPrivate).Select(p => p.Id).ToHashSet();
        if (myIds.Count == 0) return null;
        // Every private patch commit of every sharing stack's recent history gets its patch id in
        // one batch (two git processes), instead of two processes per commit.
        var sharing = new List<(string Branch, StackRecord Record)>();
        foreach (var branch in Stacks(session.Repo))
        {
            var record = branch == session.Branch ? session.Record : session.Store.Load(branch);
            if (record is null) continue;
            var state = record.State;
            if (!state.All.Any(p => state.Details.IsPrivate(p) && myIds.Contains(p.Id))) continue;
            sharing.Add((branch, record));
        }
        // Alone with its kit (the commonest case): nothing to compare, so neither histories nor
        // patch ids are read. (Since only orders layers against each other.)
        if (sharing is [var (onlyBranch, only)] && onlyBranch == session.Branch) return LayerOf(onlyBranch, only.State, only.Who.When);
        var stacks = sharing.Select(s => (s.Branch, s.Record, Earlier: session.Store.History(s.Record).Skip(1).Take(HistoryLimit).ToList())).ToList();
        var keys = new PrivatePatchIds(session.Repo, stacks.SelectMany(s => s.Earlier.Prepend(s.Record)).Select(r => r.State));
        (PrivateLayer Layer, string Key, HashSet<string> Older)? best = null;
        foreach (var (branch, record, earlier) in stacks)
        {
            var state = record.State;
            var key = Key(state, keys);
            var since = record.Who.When;
            var older = new HashSet<string>();
            var unchanged = true;
            foreach (var previous in earlier)
            {
                var k = Key(previous.State, keys);
                if (unchanged && k == key) since = previous.Who.When;
                else
                {
                    unchanged = false;
                    older.Add(k);
                }
            }
            var layer = LayerOf(branch, state, since);
            if (best is not { } b || Newer((layer, key, older), b, session.Branch)) best = (layer, key, older);
        }
        return best?.Layer;
    }

    private static PrivateLayer LayerOf(string branch, StackState state, DateTimeOffset since) =>
        new(branch, [.. state.Applied.Where(state.Details.IsPrivate)], [.. state.Unapplied.Where(state.Details.IsPrivate)],
            [.. state.Details.Layers.Where(l => l.Rule == PublishRule.Private)], since);

    /// <summary>
    /// Is <paramref name="x"/> newer than <paramref name="y"/>? A layer that once had the other's
    /// content evolved from it, so it is newer whatever the clocks say; otherwise the one whose
    /// content came later wins, and on a tie the session's own stack (nothing to do).
    /// </summary>
    private static bool Newer((PrivateLayer Layer, string Key, HashSet<string> Older) x, (PrivateLayer Layer, string Key, HashSet<string> Older) y, string own)
    {
        if (x.Key == y.Key) return x.Layer.Stack == own;
        if (x.Older.Contains(y.Key) && !y.Older.Contains(x.Key)) return true;
        if (y.Older.Contains(x.Key) && !x.Older.Contains(y.Key)) return false;
        return x.Layer.Since > y.Layer.Since || (x.Layer.Since == y.Layer.Since && x.Layer.Stack == own);
    }

    /// <summary>True when <paramref name="layer"/> has the same content as the session's stack's own private layer.</summary>
    public static bool IsCurrent(StackSession session, PrivateLayer layer)
    {
        if (layer.Stack == session.Branch) return true;
        var mine = session.State;
        var theirs = mine with { Applied = [.. layer.Applied], Unapplied = [.. layer.Unapplied], Details = mine.Details with { Layers = [.. layer.Layers] } };
        var keys = new PrivatePatchIds(session.Repo, [mine, theirs]);
        return Key(mine, keys) == Key(theirs, keys);
    }

    /// <summary>Replaces the transaction's private patches with <paramref name="layer"/>'s (see <see cref="Spliced"/>); the transaction replays the others on top.</summary>
    public static void Splice(StackTransaction tx, PrivateLayer layer)
    {
        var (applied, unapplied, details) = Spliced(tx.Details, tx.Applied, tx.Unapplied, layer);
        tx.Details = details;
        tx.Applied.Clear();
        tx.Applied.AddRange(applied);
        tx.Unapplied.Clear();
        tx.Unapplied.AddRange(unapplied);
    }

    /// <summary>
    /// A stack's patches with its private ones replaced by <paramref name="layer"/>'s, under the
    /// others. A private layer the stack does not know is added above its last private layer; a
    /// name already taken by another patch of the stack gets a suffix.
    /// </summary>
    public static (List<Patch> Applied, List<Patch> Unapplied, StackDetails Details) Spliced(
        StackDetails details, IEnumerable<Patch> applied, IEnumerable<Patch> unapplied, PrivateLayer layer)
    {
        var layers = details.Layers.ToList();
        foreach (var l in layer.Layers)
            if (layers.All(x => x.Name != l.Name))
                layers.Insert(layers.FindLastIndex(x => x.Rule == PublishRule.Private) + 1, l);
        details = details with { Layers = new ValueList<Layer>(layers) };
        var appliedRest = applied.Where(p => !details.IsPrivate(p)).ToList();
        var unappliedRest = unapplied.Where(p => !details.IsPrivate(p)).ToList();
        var taken = appliedRest.Concat(unappliedRest).Select(p => p.Name).ToHashSet();
        Patch Named(Patch p)
        {
            var name = PatchName.Unique(p.Name, taken);
            taken.Add(name);
            return p with { Name = name };
        }
        return ([.. layer.Applied.Select(Named), .. appliedRest], [.. layer.Unapplied.Select(Named), .. unappliedRest], details);
    }

    private static string Key(StackState state, PrivatePatchIds ids)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var p in state.Applied.Where(state.Details.IsPrivate)) sb.Append("a ").Append(p.Id).Append(' ').Append(ids.Of(p.Commit)).Append('\n');
        foreach (var p in state.Unapplied.Where(state.Details.IsPrivate)) sb.Append("u ").Append(p.Id).Append(' ').Append(ids.Of(p.Commit)).Append('\n');
        return sb.ToString();
    }

    /// <summary>
    /// <c>git patch-id --stable</c> of the private patches of some states, read in one batch
    /// (<see cref="Git.PatchIds"/>): equal for the same change on another base.
    /// </summary>
    private sealed class PrivatePatchIds(CarryRepository repo, IEnumerable<StackState> states)
    {
        private readonly Dictionary<Oid, string> _ids = Git.PatchIds.Of(repo,
            [.. states.SelectMany(s => s.All.Where(s.Details.IsPrivate)).Select(p => p.Commit).Distinct()]);

        public string Of(Oid commit) => _ids.GetValueOrDefault(commit, "empty");
    }
}
