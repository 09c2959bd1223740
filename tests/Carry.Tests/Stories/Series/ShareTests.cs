using System.Text.Json;
using Carry.Operations.Series;
using Carry.Tests.Support;

namespace Carry.Tests.Stories.Series;

/// <summary>
/// Two people share one stack through a bare remote, with real <c>git clone</c>: push, pull into a
/// fresh clone, fast-forwards both ways, and concurrent edits that never lose a patch.
/// </summary>
public sealed class ShareTests : IDisposable
{
    private readonly TempRepo _alice = TempRepo.WithStack(3);
    private readonly string _remote;
    private readonly List<string> _folders = [];

    public ShareTests()
    {
        _remote = Folder("remote.git");
        TempRepo.GitIn(_remote, "init", "-q", "--bare", "-b", "main");
        _alice.Git("remote", "add", "origin", _remote);
        // The remote's main is the upstream project; the stack lives only in refs/carry/main.
        _alice.Git("push", "-q", "--no-verify", "origin", "base:refs/heads/main");
    }

    private string Folder(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), "carry-share-" + Guid.NewGuid().ToString("N")[..8], name);
        Directory.CreateDirectory(dir);
        _folders.Add(Path.GetDirectoryName(dir)!);
        return dir;
    }

    /// <summary>A teammate's clone of the remote (branch main at the upstream base, no stack).</summary>
    private TempRepo Clone()
    {
        var dir = Folder("clone");
        Directory.Delete(dir);
        TempRepo.GitIn(Path.GetDirectoryName(dir)!, "clone", "-q", _remote, dir);
        return TempRepo.Adopt(dir);
    }

    private static List<string> Series(TempRepo repo) =>
        [.. JsonDocument.Parse(repo.CarryOk("series", "--json").Out).RootElement.GetProperty("patches").EnumerateArray()
            .Select(p => $"{p.GetProperty("name").GetString()} {p.GetProperty("state").GetString()}")];

    private static string Commit(TempRepo repo, string patch) =>
        JsonDocument.Parse(repo.CarryOk("series", "--json").Out).RootElement.GetProperty("patches").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == patch).GetProperty("commit").GetString()!;

    private static void NewPatch(TempRepo repo, string name, string file)
    {
        repo.CarryOk("new", name, "-m", $"Add {file}");
        repo.Write(file, $"{name}\n");
        repo.Git("add", file);
        repo.CarryOk("refresh");
    }

    private string RemoteStack() => TempRepo.GitIn(_remote, "rev-parse", "refs/carry/main");

    [Fact]
    public void A_teammate_clones_pulls_the_stack_continues_and_pushes_back()
    {
        _alice.CarryOk("version", "v1");
        Assert.Contains("(new, at", _alice.CarryOk("share", "push", "origin").Out);
        Assert.Equal(_alice.Git("rev-parse", "refs/carry/main"), RemoteStack());
        Assert.Equal(0, TempRepo.RunGit(_remote, "fsck", "--strict", "--no-progress").Exit);
        Assert.Contains("Everything up-to-date", _alice.CarryOk("share", "push", "origin").Out);

        using var bob = Clone();
        Assert.Contains("has no stack", bob.CarryFails("series").Err);
        var pulled = bob.CarryOk("share", "pull", "origin");
        Assert.Contains("Created the stack of 'main' from 'origin': 3 patches", pulled.Out);
        // The very same stack: same state commit, branch, files, history and versions.
        Assert.Equal(_alice.Git("rev-parse", "refs/carry/main"), bob.Git("rev-parse", "refs/carry/main"));
        Assert.Equal(_alice.Git("rev-parse", "HEAD"), bob.Git("rev-parse", "HEAD"));
        Assert.Equal(_alice.Read("file-3.txt"), bob.Read("file-3.txt"));
        Assert.Equal("", bob.Git("status", "--porcelain"));
        Assert.Equal(_alice.CarryOk("log").Out, bob.CarryOk("log").Out);
        Assert.Equal(_alice.CarryOk("versions").Out, bob.CarryOk("versions").Out);
        Invariants.Check(bob);

        NewPatch(bob, "bob-fix", "bob.txt");
        Assert.Contains("now at", bob.CarryOk("share", "push", "origin").Out);
        Assert.Equal(bob.Git("rev-parse", "refs/carry/main"), RemoteStack());

        Assert.Contains("Fast-forwarded the stack", _alice.CarryOk("share", "pull", "origin").Out);
        Assert.Equal(bob.Git("rev-parse", "refs/carry/main"), _alice.Git("rev-parse", "refs/carry/main"));
        Assert.Equal("bob-fix\n", _alice.Read("bob.txt"));
        Assert.Equal(Series(bob), Series(_alice));
        Assert.Contains("Already up to date", _alice.CarryOk("share", "pull", "origin").Out);
        Invariants.Check(_alice);
    }

    /// <summary>Bob pulls Alice's stack; then each adds a patch, and only Alice pushes hers.</summary>
    private TempRepo Diverged()
    {
        _alice.CarryOk("share", "push", "origin");
        var bob = Clone();
        bob.CarryOk("share", "pull", "origin");
        NewPatch(_alice, "alice-x", "alice.txt");
        _alice.CarryOk("share", "push", "origin");
        NewPatch(bob, "bob-y", "bob.txt");
        return bob;
    }

    [Fact]
    public void Concurrent_edits_are_refused_until_chosen_and_merge_loses_no_patch()
    {
        using var bob = Diverged();
        var bobY = Commit(bob, "bob-y");

        // Bob cannot push over Alice's work, and a plain pull changes nothing.
        var remoteBefore = RemoteStack();
        var refusedPush = bob.CarryFails("share", "push", "origin");
        Assert.Contains("pull", refusedPush.Err);
        Assert.Equal(remoteBefore, RemoteStack());
        var before = Snapshot.Take(bob);
        var refusedPull = bob.CarryFails("share", "pull", "origin");
        Assert.Contains("have both changed (2 states only here, 2 only there)", refusedPull.Err);
        Assert.Contains("--merge", refusedPull.Err);
        Assert.Equal(before, Snapshot.Take(bob));

        // Merge: Alice's stack, with Bob's new patch unapplied on top; nothing lost.
        Assert.Contains("your new patches unapplied on top", bob.CarryOk("share", "pull", "origin", "--merge").Out);
        Assert.Equal(["patch-number-1 applied", "patch-number-2 applied", "patch-number-3 applied", "alice-x top", "bob-y unapplied"], Series(bob));
        Assert.Equal(bobY, Commit(bob, "bob-y"));
        bob.CarryOk("push", "-a");
        bob.CarryOk("share", "push", "origin");
        // The merged record joins Alice's: the remote moved forward, her states are in its history.
        Assert.Equal(0, TempRepo.RunGit(_remote, "merge-base", "--is-ancestor", remoteBefore, "refs/carry/main").Exit);

        _alice.CarryOk("share", "pull", "origin");
        Assert.Equal(Series(bob), Series(_alice));
        Assert.Equal("bob-y\n", _alice.Read("bob.txt"));
        Assert.Equal("alice-x\n", _alice.Read("alice.txt"));
        Invariants.Check(_alice);
        Invariants.Check(bob);
    }

    [Fact]
    public void Theirs_and_ours_settle_a_divergence_and_keep_the_other_side_in_history()
    {
        using var bob = Diverged();
        var bobState = bob.Git("rev-parse", "refs/carry/main");

        bob.CarryOk("share", "pull", "origin", "--theirs");
        Assert.DoesNotContain(Series(bob), s => s.StartsWith("bob-y"));
        Assert.Contains(Series(bob), s => s.StartsWith("alice-x"));
        // Bob's state is the one before in his log, so undo gives it back.
        Assert.Contains("carry new bob-y", bob.CarryOk("log", "-n", "3").Out);
        bob.CarryOk("undo");
        Assert.Contains("bob-y top", Series(bob));
        // The undo keeps the record that joined Alice's history: Bob is ahead, his push is a fast-forward.
        Assert.Contains("Nothing to pull", bob.CarryOk("share", "pull", "origin").Out);
        bob.CarryOk("share", "push", "origin");
        Assert.Equal(0, TempRepo.RunGit(_remote, "merge-base", "--is-ancestor", bobState, "refs/carry/main").Exit);

        // Again both change; this time Bob keeps his.
        _alice.CarryOk("share", "pull", "origin");
        NewPatch(_alice, "alice-z", "alice-z.txt");
        _alice.CarryOk("share", "push", "origin");
        NewPatch(bob, "bob-w", "bob-w.txt");
        Assert.Contains("Kept your stack", bob.CarryOk("share", "pull", "origin", "--ours").Out);
        Assert.Contains("bob-w top", Series(bob));
        Assert.DoesNotContain(Series(bob), s => s.StartsWith("alice-z"));
        bob.CarryOk("share", "push", "origin");
        // Alice's state stays reachable from the shared stack, though Bob's state won.
        Assert.Equal(0, TempRepo.RunGit(_remote, "merge-base", "--is-ancestor", _alice.Git("rev-parse", "refs/carry/main"), "refs/carry/main").Exit);
        Assert.Contains("Already up to date", bob.CarryOk("share", "pull", "origin").Out);
    }

    [Fact]
    public void A_forced_push_replaces_theirs_which_stays_in_the_tracking_refs_reflog()
    {
        using var bob = Diverged();
        var replaced = bob.CarryOk("share", "push", "origin", "--force");
        Assert.Contains("Replaced the stack of 'main' on 'origin'", replaced.Out);
        Assert.Equal(bob.Git("rev-parse", "refs/carry/main"), RemoteStack());
        Assert.Equal(_alice.Git("rev-parse", "refs/carry/main"), bob.Git("rev-parse", "refs/carry-remote/origin/main@{1}"));
    }

    [Fact]
    public void Pulling_a_stack_the_remote_does_not_have_names_those_it_has()
    {
        _alice.CarryOk("share", "push", "origin");
        using var bob = Clone();
        bob.Git("switch", "-q", "-c", "topic");
        var run = bob.CarryFails("share", "pull", "origin");
        Assert.Contains("'origin' has no stack for branch 'topic'", run.Err);
        Assert.Contains("main", run.Err);
        Assert.Contains("Created the stack of 'topic'", bob.CarryOk("share", "pull", "origin", "--from", "main").Out);
        Assert.Equal(3, Series(bob).Count);
        Invariants.Check(bob);
    }

    public void Dispose()
    {
        _alice.Dispose();
        foreach (var f in _folders)
            try { Directory.Delete(f, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
