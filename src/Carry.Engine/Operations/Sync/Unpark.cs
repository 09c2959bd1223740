using Carry.Model;
using Carry.Operations.Stack;

namespace Carry.Operations.Sync;

/// <summary><c>carry sync --continue NAME</c>: takes up one patch an unattended sync parked.</summary>
public static partial class Sync
{
    /// <summary>
    /// Re-applies the parked patch <paramref name="name"/> on top of the applied patches, with the
    /// patches parked because they need it after it, as an ordinary sync: a recorded resolution is
    /// applied from memory, and a conflict stops with markers for <c>--continue</c>, <c>--skip</c>
    /// or <c>--abort</c>, exactly like any sync.
    /// </summary>
    public static SyncResult ContinueParked(StackSession session, string name, string command, IProgress<(int, int, string)>? progress = null)
    {
        var state = session.State;
        if (state.Sync is { } stopped) throw StackSession.SyncInProgress(stopped);
        var patch = state.Find(name) ?? throw new CarryException($"no patch named '{name}'", "'carry series' lists the patches; parked ones say so.");
        if (patch.Parked is null)
            throw new CarryException($"patch '{name}' is not parked",
                state.IsApplied(name) ? "it is applied already." : $"'carry push {name}' applies an unapplied patch.");
        var todo = new List<Patch> { patch };
        // The patches parked because they need this one come back with it, in series order.
        var waiting = new HashSet<string>(StringComparer.Ordinal) { name };
        foreach (var p in state.Unapplied)
            if (p.Parked?.With is { } with && waiting.Contains(with) && waiting.Add(p.Name)) todo.Add(p);

        var detector = Detector(session, state.Base, state.Base, todo);
        var run = new SyncRun(session.Repo, session.Committer, detector, state.Details.Resolutions) { Progress = progress };
        var rest = run.Run(state.Head, todo);
        if (run.Stopped is not null) RequireCleanTree(session, run.Stopped.Patch.Name);
        var kept = state.Unapplied.Where(p => !waiting.Contains(p.Name)).ToList();
        var tx = session.Begin();
        var sync = new SyncProgress(state.BaseRef, session.Record!.Id, "", [], []);
        return Finish(session, tx, run, rest, kept, sync, command, new TransactionOptions("sync"), state.Base, [.. state.All], state.Applied);
    }
}
