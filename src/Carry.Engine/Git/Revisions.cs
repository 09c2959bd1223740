namespace Carry.Git;

/// <summary>
/// Revision walks and ref listings, answered by git (they need its full reachability rules:
/// all refs, replacements, grafts), except a short upstream listing that a walk in process
/// answers in git's order. Each is one named question; callers never see an argument list.
/// </summary>
public static class Revisions
{
    /// <summary>The commits in <paramref name="from"/>..<paramref name="to"/>, oldest first.</summary>
    public static IReadOnlyList<Oid> Between(CarryRepository repo, Oid from, Oid to) =>
        Ids(repo.Git.Check(["rev-list", "--reverse", $"{from.Hex}..{to.Hex}"]));

    /// <summary>The first-parent line from <paramref name="from"/> (excluded) to <paramref name="to"/>, oldest first: upstream's history as its main branch saw it.</summary>
    public static IReadOnlyList<Oid> FirstParentsBetween(CarryRepository repo, Oid from, Oid to) =>
        Ids(repo.Git.Check(["rev-list", "--first-parent", "--reverse", to.Hex, "^" + from.Hex]));

    /// <summary>Every tag with the commit it names (annotated tags peeled), by full ref name.</summary>
    public static IReadOnlyList<(string Name, Oid Commit)> Tags(CarryRepository repo) =>
        [.. repo.Git.Check(["for-each-ref", "--format=%(objecttype) %(objectname) %(*objectname) %(refname)", "refs/tags/"])
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' '))
            .Where(w => w.Length == 4 && (w[0] == "commit" || w[0] == "tag" && w[2].Length > 0))
            .Select(w => (w[3], new Oid(w[0] == "tag" ? w[2] : w[1])))];

    /// <summary>The merge commits in <paramref name="from"/>..<paramref name="to"/>, newest first.</summary>
    public static IReadOnlyList<Oid> MergesBetween(CarryRepository repo, Oid from, Oid to) =>
        Ids(repo.Git.Check(["rev-list", "--min-parents=2", $"{from.Hex}..{to.Hex}"]));

    /// <summary>The commits reachable from <paramref name="to"/> but not <paramref name="from"/>, oldest first, each with its parents.</summary>
    public static IReadOnlyList<(Oid Commit, Oid[] Parents)> WithParents(CarryRepository repo, Oid from, Oid to) =>
        ParseWithParents(ListWithParents(repo, from, to))!;

    /// <summary>What <see cref="WithParents"/> reads, as text (one commit a line, its parents after it), for a caller that keeps it.</summary>
    /// <remarks>A short range is walked in process, in git's order (<see cref="DateOrderWalk"/>); git lists the rest.</remarks>
    public static string ListWithParents(CarryRepository repo, Oid from, Oid to) =>
        DateOrderWalk.TryList(repo, from, to) ?? GitListWithParents(repo, from, to);

    /// <summary>git's own <c>rev-list --reverse --parents TO ^FROM</c>.</summary>
    internal static string GitListWithParents(CarryRepository repo, Oid from, Oid to) =>
        repo.Git.Check(["rev-list", "--reverse", "--parents", to.Hex, "^" + from.Hex]);

    /// <summary>Reads a <see cref="ListWithParents"/> text back; null when it is not one.</summary>
    public static IReadOnlyList<(Oid Commit, Oid[] Parents)>? ParseWithParents(string text)
    {
        // A resumed sync parses a recorded listing of hundreds of commits: spans, no split strings.
        var list = new List<(Oid, Oid[])>();
        foreach (var range in text.AsSpan().Split('\n'))
        {
            var line = text.AsSpan(range);
            if (line.IsEmpty) continue;
            if ((line.Length + 1) % 41 != 0) return null;
            var ids = new Oid[(line.Length + 1) / 41];
            for (var i = 0; i < ids.Length; i++)
            {
                if (i > 0 && line[i * 41 - 1] != ' ') return null;
                if (Oid.TryParseLower(line.Slice(i * 41, 40)) is not { } id) return null;
                ids[i] = id;
            }
            list.Add((ids[0], ids[1..]));
        }
        return list;
    }

    /// <summary>
    /// True when <paramref name="head"/> has a commit reachable from no branch (other than
    /// <paramref name="exceptRef"/>), remote-tracking ref or tag, nor from <paramref name="alsoKept"/>;
    /// also true when git cannot tell.
    /// </summary>
    public static bool HasCommitsOnlyOn(CarryRepository repo, Oid head, string exceptRef, Oid alsoKept)
    {
        var result = repo.Git.Run(["rev-list", "-n", "1", head.Hex, "--not", $"--exclude={exceptRef}",
            "--branches", "--remotes", "--tags", alsoKept.Hex]);
        return !(result.Ok && result.Stdout.Trim().Length == 0);
    }

    /// <summary>The blob an abbreviated id names, or null when it names none (or several).</summary>
    public static Oid? ResolveBlob(CarryRepository repo, string abbreviated)
    {
        var result = repo.Git.Run(["rev-parse", "-q", "--verify", "--end-of-options", abbreviated + "^{blob}"]);
        return result.Ok && result.Stdout.Trim() is { Length: 40 } hex ? new Oid(hex) : null;
    }

    /// <summary>Is <paramref name="name"/> a valid branch name (<c>git check-ref-format --branch</c>)?</summary>
    public static bool IsValidBranchName(CarryRepository repo, string name) =>
        repo.Git.Run(["check-ref-format", "--branch", name]).Ok;

    /// <summary>The best common ancestor of two commits (<c>git merge-base</c>), or null when they share none.</summary>
    public static Oid? MergeBase(CarryRepository repo, Oid a, Oid b)
    {
        var result = repo.Git.Run(["merge-base", a.Hex, b.Hex]);
        return result.Ok && result.Stdout.Trim() is { Length: 40 } hex ? new Oid(hex) : null;
    }

    /// <summary>
    /// The commits a push of <paramref name="local"/> would send: not reachable from the remote's
    /// known refs (<c>--remotes=REMOTE</c>), from <paramref name="remoteHas"/> (the remote ref's old
    /// value, when known here) nor from <paramref name="except"/>.
    /// </summary>
    public static IReadOnlyList<Oid> Sent(CarryRepository repo, Oid local, string remote, Oid? remoteHas, IEnumerable<Oid> except) =>
        Ids(repo.Git.Check(["rev-list", local.Hex, "--not", "--remotes=" + remote, .. except.Select(e => e.Hex),
            .. remoteHas is { } r && repo.Objects.Contains(r) ? [r.Hex] : Array.Empty<string>()]));

    /// <summary>
    /// The commits of <paramref name="tip"/> on no remote-tracking branch and not reachable from
    /// <paramref name="except"/>: what of it is not known to be upstream.
    /// </summary>
    public static IReadOnlyList<Oid> NotUpstream(CarryRepository repo, Oid tip, IEnumerable<Oid> except) =>
        Ids(repo.Git.Check(["rev-list", tip.Hex, "--not", "--remotes", .. except.Select(e => e.Hex)]));

    /// <summary>The hooks folder (<c>core.hooksPath</c> when set), as an absolute path.</summary>
    public static string HooksFolder(CarryRepository repo) =>
        Path.GetFullPath(Path.Combine(repo.WorkDir, repo.Git.Check(["rev-parse", "--git-path", "hooks"])));

    /// <summary>The full names of the refs under <paramref name="prefix"/> (e.g. <c>refs/carry/</c>).</summary>
    public static IReadOnlyList<string> RefNames(CarryRepository repo, string prefix) => repo.RefNames(prefix);

    private static Oid[] Ids(string lines) =>
        [.. lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(h => new Oid(h))];
}
