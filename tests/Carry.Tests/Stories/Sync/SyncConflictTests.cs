using System.Text.Json;
using Carry.Operations.Sync;
using Carry.Tests.Support;

namespace Carry.Tests.Stories.Sync;

/// <summary>
/// A sync that meets a real conflict stops there with diff3 markers, and every way out
/// (continue, skip, abort) works, also after the process was killed mid-sync. A resolution
/// given once is reused by the next sync that meets the same conflict.
/// </summary>
[Trait(CarryProcess.Trait, "story")]
public sealed class SyncConflictTests
{
    private const string Ours = UpstreamScenario.ForkLine50;
    private const string Theirs = UpstreamScenario.UpstreamLine50;
    private const string Resolved = "line 50, as both agreed after the conflict";

    private static UpstreamScenario Conflicting() => UpstreamScenario.Conflicting();

    private static JsonElement SyncStops(TempRepo fork, params string[] args)
    {
        var run = fork.Carry(args.Length == 0 ? ["sync", "--fetch", "--json"] : args);
        Assert.True(run.Exit == 2, run.ToString());
        var doc = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal("stopped", doc.GetProperty("result").GetString());
        return doc;
    }

    private static void AssertStoppedAtClash(TempRepo fork)
    {
        var text = fork.Read("shared.txt");
        Assert.Contains("<<<<<<< upstream\n" + Theirs, text);
        Assert.Contains("||||||| before clash\nline 50\n=======\n" + Ours + "\n>>>>>>> clash", text);
        Assert.Contains("shared.txt", fork.Git("ls-files", "-u"));
        Assert.Equal("below.txt", fork.Git("diff", "--name-only", "origin/main", "HEAD"));
        var other = fork.CarryFails("push");
        Assert.Contains("a sync is in progress", other.Err);
    }

    private static void Resolve(TempRepo fork) => UpstreamScenario.Resolve(fork, Resolved);

    private static List<string> Applied(TempRepo fork) =>
        [.. JsonDocument.Parse(fork.CarryOk("series", "--json").Out).RootElement.GetProperty("patches").EnumerateArray()
            .Where(p => p.GetProperty("state").GetString() != "unapplied").Select(p => p.GetProperty("name").GetString()!)];

    [Fact]
    public void Continue_takes_the_resolution_and_applies_the_rest()
    {
        using var s = Conflicting();
        var stop = SyncStops(s.Fork);
        Assert.Equal("clash", stop.GetProperty("stopped").GetProperty("patch").GetString());
        AssertStoppedAtClash(s.Fork);

        var early = s.Fork.CarryFails("sync", "--continue");
        Assert.Contains("unmerged", early.Err);
        File.WriteAllText(Path.Combine(s.Fork.Dir, "shared.txt"), s.Fork.Read("shared.txt"));
        s.Fork.Git("add", "shared.txt");
        var markers = s.Fork.CarryFails("sync", "--continue");
        Assert.Contains("still has conflict markers", markers.Err);

        Resolve(s.Fork);
        var done = JsonDocument.Parse(s.Fork.CarryOk("sync", "--continue", "--json").Out).RootElement;
        Assert.Equal("done", done.GetProperty("result").GetString());
        var outcomes = done.GetProperty("patches").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("outcome").GetString());
        Assert.Equal("clean", outcomes["below"]);
        Assert.Equal("resolved", outcomes["clash"]);
        Assert.Equal("clean", outcomes["above"]);
        Assert.Equal(["below", "clash", "above"], Applied(s.Fork));
        Assert.Contains(Resolved, s.Fork.Read("shared.txt"));
        Assert.Equal("", s.Fork.Git("status", "--porcelain", "--untracked-files=no"));
        Assert.Contains("resolutions ", s.Fork.Git("show", "refs/carry/main:stack"));
        Invariants.Check(s.Fork);
    }

    /// <summary>
    /// Resolve, add, commit (a git habit) while the sync is stopped: --continue, --skip and --abort
    /// sent the user to 'carry repair', and repair back to the sync. The hint now names the way
    /// out that keeps the commit's content, and following it finishes the sync with that resolution.
    /// </summary>
    [Fact]
    public void A_commit_made_while_the_sync_is_stopped_gets_a_way_out_that_keeps_it()
    {
        using var s = Conflicting();
        SyncStops(s.Fork);
        var stoppedAt = s.Fork.Git("rev-parse", "HEAD").Trim();
        Resolve(s.Fork);
        s.Fork.Git("commit", "-qm", "my resolution");
        foreach (var way in new[] { "--continue", "--skip", "--abort" })
        {
            var refused = s.Fork.CarryFails("sync", way);
            Assert.Contains("while the sync was stopped at patch 'clash'", refused.Err);
            Assert.Contains($"git reset --soft {stoppedAt[..7]}", refused.Err);
        }
        s.Fork.Git("reset", "--soft", stoppedAt[..7]);
        var done = JsonDocument.Parse(s.Fork.CarryOk("sync", "--continue", "--json").Out).RootElement;
        Assert.Equal("done", done.GetProperty("result").GetString());
        Assert.Equal(["below", "clash", "above"], Applied(s.Fork));
        Assert.Contains(Resolved, s.Fork.Read("shared.txt"));
        Invariants.Check(s.Fork);
    }

    [Fact]
    public void Skip_leaves_the_patch_unapplied_and_applies_the_rest()
    {
        using var s = Conflicting();
        SyncStops(s.Fork);
        var done = JsonDocument.Parse(s.Fork.CarryOk("sync", "--skip", "--json").Out).RootElement;
        Assert.Equal("done", done.GetProperty("result").GetString());
        Assert.Equal(["below", "above"], Applied(s.Fork));
        Assert.Contains("clash", s.Fork.CarryOk("series").Out);
        Assert.Contains(Theirs, s.Fork.Read("shared.txt"));
        Assert.DoesNotContain("<<<<<<<", s.Fork.Read("shared.txt"));
        Invariants.Check(s.Fork);
    }

    [Fact]
    public void A_stopped_sync_keeps_upstreams_commits_so_a_resume_need_not_walk_them_again()
    {
        using var s = Conflicting();
        SyncStops(s.Fork);
        var stack = s.Fork.Git("show", "refs/carry/main:stack");
        var line = stack.Split('\n').Single(l => l.StartsWith("sync ", StringComparison.Ordinal));
        var blob = line.Split(' ').Single(w => w.StartsWith("upstream=", StringComparison.Ordinal))["upstream=".Length..];
        var from = s.Fork.Git("show", $"{line.Split(' ').Single(w => w.StartsWith("from=", StringComparison.Ordinal))[5..]}:stack")
            .Split('\n').Single(l => l.StartsWith("base ", StringComparison.Ordinal)).Split(' ')[1];
        // What git lists between the two bases, asked here independently of Carry.
        var kept = s.Fork.Git("cat-file", "blob", blob).Split("\n\n");
        var listing = s.Fork.Git("rev-list", "--reverse", "--parents", "origin/main", "^" + from);
        Assert.Equal(listing, kept[0]);
        // Then what each of those commits changed on the patches' paths: git's own diff-tree, line for line.
        var lines = kept[1].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var paths = lines[0].Split(' ').Skip(1).Select(h => System.Text.Encoding.UTF8.GetString(Convert.FromHexString(h))).ToArray();
        Assert.NotEmpty(paths);
        var commits = listing.Split('\n').Select(l => l.Split(' ')[0]).ToList();
        var expected = commits.SelectMany((c, i) => s.Fork.Git(["diff-tree", "-r", "--no-commit-id", "--no-renames", c, "--", .. paths])
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(d =>
            {
                var (meta, path) = (d.Split('\t')[0].TrimStart(':').Split(' '), d.Split('\t')[1]);
                string Side(string mode, string id) => mode == "000000" ? "- -" : $"{mode} {id}";
                return $"change {i} {Convert.ToHexStringLower(System.Text.Encoding.UTF8.GetBytes(path))} {Side(meta[0], meta[2])} {Side(meta[1], meta[3])}";
            }));
        Assert.Equal(expected, lines.Skip(1).Where(l => l.StartsWith("change ", StringComparison.Ordinal)));
        Assert.Contains(blob, s.Fork.Git("ls-tree", "-r", "refs/carry/main", "sources/"));

        // A record whose list cannot be read (here: rewritten to name no commits) only costs the walk again.
        ReplaceUpstreamRecord(s.Fork, "not a listing\n");
        var done = JsonDocument.Parse(s.Fork.CarryOk("sync", "--skip", "--json").Out).RootElement;
        Assert.Equal("done", done.GetProperty("result").GetString());
        Assert.Equal(["below", "above"], Applied(s.Fork));
    }

    [Fact]
    public void A_record_of_the_listing_alone_as_an_older_Carry_kept_it_still_serves_a_resume()
    {
        using var s = Conflicting();
        SyncStops(s.Fork);
        var line = s.Fork.Git("show", "refs/carry/main:stack").Split('\n').Single(l => l.StartsWith("sync ", StringComparison.Ordinal));
        var blob = line.Split(' ').Single(w => w.StartsWith("upstream=", StringComparison.Ordinal))["upstream=".Length..];
        ReplaceUpstreamRecord(s.Fork, s.Fork.Git("cat-file", "blob", blob).Split("\n\n")[0] + "\n");
        var done = JsonDocument.Parse(s.Fork.CarryOk("sync", "--skip", "--json").Out).RootElement;
        Assert.Equal("done", done.GetProperty("result").GetString());
        Assert.Equal(["below", "above"], Applied(s.Fork));
        Assert.Contains(Theirs, s.Fork.Read("shared.txt"));
        Invariants.Check(s.Fork);
    }

    /// <summary>Points the stopped sync's record of upstream at a blob holding <paramref name="content"/>, in a new stack record.</summary>
    private static void ReplaceUpstreamRecord(TempRepo fork, string content)
    {
        var stack = fork.Git("show", "refs/carry/main:stack");
        var line = stack.Split('\n').Single(l => l.StartsWith("sync ", StringComparison.Ordinal));
        var blob = line.Split(' ').Single(w => w.StartsWith("upstream=", StringComparison.Ordinal))["upstream=".Length..];
        var changed = stack.Replace("upstream=" + blob, "upstream=" + fork.GitWithInput(content, "hash-object", "-w", "--stdin"));
        var stackBlob = fork.GitWithInput(changed, "hash-object", "-w", "--stdin");
        var entries = fork.Git("ls-tree", "refs/carry/main").Split('\n')
            .Select(e => e.EndsWith("\tstack", StringComparison.Ordinal) ? $"100644 blob {stackBlob}\tstack" : e);
        var tree = fork.GitWithInput(string.Join('\n', entries) + "\n", "mktree");
        var record = fork.Git("commit-tree", tree, "-p", "refs/carry/main", "-m", "upstream record replaced");
        fork.Git("update-ref", "refs/carry/main", record);
    }

    [Fact]
    public void Abort_puts_everything_back_as_before_the_sync()
    {
        using var s = Conflicting();
        s.Fork.Git("fetch", "-q");
        var before = Snapshot.Take(s.Fork);
        var stack = s.Fork.Git("show", "refs/carry/main:stack");
        SyncStops(s.Fork, "sync", "--json");
        s.Fork.CarryOk("sync", "--abort");
        Assert.Equal(before, Snapshot.Take(s.Fork));
        Assert.Equal(stack, s.Fork.Git("show", "refs/carry/main:stack"));
        Invariants.Check(s.Fork);
    }

    [Fact]
    public void The_same_conflict_met_again_is_resolved_from_memory()
    {
        using var s = Conflicting();
        var start = s.Fork.Git("rev-parse", "HEAD");
        SyncStops(s.Fork);
        Resolve(s.Fork);
        s.Fork.CarryOk("sync", "--continue");
        var resolvedTree = s.Fork.Git("rev-parse", "HEAD^{tree}");

        // One undo goes back to before the whole sync, and keeps what was learnt; then the same sync again.
        s.Fork.CarryOk("undo");
        Assert.Equal(start, s.Fork.Git("rev-parse", "HEAD"));
        var again = SyncLandingTests.Sync(s.Fork);
        Assert.Equal("resolved-from-memory", SyncLandingTests.Outcome(again, "clash"));
        Assert.Equal(resolvedTree, s.Fork.Git("rev-parse", "HEAD^{tree}"));
    }

    [Fact]
    public void Local_changes_are_kept_by_a_clean_sync_and_refused_by_one_that_would_stop()
    {
        using var s = Conflicting();
        // A file touched but not changed is not a local change.
        File.SetLastWriteTimeUtc(Path.Combine(s.Fork.Dir, "shared.txt"), DateTime.UtcNow.AddMinutes(5));
        s.Fork.Git("fetch", "-q");
        SyncStops(s.Fork, "sync", "--json");
        s.Fork.CarryOk("sync", "--abort");
        s.Fork.Write("README.md", "a local edit\n");
        s.Fork.Git("fetch", "-q");
        var before = Snapshot.Take(s.Fork);
        var refused = s.Fork.CarryFails("sync");
        Assert.Contains("would stop at a conflict in patch 'clash'", refused.Err);
        Assert.Contains("nothing was changed", refused.Err);
        Assert.Equal(before, Snapshot.Take(s.Fork));

        s.Fork.CarryOk("pop", "-a");
        s.Fork.CarryOk("delete", "clash");
        s.Fork.CarryOk("push", "-a");
        s.Fork.CarryOk("sync");
        Assert.Equal("a local edit\n", s.Fork.Read("README.md"));
        Assert.Contains(Theirs, s.Fork.Read("shared.txt"));
    }

    [Fact]
    public void Bad_requests_get_clear_errors()
    {
        using var s = Conflicting();
        Assert.Contains("no such commit", s.Fork.CarryFails("sync", "--onto", "no-such-ref").Err);
        Assert.Contains("no sync in progress", s.Fork.CarryFails("sync", "--continue").Err);
        Assert.Contains("cannot be used together", s.Fork.CarryFails("sync", "--skip", "--abort").Err);
        Assert.Contains("could not fetch 'nowhere'", s.Fork.CarryFails("sync", "--fetch", "nowhere").Err);
        SyncStops(s.Fork);
        Assert.Contains("a sync is in progress", s.Fork.CarryFails("sync").Err);
        Assert.Contains("a sync is in progress", s.Fork.CarryFails("undo").Err);
    }

    [Fact]
    public void A_teammate_who_pulls_the_shared_stack_gets_the_resolution_too()
    {
        using var s = Conflicting();
        SyncStops(s.Fork);
        Resolve(s.Fork);
        s.Fork.CarryOk("sync", "--continue");
        var resolvedTree = s.Fork.Git("rev-parse", "HEAD^{tree}");

        // The stack travels through an ordinary remote: the fork shares it, a teammate's fresh clone pulls it.
        s.Fork.CarryOk("share", "push", "origin");
        using var mate = new TempRepo("mate", s.Bare);
        mate.CarryOk("share", "pull", "origin");
        Assert.Equal(s.Fork.Git("rev-parse", "HEAD"), mate.Git("rev-parse", "HEAD"));

        // The teammate goes back before the sync and meets the same conflict: it is resolved from memory.
        mate.CarryOk("undo");
        var again = SyncLandingTests.Sync(mate);
        Assert.Equal("resolved-from-memory", SyncLandingTests.Outcome(again, "clash"));
        Assert.Equal(resolvedTree, mate.Git("rev-parse", "HEAD^{tree}"));
    }
}
