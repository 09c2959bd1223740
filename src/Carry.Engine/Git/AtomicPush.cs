namespace Carry.Git;

/// <summary>One ref of an atomic push: the value to push, the remote ref, and the value it must have now (null: it must not exist).</summary>
public sealed record LeasedRef(Oid Value, string RemoteRef, Oid? Expected);

/// <summary>
/// Several refs pushed as one (<c>git push --atomic</c>): all move or none does, each only from
/// the exact value it was seen with (<c>--force-with-lease=REF:VALUE</c>), with push options
/// for the receiving forge (GitLab's <c>merge_request.*</c>). Hooks run, as for any push.
/// </summary>
public static class AtomicPush
{
    /// <summary>The remote's values of <paramref name="refs"/> (full names); refs it lacks are absent.</summary>
    public static (GitResult Result, IReadOnlyDictionary<string, Oid> Values) RemoteValues(CarryRepository repo, string remote, IReadOnlyList<string> refs)
    {
        var result = repo.Git.Run(["ls-remote", "--refs", remote, .. refs]);
        var values = new Dictionary<string, Oid>(StringComparer.Ordinal);
        if (result.Ok)
            foreach (var line in result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                if (line.Split('\t') is [var id, var name] && refs.Contains(name)) values[name] = new Oid(id);
        return (result, values);
    }

    /// <summary>Pushes every ref in one atomic transaction with leases and <paramref name="options"/> (<c>-o</c>, one line each).</summary>
    public static GitResult Push(CarryRepository repo, string remote, IReadOnlyList<LeasedRef> refs, IReadOnlyList<string> options)
    {
        List<string> args = ["push", "--atomic", "--porcelain"];
        foreach (var r in refs) args.Add($"--force-with-lease={r.RemoteRef}:{r.Expected?.Hex ?? ""}");
        foreach (var o in options)
        {
            if (o.Contains('\n') || o.Contains('\0')) throw new ArgumentException("a push option is one line", nameof(options));
            args.Add("--push-option=" + o);
        }
        args.Add(remote);
        args.AddRange(refs.Select(r => $"{r.Value.Hex}:{r.RemoteRef}"));
        return repo.Git.Run(args);
    }
}
