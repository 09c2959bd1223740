using Carry.Git;

namespace Carry.Model;

/// <summary>One conflicted path of a parked patch: its three sides as blob ids (null: absent on that side).</summary>
/// <param name="Path">The path, as text.</param>
/// <param name="Base">The patch's parent's version.</param>
/// <param name="Ours">The version it was applied onto (new upstream with the patches below).</param>
/// <param name="Theirs">The patch's version.</param>
public sealed record ParkedPath(string Path, Oid? Base, Oid? Ours, Oid? Theirs);

/// <summary>
/// Why an unattended sync (<c>carry sync --park</c>) left a patch unapplied instead of stopping:
/// the conflict it met, recorded in the stack so that <c>carry sync --continue NAME</c> (on any
/// machine with the stack's refs) can take it up later.
/// </summary>
/// <param name="Paths">The conflicted paths with their three sides.</param>
/// <param name="With">For a patch parked because it needs another parked patch (it changes the same lines): that patch's name.</param>
/// <param name="Cause">The upstream commit since which the patch conflicts (first-parent bisection), when found.</param>
public sealed record ParkedConflict(ValueList<ParkedPath> Paths, string? With = null, Oid? Cause = null);
