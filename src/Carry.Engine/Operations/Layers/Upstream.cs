using Carry.Git;
using Carry.Model;
using Carry.Operations.Stack;

namespace Carry.Operations.Layers;

/// <summary>
/// A patch's upstream status: <c>local</c> → <c>proposed</c> (merge request URL, the version
/// sent) → <c>landed</c> (retired from the series, with the evidence) | <c>rejected</c> |
/// <c>fork-only</c> (with a reason). Each change is one transaction, so it is in the stack's
/// history and undoable. Sync uses <see cref="Retire"/> and <see cref="Suspect"/> on its own
/// transaction.
/// </summary>
public static class Upstream
{
    /// <summary>
    /// Records that the patch was sent upstream as <paramref name="url"/>; the patch's commit now
    /// is kept as the version sent. Private and fork patches are never proposed.
    /// </summary>
    public static TransactionResult Propose(StackSession session, string name, string url, string command)
    {
        var patch = session.Require(name);
        if (string.IsNullOrWhiteSpace(url)) throw new CarryException("--url needs the merge request's address");
        var rule = session.State.Details.RuleOf(patch);
        if (rule != PublishRule.Upstream)
            throw new CarryException($"patch '{name}' is in layer '{patch.Layer}' ({Layer.RuleName(rule)}): it is never proposed upstream",
                $"move it to an upstream layer first: 'carry layer set {Layer.Upstream} {name}'.");
        return Change(session, patch, patch.Status with { Kind = StatusKind.Proposed, Url = url, Sent = patch.Commit, Reason = null }, "propose", command);
    }

    /// <summary>Records that upstream said no; the patch stays in the series.</summary>
    public static TransactionResult Reject(StackSession session, string name, string? reason, string command)
    {
        var patch = session.Require(name);
        return Change(session, patch, patch.Status with { Kind = StatusKind.Rejected, Reason = reason }, "reject", command);
    }

    /// <summary>
    /// Records that the patch stays in the fork on purpose, and why. A patch of an upstream
    /// layer moves to the lowest fork layer too (so publishing upstream candidates leaves it
    /// out), unless <paramref name="keepLayer"/>.
    /// </summary>
    public static TransactionResult ForkOnly(StackSession session, string name, string reason, bool keepLayer, string command)
    {
        var patch = session.Require(name);
        if (string.IsNullOrWhiteSpace(reason)) throw new CarryException("fork-only needs a --reason", "say why the patch stays in the fork: the next maintainer will ask.");
        var details = session.State.Details;
        if (details.IsPrivate(patch))
            throw new CarryException($"patch '{name}' is in private layer '{patch.Layer}': it is never published, not even with the fork");
        var updated = patch with { Status = patch.Status with { Kind = StatusKind.ForkOnly, Reason = reason } };
        if (!keepLayer && details.RuleOf(patch) == PublishRule.Upstream && details.Layers.FirstOrDefault(l => l.Rule == PublishRule.Fork) is { } fork)
            updated = updated with { Layer = fork.Name };
        var tx = session.Begin();
        Authoring.Replace(tx, patch, updated);
        return tx.Execute(command, new("fork-only"));
    }

    /// <summary>
    /// Confirms that upstream carries the patch: it leaves the series now (the patches above are
    /// replayed without it, all or nothing) and is kept in the retired list with status
    /// <c>landed</c> and its evidence: what a sync suspected (<see cref="Patch.Probable"/>) if
    /// anything, else a manual landing naming <paramref name="upstreamCommit"/> when given.
    /// </summary>
    public static TransactionResult Landed(StackSession session, string name, string? upstreamCommit, string command)
    {
        var patch = session.Require(name);
        ValueList<Oid> commits = [];
        if (upstreamCommit is not null)
        {
            var id = session.Repo.ResolveCommit(upstreamCommit) ?? throw new CarryException(
                $"'{upstreamCommit}' is not a commit in this repository", "fetch upstream first, then name the commit that carries the patch.");
            commits = [id];
        }
        var evidence = patch.Probable is { } probable && upstreamCommit is null
            ? probable
            : new LandingEvidence(LandingKind.Manual, commits);
        var tx = session.Begin();
        Retire(tx, patch, evidence);
        return tx.Execute(command, new("landed"));
    }

    /// <summary>Says a suspected landing is wrong: clears <see cref="Patch.Probable"/>, the patch stays.</summary>
    public static TransactionResult Keep(StackSession session, string name, string command)
    {
        var patch = session.Require(name);
        if (patch.Probable is null)
            throw new CarryException($"patch '{name}' is not suspected to have landed: nothing to keep",
                "a sync marks a patch 'probably landed' when most of its change is upstream.");
        var tx = session.Begin();
        Authoring.Replace(tx, patch, patch with { Probable = null });
        return tx.Execute(command, new("keep"));
    }

    /// <summary>
    /// Hook for sync and <c>landed</c>: takes <paramref name="patch"/> out of the transaction's
    /// applied and unapplied lists and appends it to the retired patches with status
    /// <c>landed</c> and <paramref name="evidence"/> (its URL and the version sent are kept).
    /// The patches above it are replayed without it when the transaction executes.
    /// </summary>
    public static void Retire(StackTransaction tx, Patch patch, LandingEvidence evidence)
    {
        var current = tx.Applied.Concat(tx.Unapplied).FirstOrDefault(p => p.Id == patch.Id) ?? patch;
        tx.Applied.RemoveAll(p => p.Id == patch.Id);
        tx.Unapplied.RemoveAll(p => p.Id == patch.Id);
        tx.Details = tx.Details with { Retired = tx.Details.Retired.Add(current.Landed(evidence)) };
    }

    /// <summary>
    /// Hook for sync: marks a patch "probably landed" (most of its change is upstream, but not
    /// certainly); it stays in the series until the user runs <c>carry landed</c> or <c>carry keep</c>.
    /// </summary>
    public static void Suspect(StackTransaction tx, Patch patch, LandingEvidence evidence)
    {
        Update(tx.Applied);
        Update(tx.Unapplied);

        void Update(List<Patch> patches)
        {
            var i = patches.FindIndex(p => p.Id == patch.Id);
            if (i >= 0) patches[i] = patches[i] with { Probable = evidence };
        }
    }

    private static TransactionResult Change(StackSession session, Patch patch, UpstreamStatus status, string action, string command)
    {
        var tx = session.Begin();
        Authoring.Replace(tx, patch, patch with { Status = status });
        return tx.Execute(command, new(action));
    }
}
