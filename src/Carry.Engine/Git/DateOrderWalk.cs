namespace Carry.Git;

/// <summary>
/// <c>git rev-list --reverse --parents TO ^FROM</c> answered in process, in git's own order, for
/// the short ranges a sync usually meets (a dev kit's upstream moves by tens of commits): starting
/// git costs more than reading those commits. It follows git's limited walk step by step
/// (revision.c's <c>limit_list</c>): commits are taken newest first by committer date (ties in the
/// order they were queued), a commit reached from FROM marks all it reaches as excluded, and the
/// walk stops once everything still queued is excluded and no queued commit is newer than the last
/// one listed, five commits after that (git's allowance for clock skew). What it cannot answer as
/// git would, it leaves to git: grafts, replaced objects or a shallow clone (git rewrites parents
/// there), reftable refs (replacements cannot be seen), a missing or malformed commit, or a range
/// longer than <see cref="Budget"/> commits.
/// </summary>
internal static class DateOrderWalk
{
    /// <summary>Commits looked at before the walk gives up and git answers (with its commit-graph).</summary>
    public const int Budget = 400;

    private const int Slop = 5;

    private sealed class Commit(Oid id)
    {
        public Oid Id { get; } = id;
        public ulong Date { get; set; }
        public Oid[]? Parents { get; set; }
        public bool Excluded { get; set; }
        public bool Seen { get; set; }
    }

    /// <summary>The listing as git prints it (one commit a line, its parents after it, oldest first), or null when git must answer.</summary>
    public static string? TryList(CarryRepository repo, Oid from, Oid to)
    {
        if (RewritesParents(repo)) return null;
        try
        {
            return List(repo.Objects, from, to);
        }
        catch (Exception e) when (e is TooLong or MissingObjectException or FormatException or InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>More than <see cref="Budget"/> commits to read: git (with its commit-graph) answers.</summary>
    private sealed class TooLong : Exception;

    private static string List(ObjectStore store, Oid from, Oid to)
    {
        var commits = new Dictionary<Oid, Commit>();
        var looked = 0;
        Commit Get(Oid id)
        {
            if (!commits.TryGetValue(id, out var c)) commits[id] = c = new Commit(id);
            return c;
        }
        void Parse(Commit c)
        {
            if (c.Parents is not null) return;
            // Counted here, not per step: one commit may name any number of parents.
            if (++looked > Budget) throw new TooLong();
            (c.Parents, c.Date) = Header(store.ReadCommitBytes(c.Id));
        }

        // The starting points, as prepare_revision_walk queues them: TO, then ^FROM (its
        // parents marked at once), each once, then sorted newest first (stable).
        var top = Get(to);
        Parse(top);
        var bottom = Get(from);
        Parse(bottom);
        bottom.Excluded = true;
        MarkParents(bottom, Get);
        var queue = new List<Commit>();
        foreach (var c in new[] { top, bottom })
            if (!c.Seen) { c.Seen = true; queue.Add(c); }
        queue = [.. queue.OrderByDescending(c => c.Date)];

        var listed = new List<Commit>();
        var slop = Slop;
        var lastListed = ulong.MaxValue;
        while (queue.Count > 0)
        {
            var commit = queue[0];
            queue.RemoveAt(0);
            AddParents(commit, queue, Get, Parse);
            if (commit.Excluded)
            {
                MarkParents(commit, Get);
                slop = StillInteresting(queue, lastListed, slop);
                if (slop > 0) continue;
                break;
            }
            lastListed = commit.Date;
            listed.Add(commit);
        }
        // As git prints it, oldest first, read back the way git's output is (no final newline).
        var text = new System.Text.StringBuilder();
        for (var i = listed.Count - 1; i >= 0; i--)
        {
            if (listed[i].Excluded) continue;
            if (text.Length > 0) text.Append('\n');
            text.Append(listed[i].Id.Hex);
            foreach (var p in listed[i].Parents!) text.Append(' ').Append(p.Hex);
        }
        return text.ToString();
    }

    /// <summary>
    /// The parents and date git reads from a commit (parse_commit_buffer): "tree", then the
    /// "parent" lines, then the date from the "committer" line right after "author". Only a
    /// well-formed header is read here (one '&gt;' on the committer line, then seconds and a zone):
    /// git versions differ on malformed ones, so those are left to the installed git.
    /// </summary>
    private static (Oid[] Parents, ulong Date) Header(byte[] body)
    {
        ReadOnlySpan<byte> rest = body;
        if (!rest.StartsWith("tree "u8) || rest.Length < 46 || rest[45] != '\n' || Hex(rest[5..45]) is null)
            throw new FormatException("bogus commit object");
        rest = rest[46..];
        var parents = new List<Oid>();
        while (rest.StartsWith("parent "u8))
        {
            if (rest.Length < 48 || rest[47] != '\n' || Hex(rest[7..47]) is not { } parent) throw new FormatException("bad parents in commit");
            parents.Add(parent);
            rest = rest[48..];
        }
        var author = rest.IndexOf((byte)'\n');
        if (!rest.StartsWith("author "u8) || author < 0) throw new FormatException("no author line");
        rest = rest[(author + 1)..];
        var end = rest.IndexOf((byte)'\n');
        if (!rest.StartsWith("committer "u8) || end < 0) throw new FormatException("no committer line");
        var line = rest[..end];
        var gt = line.IndexOf((byte)'>');
        if (gt < 0 || line[(gt + 1)..].Contains((byte)'>')) throw new FormatException("unusual committer line");
        var after = line[(gt + 1)..];
        var space = after.Length > 1 && after[0] == ' ' ? after[1..].IndexOf((byte)' ') : -1;
        if (space <= 0 || !ulong.TryParse(after.Slice(1, space), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var date))
            throw new FormatException("unusual committer date");
        return ([.. parents], date);
    }

    private static Oid? Hex(ReadOnlySpan<byte> ascii)
    {
        Span<char> text = stackalloc char[40];
        for (var i = 0; i < 40; i++) text[i] = (char)ascii[i];
        return Oid.TryParseLower(text);
    }

    /// <summary>process_parents: each parent read and queued by date once; an excluded commit's parents are excluded, with all they reach.</summary>
    private static void AddParents(Commit commit, List<Commit> queue, Func<Oid, Commit> get, Action<Commit> parse)
    {
        foreach (var id in commit.Parents!)
        {
            var parent = get(id);
            if (commit.Excluded) parent.Excluded = true;
            parse(parent);
            if (commit.Excluded) MarkParents(parent, get);
            if (parent.Seen) continue;
            parent.Seen = true;
            InsertByDate(queue, parent);
        }
    }

    /// <summary>commit_list_insert_by_date: after every queued commit at least as new.</summary>
    private static void InsertByDate(List<Commit> queue, Commit commit)
    {
        var at = 0;
        while (at < queue.Count && queue[at].Date >= commit.Date) at++;
        queue.Insert(at, commit);
    }

    /// <summary>mark_parents_uninteresting: everything reachable through parents already read is excluded.</summary>
    private static void MarkParents(Commit commit, Func<Oid, Commit> get)
    {
        var pending = new Stack<Commit>();
        foreach (var id in commit.Parents ?? []) pending.Push(get(id));
        while (pending.Count > 0)
        {
            var c = pending.Pop();
            if (c.Excluded) continue;
            c.Excluded = true;
            foreach (var id in c.Parents ?? []) pending.Push(get(id));
        }
    }

    /// <summary>still_interesting: the walk goes on while a queued commit is newer than the last listed or not excluded, then for <see cref="Slop"/> more.</summary>
    private static int StillInteresting(List<Commit> queue, ulong lastListed, int slop)
    {
        if (queue.Count == 0) return 0;
        if (lastListed <= queue[0].Date) return Slop;
        if (queue.Any(c => !c.Excluded)) return Slop;
        return slop - 1;
    }

    /// <summary>True when git would see other parents than the commits record (or Carry could not tell).</summary>
    private static bool RewritesParents(CarryRepository repo)
    {
        if (Environment.GetEnvironmentVariable("GIT_GRAFT_FILE") is not null
            || Environment.GetEnvironmentVariable("GIT_REPLACE_REF_BASE") is not null) return true;
        var common = repo.CommonDir;
        // libgit2 lists loose and packed refs, not reftable's: with reftable, git is asked.
        return File.Exists(Path.Combine(common, "shallow"))
            || File.Exists(Path.Combine(common, "info", "grafts"))
            || Directory.Exists(Path.Combine(common, "reftable"))
            || repo.RefNames("refs/replace/").Count > 0;
    }
}
