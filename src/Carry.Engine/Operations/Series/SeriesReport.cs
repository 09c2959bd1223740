using Carry.Git;
using Carry.Model;
using Carry.Storage;

namespace Carry.Operations.Series;

/// <summary>Where a patch is in the series now.</summary>
public enum PatchPlace
{
    /// <summary>Applied on the branch.</summary>
    Applied,
    /// <summary>Kept, not applied.</summary>
    Unapplied,
    /// <summary>Left the series because upstream carries it.</summary>
    Retired,
}

/// <summary>One patch's line in the report.</summary>
/// <param name="Patch">The patch.</param>
/// <param name="Subject">Its commit's subject.</param>
/// <param name="Place">Applied, unapplied or retired.</param>
/// <param name="Since">When it first appeared in the stack's history (null when the history does not say).</param>
/// <param name="SyncsSurvived">Sync commands it was still in the series after.</param>
/// <param name="Conflicts">Sync stops at a conflict in this patch (see <see cref="SeriesReport"/>).</param>
public sealed record PatchLine(Patch Patch, string Subject, PatchPlace Place, DateTimeOffset? Since, int SyncsSurvived, int Conflicts);

/// <summary>One point of the timeline: a version (or a state) and how the series changed since the point before.</summary>
/// <param name="Label">The version's name, or the state's command.</param>
/// <param name="When">When that state was recorded.</param>
/// <param name="Patches">Patches in the series then (applied and unapplied).</param>
/// <param name="Added">Names of patches added since the point before.</param>
/// <param name="Landed">Names of patches retired as landed since the point before.</param>
/// <param name="Dropped">Names of patches deleted since the point before.</param>
public sealed record TimelinePoint(string Label, DateTimeOffset When, int Patches, IReadOnlyList<string> Added, IReadOnlyList<string> Landed, IReadOnlyList<string> Dropped);

/// <summary>
/// What <c>carry report</c> shows, computed from the stack's own history: per patch its layer,
/// status, age (its first record), the syncs it survived (syncs that finished with it in the
/// series, each counted once however many times it stopped) and the conflicts it met (recorded
/// stops at it), over the records not undone; and a timeline over the named versions, or over
/// the states when there are none.
/// </summary>
/// <param name="State">The stack now.</param>
/// <param name="Generated">When the report was made.</param>
/// <param name="States">How many states the history holds.</param>
/// <param name="Patches">The series in order, then the retired patches.</param>
/// <param name="Timeline">Oldest first.</param>
public sealed record SeriesReport(StackState State, DateTimeOffset Generated, int States, IReadOnlyList<PatchLine> Patches, IReadOnlyList<TimelinePoint> Timeline)
{
    /// <summary>Most points a timeline over states (no versions) shows: the newest ones.</summary>
    public const int MaxStatePoints = 40;

    /// <summary>Builds the report of the stack whose newest record is <paramref name="current"/>.</summary>
    public static SeriesReport Build(StackStore store, ObjectStore objects, StackRecord current, DateTimeOffset now)
    {
        var history = store.History(current).Reverse().ToList();
        var since = new Dictionary<string, DateTimeOffset>();
        var syncs = new Dictionary<string, int>();
        var conflicts = new Dictionary<string, int>();
        foreach (var r in Lived(store, current))
        {
            foreach (var p in r.State.All.Concat(r.State.Details.Retired)) since.TryAdd(p.Id, r.Who.When);
            if (!r.Command.StartsWith("sync", StringComparison.Ordinal)) continue;
            // A sync counts once, where it finished (however many times it stopped); an aborted one not at all.
            if (r.State.Sync is null && !r.Command.StartsWith("sync --abort", StringComparison.Ordinal))
                foreach (var p in r.State.All) syncs[p.Id] = syncs.GetValueOrDefault(p.Id) + 1;
            // Each stop is the stopped patch's conflict, as the record says.
            if (r.State.Sync is { } stop && r.State.Unapplied.FirstOrDefault(p => p.Name == stop.Stopped) is { } stopped)
                conflicts[stopped.Id] = conflicts.GetValueOrDefault(stopped.Id) + 1;
        }
        var state = current.State;
        PatchLine Line(Patch p, PatchPlace place) => new(p, objects.ReadCommit(p.Commit).Subject, place,
            since.TryGetValue(p.Id, out var s) ? s : null, syncs.GetValueOrDefault(p.Id), conflicts.GetValueOrDefault(p.Id));
        List<PatchLine> lines =
        [
            .. state.Applied.Select(p => Line(p, PatchPlace.Applied)),
            .. state.Unapplied.Select(p => Line(p, PatchPlace.Unapplied)),
            .. state.Details.Retired.Select(p => Line(p, PatchPlace.Retired)),
        ];
        return new SeriesReport(state, now, history.Count, lines, BuildTimeline(store, state, history));
    }

    /// <summary>
    /// The records that lead to <paramref name="current"/> without the undone ones, oldest first:
    /// a record made by undo or redo shows another record's result, so its history is that record's.
    /// </summary>
    private static List<StackRecord> Lived(StackStore store, StackRecord current)
    {
        var lived = new List<StackRecord>();
        for (StackRecord? r = current; r is not null;)
        {
            if (r.UndoBase is { } shown && shown != r.Id) { r = store.Read(shown); continue; }
            lived.Add(r);
            r = r.Previous is { } p ? store.Read(p) : null;
        }
        lived.Reverse();
        return lived;
    }

    private static List<TimelinePoint> BuildTimeline(StackStore store, StackState state, List<StackRecord> history)
    {
        List<(string Label, StackRecord Record)> points = state.Details.Versions.IsEmpty
            ? [.. Changes(history).TakeLast(MaxStatePoints).Select(r => ("carry " + r.Command, r))]
            : [.. state.Details.Versions.Select(v => (v.Name, store.Read(v.State)))];
        var result = new List<TimelinePoint>();
        StackState? previous = null;
        foreach (var (label, record) in points)
        {
            var s = record.State;
            var now = s.All.ToDictionary(p => p.Id, p => p.Name);
            var then = previous?.All.ToDictionary(p => p.Id, p => p.Name) ?? [];
            var retiredThen = previous?.Details.Retired.Select(p => p.Id).ToHashSet() ?? [];
            var landed = s.Details.Retired.Where(p => !retiredThen.Contains(p.Id)).ToList();
            var landedIds = landed.Select(p => p.Id).ToHashSet();
            result.Add(new TimelinePoint(label, record.Who.When, now.Count,
                [.. now.Where(kv => !then.ContainsKey(kv.Key)).Select(kv => kv.Value)],
                [.. landed.Select(p => p.Name)],
                [.. then.Where(kv => !now.ContainsKey(kv.Key) && !landedIds.Contains(kv.Key)).Select(kv => kv.Value)]));
            previous = s;
        }
        return result;
    }

    /// <summary>The states where the set of patches changed (and the first).</summary>
    private static IEnumerable<StackRecord> Changes(List<StackRecord> history)
    {
        HashSet<string>? last = null;
        foreach (var r in history)
        {
            var ids = r.State.All.Concat(r.State.Details.Retired).Select(p => p.Id + (r.State.Details.Retired.Contains(p) ? "r" : "")).ToHashSet();
            if (last is not null && last.SetEquals(ids)) continue;
            last = ids;
            yield return r;
        }
    }
}
