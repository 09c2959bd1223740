using Carry.Git;
using Carry.Model;
using Carry.Operations.Stack;
using Carry.Storage;

namespace Carry.Operations.Queries;

/// <summary>Where the stack stands, for <c>carry status</c>.</summary>
/// <param name="State">The stack's state.</param>
/// <param name="BranchMoved">True when the branch was changed outside carry (it no longer points at the stack's head).</param>
/// <param name="LocalChanges">The working tree's changes as <c>git status --short</c> lists them; empty when clean.</param>
/// <param name="Operation">The git merge, rebase, cherry-pick… waiting to be finished in this working tree (carry refuses to write until it is), or null.</param>
public sealed record StackStatus(StackState State, bool BranchMoved, string LocalChanges, GitOperation? Operation)
{
    /// <summary>
    /// The same changes with their real paths (<c>git status --porcelain -z</c>), for output that
    /// programs read; read only when asked for (<c>porcelain</c>), since the text output needs only <see cref="LocalChanges"/>.
    /// </summary>
    public IReadOnlyList<LocalChange> Changes { get; init; } = [];

    /// <summary>
    /// The status from <see cref="SeriesCache"/>, without loading libgit2, when the cache can answer
    /// for the repository containing <paramref name="path"/>; else null (open the stack and <see cref="Read"/>).
    /// </summary>
    public static StackStatus? TryReadCached(string path, bool porcelain = false)
    {
        if (SeriesCache.TryRead(path) is not { } entry) return null;
        var repo = entry.Repository;
        if (repo.ReadRef("refs/heads/" + entry.Branch) is not { } head) return null;
        var moved = head != entry.State.Head;
        var operation = GitOperation.InProgress(repo.GitDir);
        return porcelain
            ? new(entry.State, moved, "", operation) { Changes = repo.PorcelainStatus() }
            : new(entry.State, moved, repo.ShortStatus(), operation);
    }

    /// <summary>Reads the status of the open stack.</summary>
    public static StackStatus Read(StackSession session, bool porcelain = false)
    {
        var moved = session.Repo.ReadRef(session.BranchRef) != session.State.Head;
        var operation = GitOperation.InProgress(session.Repo.GitDir);
        return porcelain
            ? new(session.State, moved, "", operation) { Changes = Diffs.PorcelainStatus(session.Repo) }
            : new(session.State, moved, Diffs.ShortStatus(session.Repo), operation);
    }
}
