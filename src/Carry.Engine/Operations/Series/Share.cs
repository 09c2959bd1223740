using System.Text;
using Carry.Git;
using Carry.Hashing;
using Carry.Operations.Stack;
using Carry.Storage;

namespace Carry.Operations.Series;

/// <summary>What <c>share push</c> did.</summary>
public enum PushOutcome
{
    /// <summary>The remote already had this state.</summary>
    UpToDate,
    /// <summary>The remote had no stack for the branch; it has now.</summary>
    Created,
    /// <summary>The remote's stack moved forward to ours.</summary>
    FastForwarded,
    /// <summary>The remote's stack was replaced (<c>--force</c>).</summary>
    Replaced,
}

/// <summary>What <c>share pull</c> did.</summary>
public enum PullOutcome
{
    /// <summary>Both sides are at the same state.</summary>
    UpToDate,
    /// <summary>The branch had no stack: it now has the remote's, history included.</summary>
    Created,
    /// <summary>The remote's history continues ours: the stack moved forward to it.</summary>
    FastForwarded,
    /// <summary>Ours continues the remote's: nothing to take (push instead).</summary>
    Ahead,
    /// <summary>Both had changed; the remote's state was taken, ours stays in the history.</summary>
    TookTheirs,
    /// <summary>Both had changed; ours was kept, theirs joined the history.</summary>
    KeptOurs,
    /// <summary>Both had changed; the remote's state was taken, with our new patches unapplied on top.</summary>
    Merged,
}

/// <summary>How a pull settles stacks that both changed.</summary>
public enum PullChoice
{
    /// <summary>Refuse, explaining the options: nothing changes.</summary>
    Refuse,
    /// <summary>Take the remote's state; ours stays in <c>carry log</c> and <c>carry undo</c> returns to it.</summary>
    Theirs,
    /// <summary>Keep our state; the remote's history joins ours so the next push is a fast-forward.</summary>
    Ours,
    /// <summary>Take the remote's state plus, unapplied on top, the patches only ours added since the two met.</summary>
    Merge,
}

/// <summary>
/// Moves a stack through an ordinary git remote. The stack ref <c>refs/carry/&lt;branch&gt;</c>
/// reaches everything (patch commits, unapplied and retired ones, imported files, resolutions,
/// the whole history), so pushing that one ref carries the stack. Fetching puts the remote's
/// stack in <c>refs/carry-remote/&lt;remote&gt;/&lt;branch&gt;</c>; a pull then fast-forwards to it
/// when its history continues ours, and otherwise refuses unless told which side to take,
/// never losing either: the side not taken stays reachable in the history.
/// </summary>
public static class Share
{
    /// <summary>Where the remote's stack of <paramref name="branch"/> is fetched to.</summary>
    public static string TrackingRef(CarryRepository repo, string remote, string branch) =>
        $"refs/carry-remote/{RemoteKey(repo, remote)}/{branch}";

    /// <summary>A configured remote's name, or for a URL or path <c>url-</c> and 12 hex digits of its SHA-256.</summary>
    public static string RemoteKey(CarryRepository repo, string remote) =>
        repo.Config($"remote.{remote}.url") is not null
            ? remote
            : "url-" + Convert.ToHexStringLower(Sha256.Hash(Encoding.UTF8.GetBytes(remote)))[..12];

    /// <summary>
    /// Fetches the remote's stack of <paramref name="branch"/> into its tracking ref; returns
    /// its newest record, or null when the remote has no stack for that branch.
    /// </summary>
    public static Oid? Fetch(CarryRepository repo, string remote, string branch)
    {
        var remoteRef = StackStore.RefFor(branch);
        var (listed, refs) = Remotes.ListRefs(repo, remote, remoteRef);
        if (!listed.Ok)
            throw new CarryException($"could not reach remote '{remote}': {listed.Stderr.Trim()}",
                "check the remote's name or URL ('git remote -v').");
        if (refs.Count == 0) return null;
        var tracking = TrackingRef(repo, remote, branch);
        // A reflog keeps every remote state seen findable (and safe from gc), e.g. one a --force push replaced.
        Remotes.FetchRef(repo, remote, remoteRef, tracking);
        return repo.ReadRef(tracking);
    }

    /// <summary>The branches the remote keeps stacks for.</summary>
    public static IReadOnlyList<string> RemoteStacks(CarryRepository repo, string remote)
    {
        var (_, refs) = Remotes.ListRefs(repo, remote, "refs/carry/*");
        return [.. refs.Select(r => r["refs/carry/".Length..])];
    }

    /// <summary>
    /// Pushes the stack to the remote's <c>refs/carry/&lt;branch&gt;</c>. A remote stack with states
    /// we do not have is never overwritten unless <paramref name="force"/>; even then only the
    /// state just fetched is replaced (a lease), and it stays in the local tracking ref.
    /// </summary>
    public static PushOutcome Push(StackSession session, string remote, bool force, IProgress<(int Done, int Total, string Name)>? progress = null)
    {
        var repo = session.Repo;
        var local = session.Record ?? throw StackSession.NoStack(session.Branch);
        // A stopped sync lives in this working tree (its conflict, its resolution): it is not shared half-done.
        if (local.State.Sync is { } sync) throw StackSession.SyncInProgress(sync);
        progress?.Report((0, 2, $"fetching the stack from '{Paths.Printable.Of(remote)}'"));
        var theirs = Fetch(repo, remote, session.Branch);
        if (theirs == local.Id) return PushOutcome.UpToDate;
        var fastForward = theirs is null || repo.IsAncestor(theirs.Value, local.Id);
        if (!fastForward && !force)
        {
            var tracking = TrackingRef(repo, remote, session.Branch);
            var relation = repo.IsAncestor(local.Id, theirs!.Value) ? "is ahead of yours" : "and yours have both changed";
            throw new CarryException(
                $"the stack of '{session.Branch}' on '{remote}' {relation}: pushing would lose its states",
                $"run 'carry share pull {remote}' first (it explains the options when both changed);\n" +
                $"'carry range-diff @ {tracking}' shows what differs; 'carry share push --force' replaces theirs.");
        }
        var stackRef = StackStore.RefFor(session.Branch);
        progress?.Report((1, 2, $"pushing the stack to '{Paths.Printable.Of(remote)}'"));
        var pushed = Remotes.PushOwnRef(repo, remote, stackRef, fastForward ? null : theirs!.Value);
        if (!pushed.Ok)
            throw new CarryException($"could not push the stack to '{remote}': {pushed.Stderr.Trim()}",
                "someone may have pushed meanwhile: run 'carry share pull' and try again.");
        repo.SetRefWithReflog(TrackingRef(repo, remote, session.Branch), local.Id, "carry: share push");
        return theirs is null ? PushOutcome.Created : fastForward ? PushOutcome.FastForwarded : PushOutcome.Replaced;
    }

    /// <summary>
    /// Takes the remote's stack of <paramref name="from"/> (default: the current branch's name)
    /// onto the current branch: creates the stack when the branch has none, fast-forwards when the
    /// remote's history continues ours, and when both changed does what <paramref name="choice"/>
    /// says, or refuses and explains. One transaction: branch, stack and working tree move together.
    /// </summary>
    public static PullOutcome Pull(StackSession session, string remote, string? from, PullChoice choice, string command,
        IProgress<(int Done, int Total, string Name)>? progress = null)
    {
        var repo = session.Repo;
        var source = from ?? session.Branch;
        var local = session.Record;
        if (local?.State.Sync is { } ours) throw StackSession.SyncInProgress(ours);
        if (local is not null && repo.ReadRef(session.BranchRef) != local.State.Head)
            throw new CarryException($"branch '{session.Branch}' was changed outside carry",
                "run 'carry repair' to make the stack match the branch first.");
        if (repo.ReadRef(session.BranchRef) is null)
            throw new CarryException($"branch '{session.Branch}' has no commit yet",
                "check out the upstream project first (e.g. 'git switch -c <branch> origin/main'), then pull the stack.");
        progress?.Report((0, 2, $"fetching the stack from '{Paths.Printable.Of(remote)}'"));
        var theirsId = Fetch(repo, remote, source) ?? throw NoRemoteStack(repo, remote, source);
        progress?.Report((1, 2, "checking and taking it"));
        StackRecord theirs;
        try
        {
            theirs = session.Store.Read(theirsId);
        }
        catch (FormatException e)
        {
            throw new CarryException($"refusing the stack from '{Paths.Printable.Of(remote)}' (state {theirsId.Short}): it cannot be read: {Paths.Printable.Of(e.Message)}; nothing was changed");
        }
        // Someone else's stack: checked as strictly as one made here before anything adopts it.
        PulledStack.Require(repo, theirs, repo.Objects.ReadCommit(repo.ReadRef(session.BranchRef)!.Value).Tree, remote);
        // Their sync stopped at a conflict that lives in their working tree: only they can finish it
        // (this Carry refuses to push such a state; an older one, or a hand-pushed ref, may not).
        if (theirs.State.Sync is { } stopped)
            throw new CarryException(
                $"the stack on '{Paths.Printable.Of(remote)}' (state {theirsId.Short}) is in the middle of a sync, stopped at patch '{Paths.Printable.Of(stopped.Stopped)}'; nothing was changed",
                "its author must finish it ('carry sync --continue' or '--skip') or abort it, then push again.");
        var sameStack = source == session.Branch;

        if (local is null)
        {
            CheckNothingLost(session, theirs);
            return Apply(session, theirs, sameStack ? theirs : null, joins: sameStack ? null : theirsId, command, PullOutcome.Created);
        }
        if (local.Id == theirsId) return PullOutcome.UpToDate;
        if (repo.IsAncestor(theirsId, local.Id)) return PullOutcome.Ahead;
        if (sameStack && repo.IsAncestor(local.Id, theirsId)) return Apply(session, theirs, theirs, null, command, PullOutcome.FastForwarded);
        return choice switch
        {
            PullChoice.Theirs => Apply(session, theirs, null, theirsId, command, PullOutcome.TookTheirs),
            PullChoice.Ours => Apply(session, local, null, theirsId, command, PullOutcome.KeptOurs),
            PullChoice.Merge => Apply(session, Merged(session, local, theirs), null, theirsId, command, PullOutcome.Merged),
            _ => throw Diverged(session, remote, source, local, theirs),
        };
    }

    private static PullOutcome Apply(StackSession session, StackRecord target, StackRecord? adopt, Oid? joins, string command, PullOutcome outcome)
    {
        var tx = session.Begin();
        tx.Base = target.State.Base;
        tx.BaseRef = target.State.BaseRef;
        tx.Series = target.State.Series;
        tx.Details = target.State.Details;
        tx.Applied.Clear();
        tx.Applied.AddRange(target.State.Applied);
        tx.Unapplied.Clear();
        tx.Unapplied.AddRange(target.State.Unapplied);
        tx.Execute(command, new("share pull") { Adopt = adopt, Joins = joins });
        return outcome;
    }

    /// <summary>
    /// Theirs, plus our patches that neither existed when the two histories parted nor are in
    /// theirs (applied, unapplied or retired): the patches we added, unapplied on top in our order.
    /// A patch they deleted stays deleted; a patch both changed is theirs (ours stays in the history).
    /// </summary>
    private static StackRecord Merged(StackSession session, StackRecord local, StackRecord theirs)
    {
        var parted = session.Store.History(local).FirstOrDefault(r => session.Repo.IsAncestor(r.Id, theirs.Id));
        var known = theirs.State.All.Concat(theirs.State.Details.Retired).Select(p => p.Id)
            .Concat(parted?.State.All.Select(p => p.Id) ?? []).ToHashSet();
        var names = theirs.State.All.Select(p => p.Name).ToHashSet();
        var added = local.State.All.Where(p => !known.Contains(p.Id)).ToList();
        foreach (var p in added)
            if (names.Contains(p.Name))
                throw new CarryException($"both sides have a patch named '{p.Name}', different patches; nothing was changed",
                    $"rename yours ('carry rename {p.Name} <new-name>'), then pull again.");
        var state = theirs.State with { Unapplied = theirs.State.Unapplied.AddRange(added) };
        return theirs with { State = state };
    }

    /// <summary>A branch without a stack takes the remote's head: refuse if that would strand commits only it has.</summary>
    private static void CheckNothingLost(StackSession session, StackRecord theirs)
    {
        if (session.Repo.ReadRef(session.BranchRef) is not { } head) return;
        if (!Revisions.HasCommitsOnlyOn(session.Repo, head, session.BranchRef, theirs.State.Head)) return;
        throw new CarryException(
            $"branch '{session.Branch}' has commits that are on no other branch and not in the stack being pulled; pulling would take them off the branch",
            "pull into a new branch ('git switch -c <name>', then 'carry share pull' with --from), or push those commits somewhere first.");
    }

    private static CarryException NoRemoteStack(CarryRepository repo, string remote, string branch)
    {
        var stacks = RemoteStacks(repo, remote);
        return new CarryException($"'{remote}' has no stack for branch '{branch}'",
            stacks.Count == 0 ? "nobody has pushed a stack there yet ('carry share push')."
                : $"it has stacks for: {string.Join(", ", stacks)} (take one with --from <branch>).");
    }

    private static CarryException Diverged(StackSession session, string remote, string source, StackRecord local, StackRecord theirs)
    {
        var theirsOnly = session.Store.History(theirs).TakeWhile(r => !session.Repo.IsAncestor(r.Id, local.Id)).Count();
        var oursOnly = session.Store.History(local).TakeWhile(r => !session.Repo.IsAncestor(r.Id, theirs.Id)).Count();
        var tracking = TrackingRef(session.Repo, remote, source);
        return new CarryException(
            $"your stack and the one on '{remote}' have both changed ({oursOnly} states only here, {theirsOnly} only there); nothing was changed",
            $"'carry range-diff @ {tracking}' shows how they differ; then either\n" +
            $"  'carry share pull {remote} --merge': take theirs plus the patches only you added, unapplied on top\n" +
            $"  'carry share pull {remote} --theirs': take theirs; yours stays in 'carry log', and 'carry undo' returns to it\n" +
            $"  'carry share pull {remote} --ours': keep yours; theirs joins the history, so 'carry share push' can follow\n" +
            "and redo on the kept side what the other had done ('carry range-diff' lists it).");
    }
}
