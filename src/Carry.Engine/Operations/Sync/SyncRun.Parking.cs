using Carry.Git;
using Carry.Model;

namespace Carry.Operations.Sync;

/// <summary>The unattended parts of a sync run: parking conflicts instead of stopping, and flagging merges worth a review.</summary>
internal sealed partial class SyncRun
{
    /// <summary>Park conflicting patches (unapplied, conflict recorded) instead of stopping (<c>carry sync --park</c>).</summary>
    public bool Park { get; init; }

    /// <summary>The patches this run parked, in the order it met them (they are in <see cref="SetAside"/> too).</summary>
    public List<Patch> Parked { get; } = [];

    /// <summary>
    /// Leaves a conflicting patch unapplied with its conflict recorded. When it changes lines
    /// (or lines next to them) that a patch parked earlier in this run changed, it needs that one
    /// (its lines are missing below it): it is parked with it, naming it, so it comes back with it.
    /// </summary>
    private void ParkIt(Patch patch, IReadOnlyList<ConflictFile> files)
    {
        var with = Parked.FirstOrDefault(p => files.Any(f => Needs(f, p)));
        var conflict = new ParkedConflict(
            [.. files.Select(f => new ParkedPath(RawPath.ToText(f.Path), f.Base?.Id, f.Ours?.Id, f.Theirs?.Id))], with?.Name);
        var parked = patch with { Parked = conflict };
        Parked.Add(parked);
        SetAside.Add(parked);
        Report.Add(new SyncEntry(patch.Name, patch.Id, SyncOutcome.Parked, patch.Probable, Applied: false)
        {
            Reason = with is null ? null : $"needs '{with.Name}', parked too: it changes the same lines",
        });
    }

    /// <summary>
    /// Does the conflicted file <paramref name="f"/> of a patch touch lines that <paramref name="parked"/>
    /// changed? Compared in the patch's parent, which holds the parked patch's lines: the parked
    /// patch's change seen from there is the difference back to its own parent's version.
    /// </summary>
    private bool Needs(ConflictFile f, Patch parked)
    {
        if (!detector.ChangesOf(parked).Any(c => c.Path == f.Path)) return false;
        var before = TreeOps.Lookup(_objects, _objects.ParentTree(_objects.ReadCommit(parked.Commit)), f.Path);
        // A file the parked patch adds or deletes, or a side without the file: needed, to be safe.
        if (f.Base is not { } b || f.Theirs is not { } t || before is null) return true;
        return LineSpans.Touch(_objects, b.Id, t.Id, before.Id);
    }

    /// <summary>Merged patches flagged for review, with the paths where upstream changed their lines (raw).</summary>
    private readonly List<(Patch Patch, List<string> Paths)> _reviews = [];

    /// <summary>The upstream commit since which the stopped patch conflicts, once <see cref="Blame"/> found it.</summary>
    public Oid? StopCause { get; private set; }

    /// <summary>
    /// Flags the patch just placed (the last report line) <c>merged, review</c> when upstream
    /// changed, since the patch's parent, some of the very lines the patch changes, and the merge
    /// was clean all the same (both made that change): a reworked landing may now be applied
    /// twice. Edits on neighbouring lines do not count.
    /// </summary>
    private void MarkForReview(Patch patch, Oid from, Oid onto, IReadOnlyList<PathChange> changes)
    {
        var paths = new List<string>();
        foreach (var change in changes)
        {
            if (change.Old is not { } old || change.New is not { } ours) continue;
            if (TreeOps.Lookup(_objects, onto, change.Path) is not { } current || current.Id == old.Id || current.IsTree) continue;
            if (LineSpans.Overlap(_objects, old.Id, ours.Id, current.Id)) paths.Add(change.Path);
        }
        if (paths.Count == 0) return;
        _reviews.Add((patch, paths));
        Report[^1] = Report[^1] with { Review = true };
    }

    /// <summary>Names the upstream commit behind each parked patch, the stopped one and each merge flagged for review.</summary>
    public void Blame(UpstreamBlame blame)
    {
        for (var i = 0; i < Parked.Count; i++)
        {
            var p = Parked[i];
            if (p.Parked is not { With: null } parked) continue;
            if (blame.ConflictSince(p, [.. parked.Paths.Select(x => RawPath.FromText(x.Path))]) is not { } cause) continue;
            var named = p with { Parked = parked with { Cause = cause } };
            Parked[i] = named;
            SetAside[SetAside.FindIndex(x => x.Id == p.Id)] = named;
            SetCause(p.Id, cause);
        }
        foreach (var (patch, paths) in _reviews)
            if (blame.RewroteSince(patch, paths) is { } commit) SetCause(patch.Id, commit);
        if (Stopped is { } stop) StopCause = blame.ConflictSince(stop.Patch, [.. stop.Files.Select(f => f.Path)]);
    }

    private void SetCause(string id, Oid cause)
    {
        var i = Report.FindIndex(e => e.Id == id);
        if (i >= 0) Report[i] = Report[i] with { Cause = cause };
    }
}
