using Carry.Git;
using Carry.Operations.Stack;

namespace Carry.Operations.Sync;

/// <summary>One step of a stepped sync: the upstream commit it moves the base to and what to call it.</summary>
/// <param name="Commit">The commit.</param>
/// <param name="Name">A tag's short name, or the commit's short id.</param>
public sealed record SyncStep(Oid Commit, string Name);

/// <summary><c>carry sync --step tags|N</c>: the base moves through upstream's intermediate tags (or every N commits), so each conflict meets the smallest upstream change.</summary>
public static partial class Sync
{
    /// <summary>
    /// Syncs in steps along upstream's first-parent line: each step is an ordinary sync (its own
    /// undo step) recording the final ref as the base ref; the run stops at the first step that
    /// stops at a conflict. Returns each step's result, in order.
    /// </summary>
    /// <remarks><paramref name="step"/> is <c>tags</c>, or a number of commits.</remarks>
    public static IReadOnlyList<(SyncStep Step, SyncResult Result)> Stepped(StackSession session, SyncOptions options, string step, string command)
    {
        var state = session.State;
        var repo = session.Repo;
        var (target, ontoRef) = Target(session, options);
        var results = new List<(SyncStep, SyncResult)>();
        foreach (var s in Steps(repo, state.Base, target, step))
        {
            var last = s.Commit == target;
            var result = Start(session, options with { Onto = s.Commit.Hex, Fetch = false, RecordAs = ontoRef }, command);
            results.Add((last ? s with { Name = options.Onto ?? state.BaseName } : s, result));
            if (result.Stopped is not null) break;
        }
        return results;
    }

    /// <summary>Refuses while a sync is stopped; fetches when asked; resolves the new base and the ref to record as the base ref.</summary>
    private static (Oid Commit, string Ref) Target(StackSession session, SyncOptions options)
    {
        var state = session.State;
        if (state.Sync is { } stopped) throw StackSession.SyncInProgress(stopped);
        var repo = session.Repo;
        if (options.Fetch) Fetch(repo, options.Remote ?? RemoteOf(state.BaseRef) ?? "origin");
        var onto = options.Onto ?? state.BaseRef;
        var commit = repo.ResolveCommit(onto) ?? throw new CarryException(
            $"cannot sync onto '{onto}': no such commit", "name an upstream branch, tag or commit with '--onto'.");
        return (commit, options.RecordAs ?? repo.FullRefName(onto) ?? commit.Hex);
    }

    /// <summary>The steps from <paramref name="from"/> to <paramref name="to"/>: tagged first-parent commits (or every N-th), then <paramref name="to"/>.</summary>
    public static IReadOnlyList<SyncStep> Steps(CarryRepository repo, Oid from, Oid to, string step)
    {
        var line = Revisions.FirstParentsBetween(repo, from, to);
        var steps = new List<SyncStep>();
        if (step == "tags")
        {
            var tags = Revisions.Tags(repo).GroupBy(t => t.Commit).ToDictionary(g => g.Key, g => g.Select(t => t.Name[10..]).Order(StringComparer.Ordinal).First());
            steps.AddRange(line.Where(tags.ContainsKey).Select(c => new SyncStep(c, tags[c])));
        }
        else if (int.TryParse(step, out var n) && n > 0)
        {
            for (var i = n - 1; i < line.Count; i += n) steps.Add(new SyncStep(line[i], line[i].Short));
        }
        else throw new CarryException($"--step takes 'tags' or a number of commits, not '{step}'", "e.g. 'carry sync --step tags' or 'carry sync --step 50'.");
        if (steps.Count == 0 || steps[^1].Commit != to) steps.Add(new SyncStep(to, to.Short));
        return steps;
    }
}
