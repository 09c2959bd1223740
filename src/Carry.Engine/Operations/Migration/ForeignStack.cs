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
public sealed record ForeignPatch(string Name, Oid Commit, ForeignState State, IReadOnlyList<string> Guards);

/// <summary>A whole stack read from another tool, bottom first, with what the reader had to say about it.</summary>
/// <param name="Tool">"stgit", "guilt", "topgit" or "git-series".</param>
/// <param name="Patches">Bottom first: the applied ones, then the others in series order.</param>
/// <param name="Notes">What was read differently or left out (e.g. StGit's stack log).</param>
public sealed record ForeignStack(string Tool, IReadOnlyList<ForeignPatch> Patches, IReadOnlyList<string> Notes);
