using Carry.Tests.Support;

namespace Carry.Tests.Commands;

/// <summary>Whole-output snapshots of versions, range-diff, share and report.</summary>
[Collection(FixedClockCollection.Name)]
public sealed class HistoryOutputTests
{
    [Fact]
    public void Versions_and_range_diff()
    {
        using var repo = TempRepo.WithStack(3);
        var t = new Transcript().Name(repo.Dir, "<repo>");
        t.Ok(repo, "version", "v1");
        t.Ok(repo, "edit", "patch-number-1", "-m", "Patch number 1, reworded");
        repo.Write("file-2.txt", "content of patch 2, revised\n");
        t.Note("file-2.txt edited");
        t.Ok(repo, "refresh", "-p", "patch-number-2");
        t.Ok(repo, "rename", "patch-number-3", "third");
        t.Ok(repo, "new", "fourth", "-m", "Fourth patch");
        t.Ok(repo, "version", "v2");
        t.Ok(repo, "versions");
        t.Ok(repo, "versions", "--json");
        t.Ok(repo, "range-diff", "v1", "v2");
        t.Ok(repo, "range-diff", "-s", "v1");
        t.Ok(repo, "range-diff", "v1", "v2", "--json");
        t.Ok(repo, "version", "v1", "--delete");
        t.Ok(repo, "version", "v2", "--force");
        t.Match("Versions_and_range_diff");
    }

    [Fact]
    public void Share_and_report()
    {
        using var alice = TempRepo.WithStack(2);
        using var remote = new TempDir("shared");
        using var files = new TempDir("report");
        TempRepo.GitIn(remote.Path, "init", "-q", "--bare", "-b", "main");
        alice.Git("remote", "add", "origin", remote.Path);
        alice.Git("push", "-q", "--no-verify", "origin", "main", "base");
        using var bob = TempRepo.Adopt(Path.Combine(Path.GetTempPath(), "carry-test-bob-" + Guid.NewGuid().ToString("N")[..8]));
        TempRepo.GitIn(Path.GetTempPath(), "clone", "-q", remote.Path, bob.Dir);
        var t = new Transcript().Name(alice.Dir, "<alice>").Name(bob.Dir, "<bob>").Name(remote.Path, "<remote.git>").Name(files.Path, "<files>");
        t.Ok(alice, "share", "push", "origin");
        t.Ok(alice, "share", "push", "origin");
        t.Ok(bob, "share", "pull", "origin");
        t.Ok(bob, "new", "bob-fix", "-m", "Bob's fix");
        t.Ok(bob, "share", "push", "origin");
        t.Ok(alice, "share", "pull", "origin");
        t.Ok(alice, "new", "alice-y", "-m", "Alice's change");
        t.Ok(bob, "new", "bob-z", "-m", "Bob's other change");
        t.Ok(bob, "share", "push", "origin");
        t.Fails(alice, "share", "pull", "origin");
        t.Ok(alice, "share", "pull", "origin", "--merge");
        t.Ok(alice, "report", "--html", Path.Combine(files.Path, "report.html"));
        t.Match("Share_and_report");
    }
}
