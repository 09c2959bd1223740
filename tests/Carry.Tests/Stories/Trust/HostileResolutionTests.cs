using Carry.Tests.Support;

namespace Carry.Tests.Stories.Trust;

/// <summary>
/// A recorded conflict resolution travels with a shared stack, and is only ever to write the files
/// that conflicted, as files. A teammate's stack whose resolution of the text file shared.txt is a
/// folder (holding an executable) or a symbolic link to .git is refused by <c>share pull</c>, and a
/// stack that holds one anyway (its ref fetched by hand) has its sync refused when it would use it:
/// exit 1, nothing written, no journal left.
/// </summary>
public sealed class HostileResolutionTests
{
    [Theory]
    [InlineData("folder", "makes a folder of a file that conflicted")]
    [InlineData("symlink", "makes a symbolic link of a file that conflicted")]
    [InlineData("gitlink", "writes mode 160000")]
    public void A_pulled_stack_whose_resolution_is_no_file_is_refused(string kind, string reason)
    {
        using var s = UpstreamScenario.Conflicting();
        var crafted = HostileStack(s, kind);
        s.Fork.Git("push", "-q", "-f", "--no-verify", "origin", $"{crafted}:refs/carry/main");

        using var mate = new TempRepo("mate", s.Bare);
        mate.Git("reset", "-q", "--hard", s.Maintainer.Git("rev-parse", "HEAD~1"));
        var refused = NothingWritten(mate, () => mate.CarryFails("share", "pull", "origin"));
        Assert.Contains("refusing the stack from", refused.Err);
        Assert.Contains($"a recorded resolution: invalid path 'shared.txt': a recorded resolution {reason}", refused.Err);
        Assert.NotEqual(0, TempRepo.RunGit(mate.Dir, "rev-parse", "-q", "--verify", "refs/carry/main").Exit);
    }

    [Theory]
    [InlineData("folder", "makes a folder")]
    [InlineData("symlink", "makes a symbolic link")]
    public void A_sync_that_would_use_a_resolution_that_is_no_file_is_refused(string kind, string reason)
    {
        using var s = UpstreamScenario.Conflicting();
        var crafted = HostileStack(s, kind);
        // The stack got here without 'share pull' (its ref set by hand): the sync checks the resolution again.
        s.Fork.Git("update-ref", "refs/carry/main", crafted);
        var refused = NothingWritten(s.Fork, () => s.Fork.CarryFails("sync", "--onto", "origin/main"));
        Assert.Contains("refusing the recorded resolution", refused.Err);
        Assert.Contains($"invalid path 'shared.txt': a recorded resolution {reason}", refused.Err);
        Assert.Equal(crafted, s.Fork.Git("rev-parse", "refs/carry/main"));
    }

    [Fact]
    public void A_resolution_with_a_link_where_a_link_conflicted_is_still_shared_and_used()
    {
        // The conflict is between two targets of a symbolic link: its resolution is a link, as it should be.
        using var s = new UpstreamScenario();
        s.Upstream("Add a link", r => File.CreateSymbolicLink(Path.Combine(r.Dir, "current"), "v1"));
        s.Fork.CarryOk("sync", "--fetch");
        s.AddPatch("relink", r => { File.Delete(Path.Combine(r.Dir, "current")); File.CreateSymbolicLink(Path.Combine(r.Dir, "current"), "v2"); });
        s.Upstream("Relink", r => { File.Delete(Path.Combine(r.Dir, "current")); File.CreateSymbolicLink(Path.Combine(r.Dir, "current"), "v3"); });
        Assert.Equal(2, s.Fork.Carry("sync", "--fetch").Exit);
        File.Delete(Path.Combine(s.Fork.Dir, "current"));
        File.CreateSymbolicLink(Path.Combine(s.Fork.Dir, "current"), "v4");
        s.Fork.Git("add", "current");
        s.Fork.CarryOk("sync", "--continue");
        var resolved = s.Fork.Git("rev-parse", "HEAD^{tree}");
        s.Fork.CarryOk("share", "push", "origin");

        using var mate = new TempRepo("mate", s.Bare);
        mate.CarryOk("share", "pull", "origin");
        mate.CarryOk("undo");
        mate.CarryOk("sync", "--onto", "origin/main");
        Assert.Equal(resolved, mate.Git("rev-parse", "HEAD^{tree}"));
        Assert.Equal("v4", new FileInfo(Path.Combine(mate.Dir, "current")).LinkTarget);
    }

    // ---- helpers --------------------------------------------------------------------------------

    /// <summary>
    /// The fork's stack before its sync, with the resolution the fork then recorded for shared.txt
    /// swapped for <paramref name="kind"/> (its text, and so its key, unchanged): a commit of
    /// refs/carry/main as a hostile teammate would push it. The fork is left where it was before the sync.
    /// </summary>
    private static string HostileStack(UpstreamScenario s, string kind)
    {
        var fork = s.Fork;
        var pre = fork.Git("rev-parse", "refs/carry/main");
        var head = fork.Git("rev-parse", "HEAD");
        Assert.Equal(2, fork.Carry("sync", "--fetch").Exit);
        UpstreamScenario.Resolve(fork, "line 50, resolved");
        fork.CarryOk("sync", "--continue");
        var resolutions = fork.Git("cat-file", "-p", "refs/carry/main:stack").Split('\n').First(l => l.StartsWith("resolutions ", StringComparison.Ordinal))[12..];
        var key = fork.Git("ls-tree", "--name-only", resolutions);
        var text = fork.Git("rev-parse", $"{resolutions}:{key}/resolution");
        var hook = fork.GitWithInput("#!/bin/sh\necho pwned\n", "hash-object", "-w", "--stdin");
        var file0 = kind switch
        {
            "folder" => $"040000 tree {MkTree(fork, $"040000 tree {MkTree(fork, $"100755 blob {hook}\tpost-checkout")}\thooks")}",
            "symlink" => $"120000 blob {fork.GitWithInput(".git", "hash-object", "-w", "--stdin")}",
            "gitlink" => $"160000 commit {head}",
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var hostile = MkTree(fork, $"040000 tree {MkTree(fork, $"{file0}\tfile-0", $"100644 blob {text}\tresolution")}\t{key}");
        var lines = fork.Git("cat-file", "-p", $"{pre}:stack").Split('\n').ToList();
        lines.Insert(3, $"resolutions {hostile}");
        var stack = fork.GitWithInput(string.Join('\n', lines) + "\n", "hash-object", "-w", "--stdin");
        var history = fork.GitWithInput($"previous {pre}\n", "hash-object", "-w", "--stdin");
        var sources = MkTree(fork, $"040000 tree {hostile}\t{hostile}");
        var tree = MkTree(fork, $"100644 blob {history}\thistory", $"040000 tree {sources}\tsources", $"100644 blob {stack}\tstack");
        var crafted = fork.Git("commit-tree", tree, "-p", pre, "-m", "carry refresh");
        // Back to before the sync, as the fork's teammate still is.
        fork.Git("update-ref", "refs/carry/main", pre);
        fork.Git("reset", "-q", "--hard", head);
        return crafted;
    }

    private static string MkTree(TempRepo repo, params string[] lines) => repo.GitWithInput(string.Join('\n', lines) + "\n", "mktree");

    /// <summary>Runs <paramref name="action"/>; asserts exit 1 and that the repository, its index and its files are as they were, with no journal.</summary>
    private static CarryRun NothingWritten(TempRepo repo, Func<CarryRun> action)
    {
        var before = Snapshot.Take(repo);
        var run = action();
        Assert.Equal(1, run.Exit);
        Assert.Equal(before, Snapshot.Take(repo));
        Assert.False(File.Exists(Path.Combine(repo.Dir, ".git", "carry-journal")), "a refusal leaves no journal");
        Assert.False(File.Exists(Path.Combine(repo.Dir, ".git", "hooks", "post-checkout")));
        return run;
    }
}
