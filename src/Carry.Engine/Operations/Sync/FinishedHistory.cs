using Carry.Git;
using Carry.Model;
using Carry.Operations.Stack;

namespace Carry.Operations.Sync;

/// <summary>A commit <c>carry finish</c> made base history, as a sync carried it.</summary>
/// <param name="Subject">Its subject.</param>
/// <param name="Was">The commit before the sync.</param>
/// <param name="Now">Its copy on the new upstream, or null when upstream carries it (then <paramref name="Landed"/> says how).</param>
/// <param name="Landed">The evidence that upstream carries it.</param>
public sealed record CarriedCommit(string Subject, Oid Was, Oid? Now, LandingEvidence? Landed = null);

/// <summary>
/// The commits between the upstream commit a <c>carry finish</c> left the stack on and the
/// stack's base: ordinary history of the branch, not patches, that a sync must not drop. The
/// sync replays them first, as patches without a name the user sees, exactly as
/// <c>git rebase</c> replays every commit above upstream: a commit upstream carries (same
/// evidence as a patch) is dropped, the others become the new base. One that conflicts, or
/// would be held or set aside, refuses the whole sync: only a patch can stop and be resolved.
/// </summary>
internal sealed class FinishedHistory
{
    private readonly List<Patch> _commits;
    private readonly Dictionary<string, Patch> _byId;

    private FinishedHistory(List<Patch> commits)
    {
        _commits = commits;
        _byId = commits.ToDictionary(p => p.Id, StringComparer.Ordinal);
    }

    /// <summary>The finished commits as patches to replay first, bottom first (none when the base is upstream's own).</summary>
    public IReadOnlyList<Patch> Commits => _commits;

    /// <summary>The finished commits below <paramref name="state"/>'s stack, or null when there are none.</summary>
    public static FinishedHistory? Of(StackSession session, StackState state) =>
        UpstreamBelow(session.Repo, state) is var on && on == state.Base ? null
            : new FinishedHistory(Init.Adopt(session, on, state.Base, [.. state.All]));

    /// <summary>
    /// Upstream's commit under the stack: below the finished commits, if any, else the base. What
    /// upstream did since is read from there, or a change upstream took the same way as a finished
    /// commit would look like no change at all.
    /// </summary>
    public static Oid UpstreamBelow(CarryRepository repo, StackState state) =>
        state.Details.FinishedOn is { } on && on != state.Base && repo.IsAncestor(on, state.Base) ? on : state.Base;

    /// <summary>
    /// Takes the finished commits back out of <paramref name="run"/> once it has replayed them
    /// onto <paramref name="upstream"/>: the ones it placed become the base again (returned with
    /// the new base), the ones upstream carries leave. Refuses, before anything is written, when
    /// one could not be placed.
    /// </summary>
    public (Oid Base, Oid? FinishedOn, IReadOnlyList<CarriedCommit> Carried) Settle(CarryRepository repo, SyncRun run, Oid upstream, string ontoName)
    {
        if (run.Stopped?.Patch is { } stopped && _byId.ContainsKey(stopped.Id))
            throw Refusal(repo, stopped, ontoName, "it conflicts in " + string.Join(", ", run.Stopped.Files.Select(f => RawPath.ToText(f.Path))));
        if (run.SetAside.FirstOrDefault(p => _byId.ContainsKey(p.Id)) is { } left)
        {
            var entry = run.Report.Last(e => e.Id == left.Id);
            throw Refusal(repo, left, ontoName, entry.Reason ?? (entry.Outcome == SyncOutcome.Parked ? "it conflicts" : "upstream holds only part of its change"));
        }
        var placed = run.Applied.TakeWhile(p => _byId.ContainsKey(p.Id)).ToList();
        var carried = new List<CarriedCommit>();
        foreach (var commit in _commits)
        {
            var subject = repo.Objects.ReadCommit(commit.Commit).Subject;
            if (placed.FirstOrDefault(p => p.Id == commit.Id) is { } copy) carried.Add(new(subject, commit.Commit, copy.Commit));
            else if (run.Retired.FirstOrDefault(p => p.Id == commit.Id) is { } landed) carried.Add(new(subject, commit.Commit, null, landed.Status.Evidence));
        }
        run.Applied.RemoveRange(0, placed.Count);
        run.Retired.RemoveAll(p => _byId.ContainsKey(p.Id));
        run.Report.RemoveAll(e => _byId.ContainsKey(e.Id));
        return placed.Count == 0 ? (upstream, null, carried) : (placed[^1].Commit, upstream, carried);
    }

    private CarryException Refusal(CarryRepository repo, Patch commit, string ontoName, string why)
    {
        var original = _commits.First(p => p.Id == commit.Id).Commit;
        return new CarryException(
            $"cannot carry finished commit {original.Short} ('{Paths.Printable.Of(repo.Objects.ReadCommit(original).Subject)}') onto {ontoName}: {why}; nothing was changed",
            $"make the finished commits patches again with 'carry uncommit -n {_commits.Count}', then 'carry sync': the conflict stops there as for any patch.");
    }
}
