using Carry.Git;
using Carry.Model;
using Carry.Operations.Stack;

namespace Carry.Operations.Queries;

/// <summary>A path a patch changes, and how (<c>A</c> added, <c>D</c> deleted, <c>M</c> modified).</summary>
/// <param name="Kind">A, D or M.</param>
/// <param name="Path">The path, as text.</param>
public sealed record ChangedFile(char Kind, string Path);

/// <summary>
/// What the read-only commands show of patches (<c>show</c>, <c>diff</c>, <c>files</c>): text as
/// git prints it, computed here so commands only print.
/// </summary>
public static class PatchView
{
    /// <summary>The patch named <paramref name="name"/>, or the top one when null.</summary>
    public static Patch Target(StackSession session, string? name) =>
        name is null
            ? session.State.Top ?? throw new CarryException("no patch applied", "name a patch: 'carry show <patch>'.")
            : session.Require(name);

    /// <summary>A patch's message and diff as <c>git show --format=fuller</c> prints them (or its diffstat only).</summary>
    public static string Show(StackSession session, string? name, bool statOnly, bool color) =>
        Diffs.Show(session.Repo, Target(session, name).Commit, statOnly, color);

    /// <summary>
    /// Local changes against the top patch (<paramref name="spec"/> null), one patch's diff, or
    /// the combined diff of the patches FROM..TO, as <c>git diff</c> prints it.
    /// </summary>
    public static string Diff(StackSession session, string? spec, bool statOnly, bool color)
    {
        if (spec is null) return Diffs.ForUser(session.Repo, null, null, statOnly, color);
        var dots = spec.IndexOf("..", StringComparison.Ordinal);
        var (from, to) = dots < 0 ? (spec, spec) : (spec[..dots], spec[(dots + 2)..]);
        var first = session.Repo.Objects.ReadCommit(session.Require(from).Commit);
        var last = session.Require(to).Commit;
        return Diffs.ForUser(session.Repo, first.Parent ?? ObjectStore.EmptyTree, last, statOnly, color);
    }

    /// <summary>The files a patch (the top one when <paramref name="name"/> is null) changes, in tree order.</summary>
    public static IReadOnlyList<ChangedFile> Files(StackSession session, string? name)
    {
        var objects = session.Repo.Objects;
        var commit = objects.ReadCommit(Target(session, name).Commit);
        return [.. TreeOps.Diff(objects, objects.ParentTree(commit), commit.Tree)
            .Select(c => new ChangedFile(c.Old is null ? 'A' : c.New is null ? 'D' : 'M', RawPath.ToText(c.Path)))];
    }
}
