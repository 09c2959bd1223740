using Carry.Git;

namespace Carry.Operations.Migration;

/// <summary>Where a patch stood in the tool it comes from.</summary>
public enum ForeignState
{
    /// <summary>Applied: its commit is on the tool's branch.</summary>
    Applied,
    /// <summary>In the series but not applied.</summary>
    Unapplied,
    /// <summary>StGit's hidden patches: kept but out of the series listing.</summary>
    Hidden,
}

/// <summary>
/// One patch of another tool's stack, as a commit whose change (against its first parent) is the
/// patch, with the commit's author and message.
/// </summary>
/// <param name="Name">Its name in that tool.</param>
/// <param name="Commit">A commit holding the change against its parent.</param>
/// <param name="State">Applied, unapplied or hidden there.</param>
/// <param name="Guards">Guards in MQ/guilt syntax (<c>+name</c>, <c>-name</c>).</param>
/// <param name="Id">The carry patch id to give it (the same patch in several versions shares one), or null for a new one.</param>
public sealed record ForeignPatch(string Name, Oid Commit, ForeignState State, IReadOnlyList<string> Guards, string? Id = null);

/// <summary>
/// One earlier version of the series (git-series keeps them): its patches on its base, oldest
/// version first. Each becomes a carry version naming a state with exactly these patches applied.
/// </summary>
/// <param name="Name">The carry version name to give it.</param>
/// <param name="Base">The commit the version's patches sit on.</param>
/// <param name="Patches">Its patches, bottom first, each commit on the one before.</param>
/// <param name="Summary">What the tool said about it (git-series' commit subject), for the state's command line.</param>
public sealed record ForeignVersion(string Name, Oid Base, IReadOnlyList<ForeignPatch> Patches, string Summary);

/// <summary>A whole stack read from another tool, bottom first, with what the reader had to say about it.</summary>
/// <param name="Tool">"stgit", "guilt", "topgit" or "git-series".</param>
/// <param name="Patches">Bottom first: the applied ones, then the others in series order.</param>
/// <param name="Notes">What was read differently or left out (e.g. StGit's stack log).</param>
/// <param name="Versions">The series' versions, oldest first (the newest is <paramref name="Patches"/> again), or empty.</param>
public sealed record ForeignStack(string Tool, IReadOnlyList<ForeignPatch> Patches, IReadOnlyList<string> Notes, IReadOnlyList<ForeignVersion>? Versions = null);
