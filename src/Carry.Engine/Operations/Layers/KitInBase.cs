using Carry.Git;
using Carry.Model;
using Carry.Storage;

namespace Carry.Operations.Layers;

/// <summary>
/// A stack's base is upstream history only when it came from upstream. A base taken from a local
/// branch that has a stack of its own (<c>git switch -c feature --track main</c>, then
/// <c>carry init</c>) is that stack's work, development kit included: the pre-push guard must
/// not skip it as already upstream, and publish must not build on it. These say which bases can
/// be trusted and which private patches a base holds.
/// </summary>
public static class KitInBase
{
    /// <summary>
    /// The bases of every stack that can be skipped as upstream history: all but those taken from a
    /// local branch that has a stack (whose own base is in the list in their place).
    /// </summary>
    public static IReadOnlyList<Oid> UpstreamBases(CarryRepository repo)
    {
        var store = new StackStore(repo);
        var stacks = SharedLayer.Stacks(repo);
        var stacked = stacks.Select(b => "refs/heads/" + b).ToHashSet(StringComparer.Ordinal);
        return [.. stacks.Select(b => store.Load(b)?.State).OfType<StackState>()
            .Where(s => !stacked.Contains(s.BaseRef)).Select(s => s.Base).Distinct()];
    }

    /// <summary>
    /// The private patches (of any stack) that the commits of <paramref name="baseId"/> hold, when
    /// its ref <paramref name="baseRef"/> is a local branch (a remote-tracking branch or a tag is
    /// upstream's, and is not walked); only the commits not on any remote-tracking branch nor in an
    /// upstream base are read.
    /// </summary>
    public static IReadOnlyList<PrivateMatch> Find(CarryRepository repo, PrivatePatches kit, string baseRef, Oid baseId)
    {
        if (kit.IsEmpty || !baseRef.StartsWith("refs/heads/", StringComparison.Ordinal)) return [];
        return kit.Find(Revisions.NotUpstream(repo, baseId, UpstreamBases(repo)));
    }

    /// <summary>The refusal for a base that holds the kit: what happened, and the upstream base to use instead.</summary>
    public static CarryException Refusal(CarryRepository repo, string doing, string baseName, PrivateMatch match)
    {
        var upstream = repo.UpstreamOf(baseName) is { } u ? Short(u) : "origin/" + baseName;
        return new CarryException(
            $"{doing}: its base '{baseName}' holds private patch '{match.Patch.Name}' (layer '{match.Patch.Layer}' of stack '{match.Stack}', commit {match.Commit.Short}), and private patches are never published",
            $"put the stack on the upstream base instead ('carry sync --onto {upstream}', or for a new stack 'carry init --base {upstream}'); 'carry work NAME' on '{baseName}' starts a branch that shares its kit.");
    }

    private static string Short(string full)
    {
        foreach (var prefix in (string[])["refs/heads/", "refs/remotes/"])
            if (full.StartsWith(prefix, StringComparison.Ordinal)) return full[prefix.Length..];
        return full;
    }
}
