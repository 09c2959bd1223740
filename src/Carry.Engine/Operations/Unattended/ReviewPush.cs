using Carry.Git;
using Carry.Operations.Stack;
using Carry.Storage;

namespace Carry.Operations.Unattended;

/// <summary>What <c>sync --push</c> did.</summary>
/// <param name="Pushed">False when the remote already had both refs at these values (nothing was pushed).</param>
/// <param name="Branch">The remote branch.</param>
/// <param name="Options">The push options sent.</param>
public sealed record ReviewPushResult(bool Pushed, string Branch, IReadOnlyList<string> Options);

/// <summary>
/// Publishes the synced branch and its stack for review in one atomic push with leases
/// (<c>carry sync --push REMOTE --branch B [--merge-request]</c>). With a merge request, GitLab
/// push options create or update it in the same push, its description the sync's report. A run
/// whose branch and stack equal what the remote holds pushes nothing: no new pipeline, no note.
/// </summary>
public static class ReviewPush
{
    /// <summary>GitLab's push options for a merge request from the pushed branch into <paramref name="target"/>.</summary>
    public static IReadOnlyList<string> MergeRequestOptions(string target, string title, string description) =>
    [
        "merge_request.create",
        "merge_request.target=" + target,
        "merge_request.title=" + OneLine(title),
        "merge_request.description=" + OneLine(description),
    ];

    /// <summary>Pushes <c>refs/heads/BRANCH</c> and <c>refs/carry/BRANCH</c>, each leased on the value the remote has now.</summary>
    public static ReviewPushResult Push(StackSession session, string remote, string branch, IReadOnlyList<string> options)
    {
        var repo = session.Repo;
        var record = session.Record ?? throw StackSession.NoStack(session.Branch);
        var (branchRef, stackRef) = ("refs/heads/" + branch, StackStore.RefFor(branch));
        if (!Revisions.IsValidBranchName(repo, branch))
            throw new CarryException($"'{branch}' is not a valid branch name", "name the branch to push to with '--branch'.");
        // The private layer never leaves the machine (a pre-push hook may be missing): a branch
        // carrying it is not pushed for review at all.
        if (record.State.Applied.FirstOrDefault(record.State.Details.IsPrivate) is { } secret)
            throw new CarryException(
                $"the branch carries private patch '{secret.Name}' (layer '{secret.Layer}'); 'sync --push' would send it, so nothing was pushed",
                "push a branch without the private layer: 'carry publish' makes one, or sync a stack that has no private patches.");
        var (listed, theirs) = AtomicPush.RemoteValues(repo, remote, [branchRef, stackRef]);
        if (!listed.Ok)
            throw new CarryException($"could not reach remote '{remote}': {listed.Stderr.Trim()}", "check the remote's name or URL ('git remote -v').");
        var head = record.State.Head;
        if (theirs.GetValueOrDefault(branchRef) == head && theirs.GetValueOrDefault(stackRef) == record.Id)
            return new ReviewPushResult(false, branch, []);
        LeasedRef[] refs =
        [
            new(head, branchRef, theirs.TryGetValue(branchRef, out var b) ? b : null),
            new(record.Id, stackRef, theirs.TryGetValue(stackRef, out var s) ? s : null),
        ];
        var pushed = AtomicPush.Push(repo, remote, refs, options);
        if (!pushed.Ok)
            throw new CarryException($"could not push '{branch}' and its stack to '{remote}': {(pushed.Stderr + pushed.Stdout).Trim()}",
                "nothing was pushed (the push is atomic); someone may have pushed meanwhile: run again.");
        return new ReviewPushResult(true, branch, options);
    }

    /// <summary>Push options are single lines: line ends become spaces.</summary>
    private static string OneLine(string text) => text.Replace("\r", "").Replace('\n', ' ').Replace('\0', ' ');
}
