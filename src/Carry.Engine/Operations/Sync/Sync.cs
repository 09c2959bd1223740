using Carry.Git;
using Carry.Git.Checkout;
using Carry.Model;
using Carry.Operations.Layers;
using Carry.Operations.Stack;
using Carry.Storage;

namespace Carry.Operations.Sync;

/// <summary>Where a sync stopped: the patch and its conflicted paths (as text).</summary>
public sealed record SyncConflict(string Patch, IReadOnlyList<string> Paths);

/// <summary>What a sync step did.</summary>
/// <param name="Transaction">The recorded state change (null when there was nothing to do).</param>
/// <param name="Report">Every patch handled by the sync so far, in order.</param>
/// <param name="Stopped">The conflict it stopped at, or null when it finished.</param>
/// <param name="OntoRef">The ref the stack moved onto.</param>
/// <param name="OldBase">The base before the sync.</param>
/// <param name="NewBase">The base after it.</param>
public sealed record SyncResult(TransactionResult? Transaction, IReadOnlyList<SyncEntry> Report, SyncConflict? Stopped, string OntoRef, Oid OldBase, Oid NewBase)
{
    /// <summary>The stack whose newer private layer (development kit) this sync brought in, or null.</summary>
    public string? PrivateLayerFrom { get; init; }

    /// <summary>The commits <c>carry finish</c> had made base history, as this sync carried them (or dropped them, upstream carrying them).</summary>
    public IReadOnlyList<CarriedCommit> Carried { get; init; } = [];
}

/// <summary>How to start a sync.</summary>
/// <param name="Onto">The new base (a ref or commit); null: the stack's base ref, as it is now.</param>
/// <param name="Fetch">Fetch first.</param>
/// <param name="Remote">The remote to fetch; null: the base ref's remote, else <c>origin</c>.</param>
public sealed record SyncOptions(string? Onto = null, bool Fetch = false, string? Remote = null)
{
    /// <summary>Reports each patch handled (done, total, name).</summary>
    public IProgress<(int Done, int Total, string Name)>? Progress { get; init; }

    /// <summary>Cancels before anything is written.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>Park conflicting patches and finish instead of stopping (<c>--park</c>).</summary>
    public bool Park { get; init; }

    /// <summary>The base ref to record instead of the one <see cref="Onto"/> names (a step of <c>--step</c> on the way to it).</summary>
    public string? RecordAs { get; init; }
}

/// <summary>
/// Moves a stack onto a new upstream base: every patch re-applied on trees in memory, the ones
/// upstream carries retired with their evidence, recorded resolutions reused, and the working
/// tree written once. A real conflict stops the sync with the stack recorded as "stopped at
/// this patch" (see <see cref="SyncProgress"/>), so continue, skip and abort work from any later
/// run, crash or not.
/// </summary>
public static partial class Sync
{
    /// <summary>Starts a sync.</summary>
    public static SyncResult Start(StackSession session, SyncOptions options, string command)
    {
        var state = session.State;
        var repo = session.Repo;
        var (newBase, ontoRef) = Target(session, options);
        // Stacks sharing the private layer (carry work) take the newest one at every sync.
        var (applied, unapplied, details, kitFrom) = WithNewestKit(session);
        // Commits 'carry finish' made base history sit between upstream and the base: replayed first, kept.
        var history = FinishedHistory.Of(session, state);
        var upstreamBelow = FinishedHistory.UpstreamBelow(repo, state);
        if (newBase == upstreamBelow && ontoRef == state.BaseRef && kitFrom is null)
            return new SyncResult(null, [], null, ontoRef, state.Base, state.Base);
        List<Patch> replay = history is null ? applied : [.. history.Commits, .. applied];

        // The new upstream comes from outside: what it adds must pass the path rule before anything
        // is replayed. Checked on another core while the detector reads upstream's commits (both
        // only read), and waited for before the detector lets go of the trees read.
        var pathCheck = Task.CompletedTask;
        if (newBase != state.Base)
        {
            var objects = repo.Objects;
            var upstream = objects.ReadCommit(newBase);
            var from = objects.ReadCommit(state.Base).Tree;
            pathCheck = Task.Run(() => TreeCheck.Require(objects, from, upstream.Tree,
                $"upstream commit {newBase.Short} ('{Paths.Printable.Of(upstream.Subject)}')"));
        }
        LandingDetector detector;
        try
        {
            detector = Detector(session, upstreamBelow, newBase, [.. replay, .. unapplied], pathCheck: pathCheck);
        }
        catch (MalformedTreeException)
        {
            // The detector read a malformed upstream tree before the path check did: the check's
            // refusal says the same and names the commit.
            try { pathCheck.Wait(); }
            catch (AggregateException e) when (e.InnerException is CarryException named) { System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(named); }
            throw;
        }
        finally
        {
            // Never left reading the object database once this returns or throws; its own error
            // reaches the user through the detector, which waits for it.
            try { pathCheck.Wait(); }
            catch (AggregateException) { }
        }
        var run = new SyncRun(session.Repo, session.Committer, detector, details.Resolutions) { Progress = options.Progress, Cancellation = options.Cancellation, Park = options.Park };
        var rest = run.Run(newBase, replay);
        run.Blame(new UpstreamBlame(repo, upstreamBelow, newBase, repo.Config("merge.conflictStyle") ?? "diff3"));
        var kept = new List<Patch>();
        foreach (var p in unapplied)
        {
            if (detector.Certain(p) is { } evidence) run.Retire(p, evidence);
            else kept.Add(p);
        }
        var (top, finishedOn, carried) = history is null
            ? (newBase, null, [])
            : history.Settle(repo, run, newBase, (state with { BaseRef = ontoRef }).BaseName);
        // Only a sync that stops needs a clean tree: the resolution is taken from it. Checking just
        // then keeps the common case from stat-ing every file of a big tree.
        if (run.Stopped is not null) RequireCleanTree(session, run.Stopped.Patch.Name);
        var tx = session.Begin();
        tx.Base = top;
        tx.BaseRef = ontoRef;
        tx.Details = details with { FinishedOn = finishedOn };
        var progress = new SyncProgress(ontoRef, session.Record!.Id, "", [], [])
        {
            Upstream = run.Stopped is null ? null : repo.Objects.WriteBlob(detector.UpstreamRecord),
        };
        return Finish(session, tx, run, rest, kept, progress, command, new TransactionOptions("sync") { Cancellation = options.Cancellation }, state.Base, [.. applied, .. unapplied]) with { PrivateLayerFrom = kitFrom, Carried = carried };
    }

    /// <summary>The stack's patches with the newest private layer among the stacks sharing it spliced in, and where it came from (null: already the newest).</summary>
    private static (List<Patch> Applied, List<Patch> Unapplied, StackDetails Details, string? From) WithNewestKit(StackSession session)
    {
        var state = session.State;
        if (SharedLayer.Newest(session) is not { } kit || SharedLayer.IsCurrent(session, kit))
            return ([.. state.Applied], [.. state.Unapplied], state.Details, null);
        var (applied, unapplied, details) = SharedLayer.Spliced(state.Details, state.Applied, state.Unapplied, kit);
        return (applied, unapplied, details, kit.Stack);
    }

    /// <summary>Records the outcome: finished, or stopped at the next conflict with its markers in the working tree.</summary>
    /// <remarks>
    /// Patches left unapplied (skipped, held, set aside, kept) are written in <paramref name="series"/>'s
    /// order, whatever order the sync met them in: the stopped patch and the ones still to do come
    /// first while stopped, as the resume needs them.
    /// </remarks>
    internal static SyncResult Finish(StackSession session, StackTransaction tx, SyncRun run, List<Patch> rest, List<Patch> kept,
        SyncProgress sync, string command, TransactionOptions options, Oid oldBase, IReadOnlyList<Patch> series, IEnumerable<Patch>? below = null)
    {
        var unapplied = InSeriesOrder([.. run.SetAside, .. kept], series);
        tx.Applied.Clear();
        tx.Applied.AddRange(below ?? []);
        tx.Applied.AddRange(run.Applied);
        tx.Details = tx.Details with { Retired = new ValueList<Patch>(tx.Details.Retired.Concat(run.Retired)), Resolutions = run.Resolutions };
        var report = new List<SyncEntry>([.. sync.Done, .. run.Report]);
        tx.Unapplied.Clear();
        if (run.Stopped is { } stop)
        {
            tx.Unapplied.AddRange([stop.Patch, .. rest, .. unapplied]);
            tx.Sync = sync with { Stopped = stop.Patch.Name, Todo = new ValueList<string>(rest.Select(p => p.Name)), Done = new ValueList<SyncEntry>(report) };
            // The working tree gets the merge with markers; the index the clean part of it.
            options = options with { RestoreLocalChanges = new TakenChanges(stop.Merged, stop.Tree), Unmerged = ConflictStages(stop) };
        }
        else
        {
            tx.Unapplied.AddRange(unapplied);
            tx.Sync = null;
        }
        // Written while the transaction writes the working tree: its entries are facts about
        // commits, true whether or not the transaction completes.
        List<Patch> now = [.. tx.Applied, .. tx.Unapplied];
        var saving = Task.Run(() => SaveChanges(session.Repo, run, now, series));
        TransactionResult result;
        try
        {
            result = tx.Execute(command, options);
        }
        catch
        {
            // The transaction's error is the one to report; the cache is only waited for.
            try { saving.Wait(); }
            catch (AggregateException) { }
            throw;
        }
        saving.GetAwaiter().GetResult();
        SyncConflict? conflict = null;
        if (run.Stopped is { } stopped)
        {
            report.Add(new SyncEntry(stopped.Patch.Name, stopped.Patch.Id, SyncOutcome.Conflicted, stopped.Patch.Probable, Applied: false) { Cause = run.StopCause });
            conflict = new SyncConflict(stopped.Patch.Name, [.. stopped.Files.Select(f => RawPath.ToText(f.Path))]);
        }
        return new SyncResult(result, report, conflict, tx.BaseRef, oldBase, tx.Base);
    }

    /// <summary>
    /// Records what the stack's patch commits change (<see cref="ChangeCache"/>), so that the next
    /// sync need not read their trees: the commits this run placed (known from the replay) and the
    /// ones it kept. The commits it replaced leave the file.
    /// </summary>
    private static void SaveChanges(CarryRepository repo, SyncRun run, IReadOnlyList<Patch> now, IReadOnlyList<Patch> before)
    {
        var keep = now.Select(p => p.Commit).ToHashSet();
        var added = new List<(Oid, IReadOnlyList<PathChange>)>();
        foreach (var commit in keep)
            if (run.KnownChanges(commit) is { } changes) added.Add((commit, changes));
        ChangeCache.Write(repo, run.CachedChanges, before.Select(p => p.Commit).Where(c => !keep.Contains(c)), added);
    }

    /// <summary><paramref name="patches"/> sorted by their place in <paramref name="series"/> (by stable id); patches it lacks keep their order, last.</summary>
    private static List<Patch> InSeriesOrder(IEnumerable<Patch> patches, IReadOnlyList<Patch> series)
    {
        var place = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < series.Count; i++) place.TryAdd(series[i].Id, i);
        return [.. patches.Select((p, i) => (p, i)).OrderBy(x => place.GetValueOrDefault(x.p.Id, int.MaxValue)).ThenBy(x => x.i).Select(x => x.p)];
    }

    /// <summary>Marks the conflicted paths unmerged in the index (stages 1–3), as git does, so status and mergetool see them.</summary>
    private static List<UnmergedPath> ConflictStages(SyncStop stop) =>
        [.. stop.Files.Select(f => new UnmergedPath(RawPath.ToText(f.Path), f.Base, f.Ours, f.Theirs))];

    /// <summary>Each patch's diff (cached, or read on every core: most of a big sync's reading), then what upstream did on those paths.</summary>
    /// <param name="session">The stack.</param>
    /// <param name="oldBase">Upstream below the series.</param>
    /// <param name="newBase">Upstream to sync onto.</param>
    /// <param name="patches">The series.</param>
    /// <param name="record">Upstream's commits as a stopped sync recorded them, if any.</param>
    /// <param name="pathCheck">Work still reading objects that must end (and whose error is thrown) before the trees read are let go.</param>
    internal static LandingDetector Detector(StackSession session, Oid oldBase, Oid newBase, List<Patch> patches, byte[]? record = null, Task? pathCheck = null)
    {
        var objects = session.Repo.Objects;
        var cached = ChangeCache.Read(session.Repo);
        var changes = ChangeCache.Of(objects, [.. patches.Select(p => p.Commit)], cached);
        var upstream = UpstreamLog.Read(session.Repo, oldBase, newBase, changes.SelectMany(c => c.Select(x => x.Path)), record);
        // The detector keeps what it found as paths and ids; the trees read to find it (each
        // patch's, each upstream commit's) are not needed again, and were most of a sync's memory,
        // but for those of the new base (the replay looks there), of the old top (the checkout)
        // and of the old base: the path check has read its changed folders, and the diff of the
        // two bases that finds upstream's moves (LandingDetector.Renames, asked by the replay
        // when a file it changes is gone) reads them again (1,836 folders of the 1,000-patch sync).
        pathCheck?.GetAwaiter().GetResult();
        objects.ForgetReadTrees(objects.ReadCommit(newBase).Tree, objects.ReadCommit(session.State.Head).Tree, objects.ReadCommit(oldBase).Tree);
        return new LandingDetector(session.Repo, upstream, [.. patches.Select((p, i) => (p, (IReadOnlyList<PathChange>?)changes[i]))], cached);
    }

    /// <summary>
    /// The detector for a resumed sync: upstream as the stopped sync recorded it, on the paths it
    /// recorded (those of all its patches, the remaining ones among them), and each patch
    /// compared with upstream only when the replay reaches it. Without a full record, as
    /// <see cref="Detector"/>.
    /// </summary>
    private static LandingDetector ResumedDetector(StackSession session, Oid oldBase, Oid newBase, List<Patch> patches, byte[]? record)
    {
        if (record is null || UpstreamRecord.Paths(record) is not { } paths) return Detector(session, oldBase, newBase, patches, record);
        var upstream = UpstreamLog.Read(session.Repo, oldBase, newBase, paths, record);
        return new LandingDetector(session.Repo, upstream, [.. patches.Select(p => (p, (IReadOnlyList<PathChange>?)null))], ChangeCache.Read(session.Repo), lazy: true);
    }

    internal static void RequireCleanTree(StackSession session, string stopsAt)
    {
        if (!WorkingTree.HasLocalChanges(session.Repo)) return;
        throw new CarryException(
            $"the sync would stop at a conflict in patch '{stopsAt}', and you have local changes to tracked files; nothing was changed",
            "take them into a patch with 'carry refresh' (or 'carry new'), or put them aside with 'git stash', then sync again.");
    }

    private static void Fetch(CarryRepository repo, string remote)
    {
        var result = Remotes.Fetch(repo, remote);
        if (!result.Ok)
            throw new CarryException($"could not fetch '{remote}': {result.Stderr.Trim().Replace("fatal: ", "")}",
                "check the remote's name and your network, or sync without '--fetch'.");
    }

    private static string? RemoteOf(string baseRef) =>
        baseRef.StartsWith("refs/remotes/", StringComparison.Ordinal) && baseRef.IndexOf('/', 13) is var slash and > 13
            ? baseRef[13..slash] : null;
}
