namespace Carry.Git;

/// <summary>
/// Talking to other repositories: fetch, list and push, always through git (its transports,
/// credentials and hooks). Failures come back as a <see cref="GitResult"/> for the caller to word.
/// </summary>
public static class Remotes
{
    /// <summary><c>git fetch</c> of a remote's configured refs.</summary>
    public static GitResult Fetch(CarryRepository repo, string remote) => repo.Git.Run(["fetch", "--quiet", remote]);

    /// <summary>
    /// Fetches one ref into a local ref, replacing it whatever it held, without tags or
    /// FETCH_HEAD, and with a reflog entry so every state seen stays findable.
    /// </summary>
    public static void FetchRef(CarryRepository repo, string remote, string remoteRef, string localRef) =>
        repo.Git.Check(["-c", "core.logAllRefUpdates=always", "fetch", "--quiet", "--no-tags", "--no-write-fetch-head", remote, $"+{remoteRef}:{localRef}"]);

    /// <summary>The remote's refs matching <paramref name="pattern"/>, by full name; a failure to reach it comes back as is.</summary>
    public static (GitResult Result, IReadOnlyList<string> Refs) ListRefs(CarryRepository repo, string remote, string pattern)
    {
        var result = repo.Git.Run(["ls-remote", "--refs", remote, pattern]);
        IReadOnlyList<string> refs = result.Ok
            ? [.. result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')[^1])]
            : [];
        return (result, refs);
    }

    /// <summary>
    /// Pushes a ref of Carry's own to the same name on the remote, without running hooks: a
    /// fast-forward, or (with <paramref name="replacing"/>) a forced update that only replaces
    /// that exact remote value (a lease).
    /// </summary>
    public static GitResult PushOwnRef(CarryRepository repo, string remote, string refName, Oid? replacing)
    {
        List<string> args = ["push", "--quiet", "--no-verify"];
        if (replacing is { } lease) args.Add($"--force-with-lease={refName}:{lease.Hex}");
        args.AddRange([remote, $"{(replacing is null ? "" : "+")}{refName}:{refName}"]);
        return repo.Git.Run(args);
    }

    /// <summary>
    /// Pushes a branch to the same name on the remote with <c>--force-with-lease</c> (replacing
    /// it unless someone else moved it since our last fetch); hooks run. Porcelain output.
    /// </summary>
    public static GitResult PushWithLease(CarryRepository repo, string remote, string refName) =>
        repo.Git.Run(["push", "--porcelain", "--force-with-lease", remote, $"{refName}:{refName}"]);
}
