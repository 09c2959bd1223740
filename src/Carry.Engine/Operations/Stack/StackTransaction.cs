using System.Collections.Immutable;
using Carry.Git;
using Carry.Model;
using Carry.Operations.Sync;
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
public sealed record TransactionResult(StackState State, IReadOnlyList<PatchOutcome> Replayed, Conflict? Stopped, bool Changed);

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
/// <see cref="Execute"/>, which (1) replays the applied patches on trees in memory, reusing
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

    /// <summary>
    /// When set, the index file (and the tree it holds) the working tree currently matches,
    /// instead of the real index at the branch head: refresh builds one with the user's changes.
    /// </summary>
    public (string File, Oid Tree)? WorkingIndex { get; set; }

    /// <summary>Set by commands that take local changes into a patch: recorded so undo can return them.</summary>
    public TakenChanges? TakesLocalChanges { get; set; }

    /// <summary>
    /// When set, the working tree is moved to this tree (not the new head's) and the index
    /// then set to <c>Index</c>: how undoing a refresh gives the changes back as local changes.
    /// </summary>
    internal TakenChanges? RestoreLocalChanges { get; set; }

    /// <summary>If false, a patch that does not apply stops the replay there and the patches from it on stay unapplied.</summary>
    public bool AllOrNothing { get; set; } = true;

    /// <summary>What the user is doing, for error messages ("push", "move").</summary>
    public string Action { get; set; } = "the command";

    /// <summary>Reports each patch replayed (done, total, name).</summary>
    public IProgress<(int Done, int Total, string Name)>? Progress { get; set; }

    /// <summary>Cancels the replay; honoured only before anything is written.</summary>
    public CancellationToken Cancellation { get; set; }

    /// <summary>
    /// When set, this existing record becomes the stack's state as it is, instead of a new one
    /// being written: how <c>share pull</c> fast-forwards to a teammate's history. Its state is
    /// what the transaction must reach (set <see cref="Applied"/> and the rest from it).
    /// </summary>
    internal StackRecord? Adopt { get; set; }

    /// <summary>
    /// Another stack record the new one joins (<c>share pull --theirs</c> or <c>--ours</c>): kept
    /// as an extra parent, so that history stays reachable and the next push is a fast-forward.
    /// </summary>
    internal Oid? Joins { get; set; }

    internal Oid? UndoBase { get; set; }
    internal ImmutableList<Oid> Redo { get; set; } = [];

    /// <summary>Carries out the transaction; <paramref name="command"/> names it in the stack's history.</summary>
    public TransactionResult Execute(string command)
    {
        try
        {
            return Run(command);
        }
        finally
        {
            // Moved into place on success; on failure or no-op a leftover copy must not stay in .git.
            if (WorkingIndex is { } wi && File.Exists(wi.File)) File.Delete(wi.File);
        }
    }

    private TransactionResult Run(string command)
    {
        KeepLayerOrder();
        var replayed = new List<PatchOutcome>();
        var (applied, stopped) = Replay(replayed);
        var unapplied = stopped is null ? Unapplied : [.. Applied.Skip(applied.Count), .. Unapplied];
        var state = new StackState(_session.Branch, BaseRef, Base, [.. applied], [.. unapplied], Series) { Details = Details, Sync = Sync };
        var isUndoRedo = UndoBase is not null || !Redo.IsEmpty;
        if (StateEquals(state, _start) && !isUndoRedo && Adopt is null && Joins is null)
        {
            return new TransactionResult(state, replayed, stopped, Changed: false);
        }
        Cancellation.ThrowIfCancellationRequested();
        Commit(state, command);
        return new TransactionResult(state, replayed, stopped, Changed: true);
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

    private (List<Patch> Applied, Conflict? Stopped) Replay(List<PatchOutcome> replayed)
    {
        var objects = _session.Repo.Objects;
        var merge = new TreeMerge(objects, _session.Repo.Git);
        var result = new List<Patch>();
        var top = Base;
        for (var i = 0; i < Applied.Count; i++)
        {
            Cancellation.ThrowIfCancellationRequested();
            var patch = Applied[i];
            var commit = objects.ReadCommit(patch.Commit);
            if (commit.Parent != top)
            {
                var parentTree = objects.ParentTree(commit);
                var outcome = merge.Apply(parentTree, commit.Tree, objects.ReadCommit(top).Tree);
                if (!outcome.Succeeded)
                {
                    var conflict = new Conflict(patch.Name, outcome.ConflictedPaths);
                    if (AllOrNothing) throw new PatchConflictException(conflict, Action);
                    return (result, conflict);
                }
                var rebuilt = commit with { Tree = outcome.Tree, Parents = [top], Committer = _session.Committer };
                patch = patch with { Commit = objects.WriteCommit(rebuilt) };
                replayed.Add(new PatchOutcome(patch.Name, outcome.Kind));
                Progress?.Report((i + 1, Applied.Count, patch.Name));
            }
            result.Add(patch);
            top = patch.Commit;
        }
        return (result, null);
    }

    private void Commit(StackState state, string command)
    {
        var repo = _session.Repo;
        var previous = _session.Record;
        if (Adopt is not null && !StateEquals(Adopt.State, state))
            throw new InvalidOperationException($"the adopted stack record {Adopt.Id.Short} does not describe a consistent stack");
        var recordId = Adopt?.Id ?? _session.Store.Write(state, command, _session.Committer, previous?.Id, UndoBase, Redo, TakesLocalChanges, Joins);
        repo.Objects.Flush();

        // The branch as it really is: equal to the stack's head, except for init and repair.
        var oldHead = repo.ReadRef(_session.BranchRef) ?? state.Head;
        var fromTree = WorkingIndex?.Tree ?? repo.Objects.ReadCommit(oldHead).Tree;
        var toTree = RestoreLocalChanges?.WorkingTree ?? repo.Objects.ReadCommit(state.Head).Tree;
        var stateRef = StackStore.RefFor(_session.Branch);
        var journal = new Journal(_session.BranchRef, stateRef, oldHead, state.Head, previous?.Id, recordId, fromTree, toTree);

        _session.Lock?.WriteJournal(journal);
        CrashPoint.Hit("before-worktree");
        WorkingTree.Switch(repo, fromTree, toTree, Action, WorkingIndex?.File);
        if (WorkingIndex is { } wi) WorkingTree.ReplaceIndex(repo, wi.File);
        if (RestoreLocalChanges is { } restore) WorkingTree.SetIndex(repo, restore.Index);
        CrashPoint.Hit("after-worktree");
        try
        {
            repo.UpdateRefs([
                new RefUpdate(_session.BranchRef, oldHead, state.Head),
                new RefUpdate(stateRef, previous?.Id, recordId),
            ], $"carry: {command}");
        }
        catch
        {
            WorkingTree.Switch(repo, toTree, repo.Objects.ReadCommit(oldHead).Tree, "rollback");
            throw;
        }
        _session.Lock?.ClearJournal();
        _session.Record = _session.Store.Read(recordId);
    }
}
