using Carry.Git;
using Carry.Git.Checkout;
using Carry.Model;
using Carry.Replay;
using Carry.Storage;

namespace Carry.Operations.Stack;

/// <summary>How one patch fared when its commit had to be rebuilt on a new parent.</summary>
public sealed record PatchOutcome(string Name, MergeKind Kind);

/// <summary>The patch that could not be applied, and where.</summary>
public sealed record Conflict(string Patch, IReadOnlyList<string> Paths);

/// <summary>What a transaction did.</summary>
/// <param name="State">The stack after the command.</param>
/// <param name="Replayed">Patches whose commits were rebuilt, in order.</param>
/// <param name="Stopped">The patch a partial push stopped at, or null.</param>
/// <param name="Changed">False when the command had nothing to do.</param>
public sealed record TransactionResult(StackState State, IReadOnlyList<PatchOutcome> Replayed, Conflict? Stopped, bool Changed)
{
    /// <summary>How the working tree was written (directly, or by git and why), or null when nothing had to change on disk.</summary>
    public CheckoutWay? Checkout { get; init; }
}

/// <summary>A patch would not apply during an all-or-nothing command; nothing was changed.</summary>
public sealed class PatchConflictException(Conflict conflict, string action)
    : CarryException(
        $"{action} stopped: patch '{conflict.Patch}' does not apply; it conflicts in:\n" +
        string.Concat(conflict.Paths.Select(p => $"\t{p}\n")).TrimEnd('\n') + "\nnothing was changed.",
        "reorder the patches ('carry move') or edit the patch so that it applies.")
{
    /// <summary>Where it failed.</summary>
    public Conflict Conflict { get; } = conflict;
}

/// <summary>
/// Turns a wanted stack state into reality, all at once. Commands set <see cref="Applied"/>
/// and <see cref="Unapplied"/> (with any rewritten patch commits) and call
/// <see cref="Execute"/> with their <see cref="TransactionOptions"/>, which (1) replays the applied patches on trees in memory, reusing
/// every commit whose parent is already right, (2) writes all new objects in one go, (3)
/// updates the index and working tree once, and (4) moves the branch and the stack ref in
/// one ref transaction. A failure before step 3 leaves no trace; a crash during 3 or 4 is
/// finished by the next run (see <see cref="Recovery"/>).
/// </summary>
public sealed class StackTransaction
{
    private readonly StackSession _session;
    private readonly StackState _start;

    internal StackTransaction(StackSession session)
    {
        _session = session;
        _start = session.Record?.State ?? new StackState(session.Branch, "", default, [], []);
        Base = _start.Base;
        BaseRef = _start.BaseRef;
        Applied = [.. _start.Applied];
        Unapplied = [.. _start.Unapplied];
        Series = _start.Series;
        Details = _start.Details;
        Sync = _start.Sync;
    }

    /// <summary>The stopped sync this state records, or null (the usual case).</summary>
    public SyncProgress? Sync { get; set; }

    /// <summary>Layers, selected guards, retired patches, versions and resolutions; carried from state to state.</summary>
    public StackDetails Details { get; set; }

    /// <summary>The quilt series file kept from an import (null when none); carried from state to state.</summary>
    public Oid? Series { get; set; }

    /// <summary>The commit the stack sits on.</summary>
    public Oid Base { get; set; }

    /// <summary>The upstream ref the base came from.</summary>
    public string BaseRef { get; set; }

    /// <summary>The patches to apply, bottom first. A patch's commit may need a new parent: Execute replays it.</summary>
    public List<Patch> Applied { get; }

    /// <summary>The patches to keep unapplied, in push order.</summary>
    public List<Patch> Unapplied { get; }

    /// <summary>Carries out the transaction; <paramref name="command"/> names it in the stack's history.</summary>
    public TransactionResult Execute(string command, TransactionOptions? options = null)
    {
        options ??= new TransactionOptions();
        try
        {
            return Run(command, options);
        }
        finally
        {
            // Moved into place on success; on failure or no-op a leftover copy must not stay in .git.
            if (options.WorkingIndex is { } wi && File.Exists(wi.File)) File.Delete(wi.File);
        }
    }

    private TransactionResult Run(string command, TransactionOptions options)
    {
        KeepLayerOrder();
        var replayed = new List<PatchOutcome>();
        var (applied, stopped) = Replay(replayed, options);
        var unapplied = stopped is null ? Unapplied : [.. Applied.Skip(applied.Count), .. Unapplied];
        var state = new StackState(_session.Branch, BaseRef, Base, [.. applied], [.. unapplied], Series) { Details = Details, Sync = Sync };
        var isUndoRedo = options.UndoBase is not null || !options.Redo.IsEmpty;
        if (StateEquals(state, _start) && !isUndoRedo && options.Adopt is null && options.Joins is null)
        {
            return new TransactionResult(state, replayed, stopped, Changed: false);
        }
        options.Cancellation.ThrowIfCancellationRequested();
        if (options.KeepLocalChanges) options = CarryLocalChanges(state, options);
        try
        {
            var checkout = Commit(state, command, options);
            return new TransactionResult(state, replayed, stopped, Changed: true) { Checkout = checkout };
        }
        finally
        {
            if (options.KeepLocalChanges && options.WorkingIndex is { } wi && File.Exists(wi.File)) File.Delete(wi.File);
        }
    }

    /// <summary>
    /// For --keep: the local changes merged onto the new head's files (as 'git checkout --merge'
    /// would, but refusing a conflict), so the working tree moves there and the index to the new head.
    /// </summary>
    private TransactionOptions CarryLocalChanges(StackState state, TransactionOptions options)
    {
        var repo = _session.Repo;
        var oldTree = repo.Objects.ReadCommit(_session.StartHead ?? _start.Head).Tree;
        var newTree = repo.Objects.ReadCommit(state.Head).Tree;
        var (snapshot, _, file) = WorkingTree.Snapshot(repo, indexOnly: false, []);
        if (snapshot == oldTree)
        {
            File.Delete(file);
            return options;
        }
        var merged = new TreeMerge(repo.Objects, repo).Apply(oldTree, snapshot, newTree);
        if (!merged.Succeeded)
        {
            File.Delete(file);
            throw new CarryException(
                $"your local changes conflict with {options.Action} in:\n" + string.Join('\n', merged.ConflictedPaths.Select(p => "\t" + p)) + "\nnothing was changed.",
                "record them into a patch ('carry refresh') or stash them, then try again.");
        }
        return options with { WorkingIndex = (file, snapshot), RestoreLocalChanges = new TakenChanges(newTree, merged.Tree) };
    }

    /// <summary>
    /// Lower layers stay below higher ones (the development kit under the work): the applied
    /// and the unapplied patches are each sorted by layer, keeping their order within a layer.
    /// A stack whose patches share one layer is left exactly as the command set it.
    /// </summary>
    private void KeepLayerOrder()
    {
        Sort(Applied);
        Sort(Unapplied);

        void Sort(List<Patch> patches)
        {
            var ranks = patches.Select(p => Details.Rank(p.Layer)).ToList();
            var sorted = true;
            for (var i = 1; i < ranks.Count && sorted; i++) sorted = ranks[i - 1] <= ranks[i];
            if (sorted) return;
            var ordered = patches.Select((p, i) => (p, r: ranks[i])).OrderBy(x => x.r).Select(x => x.p).ToList();
            patches.Clear();
            patches.AddRange(ordered);
        }
    }

    private static bool StateEquals(StackState a, StackState b) =>
        a.Base == b.Base && a.BaseRef == b.BaseRef && a.Series == b.Series && a.Details == b.Details && a.Sync == b.Sync && a.Applied.SequenceEqual(b.Applied) && a.Unapplied.SequenceEqual(b.Unapplied);

    private (List<Patch> Applied, Conflict? Stopped) Replay(List<PatchOutcome> replayed, TransactionOptions options)
    {
        var objects = _session.Repo.Objects;
        var merge = new TreeMerge(objects, _session.Repo);
        var result = new List<Patch>();
        var top = Base;
        for (var i = 0; i < Applied.Count; i++)
        {
            options.Cancellation.ThrowIfCancellationRequested();
            var patch = Applied[i];
            var commit = objects.ReadCommit(patch.Commit);
            if (commit.Parent != top)
            {
                var parentTree = objects.ParentTree(commit);
                var outcome = merge.Apply(parentTree, commit.Tree, objects.ReadCommit(top).Tree);
                if (!outcome.Succeeded)
                {
                    var conflict = new Conflict(patch.Name, outcome.ConflictedPaths);
                    if (options.AllOrNothing) throw new PatchConflictException(conflict, options.Action);
                    return (result, conflict);
                }
                var rebuilt = commit with { Tree = outcome.Tree, Parents = [top], Committer = _session.Committer };
                patch = patch with { Commit = objects.WriteCommit(rebuilt) };
                replayed.Add(new PatchOutcome(patch.Name, outcome.Kind));
                options.Progress?.Report((i + 1, Applied.Count, patch.Name));
            }
            result.Add(patch);
            top = patch.Commit;
        }
        return (result, null);
    }

    private CheckoutWay? Commit(StackState state, string command, TransactionOptions options)
    {
        var (adopt, workingIndex, restore) = (options.Adopt, options.WorkingIndex, options.RestoreLocalChanges);
        var repo = _session.Repo;
        var previous = _session.Record;
        if (adopt is not null && !StateEquals(adopt.State, state))
            throw new InvalidOperationException($"the adopted stack record {adopt.Id.Short} does not describe a consistent stack");
        var recordId = adopt?.Id ?? _session.Store.Write(state, command, _session.Committer, previous?.Id, options.UndoBase, options.Redo, options.TakesLocalChanges, options.Joins, options.LeavesLocalChanges);
        var toTree = restore?.WorkingTree ?? repo.Objects.ReadCommit(state.Head).Tree;
        repo.Objects.Flush(toTree);

        // The branch as the command found it (equal to the stack's head, except for init and
        // repair). Never re-read here: a commit made meanwhile would be silently overwritten.
        var oldHead = _session.StartHead ?? state.Head;
        CrashPoint.Hit("before-journal");
        RequireUnmoved(oldHead, command);
        var fromTree = workingIndex?.Tree ?? repo.Objects.ReadCommit(oldHead).Tree;
        // The one gate for everything a command puts in the working tree, before anything is recorded.
        var changes = TreeCheck.Require(repo.Objects, fromTree, toTree, $"to check out {state.Head.Short}");
        var stateRef = StackStore.RefFor(_session.Branch);
        var journal = new Journal(command, _session.BranchRef, stateRef, oldHead, state.Head, previous?.Id, recordId, fromTree, toTree, restore?.Index);
        // The index is replaced wholesale in these cases: a copy lets a refusal put it back exactly.
        var backup = workingIndex is not null || restore is not null ? WorkingTree.BackupIndex(repo) : null;
        CheckoutWay? checkout;
        try
        {
            if (_session.Lock is not null) Journal.Write(repo.GitDir, journal);
            CrashPoint.Hit("before-worktree");
            try
            {
                checkout = WorkingTree.Switch(repo, fromTree, toTree, options.Action, workingIndex?.File, options.Unmerged, changes);
            }
            catch (Exception e) when (e is LocalChangesException or UnsafePathException)
            {
                // Refused (local changes in the way, a refused path) before any file was written: nothing to finish.
                Journal.Clear(repo.GitDir);
                throw;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Failed part-way (a file the system will not create, a damaged object): a retry
                // fails the same, so the journal's recovery could never finish. The refs never
                // moved: what was written is undone now, and the journal goes with it.
                var rolledBack = RollBack(fromTree, toTree, backup, partial: true);
                Journal.Clear(repo.GitDir);
                throw new CarryException(
                    $"could not write the working tree ({Recovery.Why(e)}): 'carry {command}' was not applied; {WorkingTreeAfter(rolledBack)}",
                    "'git fsck' checks the objects; see docs/safety.md.");
            }
            if (workingIndex is { } wi) WorkingTree.ReplaceIndex(repo, wi.File);
            // The direct checkout marks conflicts in its own index write; otherwise it is done here.
            if (options.Unmerged is { } unmerged)
            {
                if (checkout?.MarkedConflicts != true) WorkingTree.MarkConflicts(repo, unmerged);
            }
            else if (restore is not null) WorkingTree.SetIndex(repo, restore.Index);
            CrashPoint.Hit("after-worktree");
            // The new objects' flush to disk ran during the checkout; no ref may point at them
            // before it ends, and if it failed, the command is undone like a refused one.
            if (Durable(repo) is { } notWritten)
            {
                var rolledBack = RollBack(fromTree, toTree, backup);
                Journal.Clear(repo.GitDir);
                throw new CarryException(
                    $"could not write the new objects to disk ({notWritten}): 'carry {command}' was not applied; {WorkingTreeAfter(rolledBack)}",
                    "check the disk (free space, errors), then run the command again.");
            }
            RefUpdate[] refs = [new(_session.BranchRef, oldHead, state.Head), new(stateRef, previous?.Id, recordId)];
            if (!repo.TryUpdateRefs(refs, $"carry: {command}", out var refError)) AfterFailedRefs(refs, command, refError, fromTree, toTree, backup);
            CrashPoint.Hit("after-refs");
            Journal.Clear(repo.GitDir);
        }
        finally
        {
            if (backup is not null && File.Exists(backup)) File.Delete(backup);
        }
        _session.Record = _session.Store.Read(recordId);
        _session.StartHead = state.Head;
        SeriesCache.Write(repo, _session.Branch, recordId, state);
        return checkout;
    }

    /// <summary>
    /// After a ref transaction that failed, what the refs hold decides, not the failure: git
    /// stopped after committing both (its exit is then no news), or between the two (the other is
    /// moved too, from where it is), is a command done; neither moved (git refused, a hook said
    /// no) puts the files back and says git's reason; anything else is someone else's change,
    /// kept and reported. Returns when the command is done; throws otherwise.
    /// </summary>
    private void AfterFailedRefs(RefUpdate[] refs, string command, string error, Oid fromTree, Oid toTree, string? backup)
    {
        var repo = _session.Repo;
        var now = refs.Select(r => repo.ReadRef(r.Name)).ToArray();
        if (now.Select((value, i) => value == refs[i].New).All(x => x)) return;
        var untouched = now.Select((value, i) => value == refs[i].Old).All(x => x);
        if (!untouched && now.Select((value, i) => value == refs[i].Old || value == refs[i].New).All(x => x))
        {
            if (repo.TryUpdateRefs([.. refs.Select((r, i) => r with { Old = now[i] })], $"carry: {command}", out var again)) return;
            // The journal stays: the next carry run finishes the command (Recovery), as after a kill.
            throw new CarryException($"could not update refs: {again}: 'carry {command}' is half done",
                "run 'carry status': it finishes the command.");
        }
        var rolledBack = RollBack(fromTree, toTree, backup);
        Journal.Clear(repo.GitDir);
        if (!untouched) throw Moved(refs[0].Old!.Value, command, rolledBack);
        throw new CarryException($"could not update refs: {error}: 'carry {command}' was not applied; {WorkingTreeAfter(rolledBack)}",
            "run the command again.");
    }

    /// <summary>Null once the objects written are on disk, else why they are not.</summary>
    private static string? Durable(CarryRepository repo)
    {
        try
        {
            repo.Objects.WaitDurable();
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }

    /// <summary>Refuses, before anything is written, when the branch is no longer where the command found it.</summary>
    private void RequireUnmoved(Oid oldHead, string command)
    {
        if (_session.Repo.ReadRef(_session.BranchRef) != oldHead) throw Moved(oldHead, command, rolledBack: null);
    }

    /// <summary>
    /// Puts files and index back as they were before this transaction wrote them (the refs
    /// never moved). Returns null when that worked, else why not.
    /// </summary>
    /// <remarks>With <paramref name="partial"/> (the write stopped part-way), a file holding neither tree's version is someone's change and is left alone.</remarks>
    private string? RollBack(Oid fromTree, Oid toTree, string? indexBackup, bool partial = false)
    {
        var repo = _session.Repo;
        try
        {
            List<string>? only = null;
            if (partial)
            {
                var foreign = WorkingTree.ForeignPaths(repo, fromTree, toTree).ToHashSet(StringComparer.Ordinal);
                only = [.. TreeOps.Diff(repo.Objects, fromTree, toTree).Select(c => RawPath.ToText(c.Path)).Where(p => !foreign.Contains(p))];
            }
            WorkingTree.ForceSwitchPaths(repo, toTree, fromTree, fromTree, only);
            if (indexBackup is not null) WorkingTree.RestoreIndex(repo, indexBackup);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Recovery.Why(e);
        }
    }

    /// <summary>What a refused command says of the working tree after <see cref="RollBack"/> (null: it worked).</summary>
    private static string WorkingTreeAfter(string? rolledBack) => rolledBack is null
        ? "the working tree is as it was"
        : $"the working tree could not be put back ({rolledBack}): check 'git status'";

    private CarryException Moved(Oid oldHead, string command, string? rolledBack)
    {
        var now = _session.Repo.ReadRef(_session.BranchRef);
        return new CarryException(
            $"branch '{_session.Branch}' was moved while carry was working (from {oldHead.Short} to {now?.Short ?? "nothing"}): " +
            $"that change is kept and 'carry {command}' was not applied; {WorkingTreeAfter(rolledBack)}",
            "run 'carry repair' to adopt the branch as it is into the stack, then run the command again.");
    }
}
