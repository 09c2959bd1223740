using System.Text;
using Carry.Git;
using Carry.Tests.Support;

namespace Carry.Tests.Engine.Git;

/// <summary>
/// The in-process ref transaction against git's own: two copies of one repository get the same
/// updates, one from <see cref="LooseRefTransaction"/>, one from <c>git update-ref --stdin</c>,
/// and every file git keeps refs in (loose refs, packed-refs, reflogs, HEAD's reflog, a linked
/// worktree's) must come out byte for byte the same. The fixed clock gives both one date.
/// </summary>
[Collection(FixedClockCollection.Name)]
public sealed class LooseRefTransactionTests
{
    private const string Message = "  carry:  sync \t--onto\nupstream  ";

    [Fact]
    public void Updates_and_creations_write_what_git_update_ref_writes()
    {
        var (mine, theirs) = Twins();
        using (mine) using (theirs)
        {
            var updates = Updates(mine, u => [
                new RefUpdate("refs/heads/main", u("HEAD"), u("HEAD~1")),
                new RefUpdate("refs/carry/main", null, u("HEAD")),
                new RefUpdate("refs/heads/topic/one", null, u("HEAD~2")),
            ]);

            Assert.Equal(LooseRefTransaction.Outcome.Committed, InProcess(mine, updates, out var error));
            Assert.Equal("", error);
            Assert.Equal(0, ByGit(theirs, updates).Exit);

            AssertSameRefFiles(theirs, mine);
            Assert.Contains("\tcarry: sync --onto upstream\n", File.ReadAllText(Path.Combine(mine.Dir, ".git", "logs", "HEAD")));
            mine.Git("fsck", "--no-progress");
        }
    }

    [Theory]
    [InlineData("packed")]      // the old value is read from packed-refs; a loose file now overrides it
    [InlineData("unchanged")]   // a ref already at its new value: no reflog line, but HEAD's gets one
    [InlineData("detached")]    // HEAD points at no branch: its reflog is left alone
    public void Special_cases_come_out_as_git_leaves_them(string kind)
    {
        var (mine, theirs) = Twins(repo =>
        {
            if (kind == "packed") repo.Git("pack-refs", "--all");
            if (kind == "detached") repo.Git("checkout", "-q", "--detach");
        });
        using (mine) using (theirs)
        {
            var updates = Updates(mine, u => [
                new RefUpdate("refs/heads/main", u("main"), kind == "unchanged" ? u("main") : u("main~1")),
                new RefUpdate("refs/carry/main", null, u("main~2")),
            ]);

            Assert.Equal(LooseRefTransaction.Outcome.Committed, InProcess(mine, updates, out _));
            Assert.Equal(0, ByGit(theirs, updates).Exit);

            AssertSameRefFiles(theirs, mine);
        }
    }

    [Fact]
    public void From_a_linked_worktree_its_own_HEAD_reflog_gets_the_entry()
    {
        var (mine, theirs) = Twins(repo => repo.Git("worktree", "add", "-q", "-b", "side", Path.Combine(".wt", "side"), "main~1"));
        using (mine) using (theirs)
        {
            var updates = Updates(mine, u => [new RefUpdate("refs/heads/side", u("side"), u("main"))]);

            Assert.Equal(LooseRefTransaction.Outcome.Committed, InProcess(mine, updates, out _, Path.Combine(".wt", "side")));
            Assert.Equal(0, ByGit(theirs, updates, Path.Combine(".wt", "side")).Exit);

            AssertSameRefFiles(theirs, mine);
            Assert.True(File.Exists(Path.Combine(mine.Dir, ".git", "worktrees", "side", "logs", "HEAD")));
        }
    }

    [Fact]
    public void A_ref_that_moved_is_refused_and_nothing_changes_as_with_git()
    {
        var (mine, theirs) = Twins();
        using (mine) using (theirs)
        {
            var updates = Updates(mine, u => [
                new RefUpdate("refs/carry/main", null, u("HEAD")),
                new RefUpdate("refs/heads/main", u("HEAD~1"), u("HEAD~2")), // main is at HEAD, not HEAD~1
            ]);
            var before = RefFiles(mine);

            Assert.Equal(LooseRefTransaction.Outcome.Refused, InProcess(mine, updates, out var error));
            Assert.Contains("refs/heads/main", error);
            Assert.NotEqual(0, ByGit(theirs, updates).Exit);

            Assert.Equal(before, RefFiles(mine));
            AssertSameRefFiles(theirs, mine);
        }
    }

    [Theory]
    [InlineData("2024-01-01T00:00:00Z")]
    [InlineData("2024-06-30 23:59:59 +02:00")]
    [InlineData("2024-02-29T12:30:00.019-0730")]
    [InlineData("2025-12-31T23:59:59+14:00")]
    [InlineData("2024-01-01 00:00:00 Z")]
    public void A_committer_date_in_iso_8601_is_recorded_as_git_records_it(string date)
    {
        var (mine, theirs) = Twins();
        using (mine) using (theirs)
        {
            var updates = Updates(mine, u => [new RefUpdate("refs/heads/main", u("HEAD"), u("HEAD~1"))]);
            var fixedDate = Environment.GetEnvironmentVariable("GIT_COMMITTER_DATE");
            Environment.SetEnvironmentVariable("GIT_COMMITTER_DATE", date);
            try
            {
                Assert.Equal(LooseRefTransaction.Outcome.Committed, InProcess(mine, updates, out _));
                Assert.Equal(0, ByGit(theirs, updates).Exit);
            }
            finally { Environment.SetEnvironmentVariable("GIT_COMMITTER_DATE", fixedDate); }
            AssertSameRefFiles(theirs, mine);
        }
    }

    [Theory]
    [InlineData("2024-01-01T00:00:00")]        // no zone: git's local time
    [InlineData("2024-02-30T00:00:00Z")]       // no such day
    [InlineData("2024-01-01T24:00:00Z")]
    [InlineData("1969-12-31T23:59:59Z")]
    [InlineData("Mon, 1 Jan 2024 00:00:00 +0000")]
    [InlineData("yesterday")]
    public void Other_committer_dates_are_left_to_git(string date)
    {
        var fixedDate = Environment.GetEnvironmentVariable("GIT_COMMITTER_DATE");
        Environment.SetEnvironmentVariable("GIT_COMMITTER_DATE", date);
        try { Assert.Null(Identity.ReflogCommitter(_ => "Ada")); }
        finally { Environment.SetEnvironmentVariable("GIT_COMMITTER_DATE", fixedDate); }
    }

    [Theory]
    [InlineData("hook")]          // git runs the reference-transaction hook
    [InlineData("hooks path")]    // hooks elsewhere: git knows where
    [InlineData("held lock")]     // another program is updating the ref: git waits for it
    [InlineData("deletion")]      // deleting rewrites packed-refs
    [InlineData("tag")]           // not one of carry's refs
    [InlineData("packed clash")]  // refs/carry/main/x while refs/carry/main is packed
    [InlineData("symbolic ref")]  // the update would go through to its target
    [InlineData("crud identity")] // git would strip the name's trailing '.'
    [InlineData("logs folder")]   // a folder where the reflog must go: git says "there are still logs under"
    public void What_it_does_not_reproduce_is_left_to_git_untouched(string kind)
    {
        using var repo = TempRepo.WithBase(2);
        var head = new Oid(repo.Git("rev-parse", "HEAD"));
        var previous = new Oid(repo.Git("rev-parse", "HEAD~1"));
        var name = "refs/heads/main";
        Oid? old = head, value = previous;
        switch (kind)
        {
            case "hook": repo.Write(".git/hooks/reference-transaction", "#!/bin/sh\nexit 0\n"); break;
            case "hooks path": repo.Git("config", "core.hooksPath", "elsewhere"); break;
            case "held lock": repo.Write(".git/refs/heads/main.lock", ""); break;
            case "deletion": value = null; break;
            case "tag": (name, old) = ("refs/tags/v1", null); break;
            case "packed clash":
                repo.Git("update-ref", "refs/carry/main", head.Hex);
                repo.Git("pack-refs", "--all");
                (name, old) = ("refs/carry/main/x", null);
                break;
            case "logs folder":
                File.Delete(Path.Combine(repo.Dir, ".git", "logs", "refs", "heads", "main"));
                repo.Write(".git/logs/refs/heads/main/old", "");
                break;
            case "symbolic ref":
                repo.Git("symbolic-ref", "refs/heads/link", "refs/heads/main");
                name = "refs/heads/link";
                break;
        }
        var before = RefFiles(repo);
        var committerName = Environment.GetEnvironmentVariable("GIT_COMMITTER_NAME");
        if (kind == "crud identity") Environment.SetEnvironmentVariable("GIT_COMMITTER_NAME", "Ada Tester.");
        try
        {
            Assert.Equal(LooseRefTransaction.Outcome.UseGit, InProcess(repo, [new RefUpdate(name, old, value)], out _));
        }
        finally { Environment.SetEnvironmentVariable("GIT_COMMITTER_NAME", committerName); }

        Assert.Equal(before, RefFiles(repo));
    }

    [Fact]
    public void When_git_must_do_it_git_does_it()
    {
        using var repo = TempRepo.WithBase(2);
        repo.Write(".git/hooks/reference-transaction", "#!/bin/sh\necho \"$1\" >> hook-ran\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(repo.Dir, ".git", "hooks", "reference-transaction"), (UnixFileMode)0b111_101_101);
        var head = new Oid(repo.Git("rev-parse", "HEAD"));
        var previous = new Oid(repo.Git("rev-parse", "HEAD~1"));

        using (var carryRepo = CarryRepository.Open(repo.Dir))
            Assert.True(carryRepo.TryUpdateRefs([new RefUpdate("refs/heads/main", head, previous)], "carry: test"));

        Assert.Equal(previous.Hex, repo.Git("rev-parse", "refs/heads/main"));
        Assert.Contains("committed", repo.Read("hook-ran"));
    }

    private static (TempRepo Mine, TempRepo Theirs) Twins(Action<TempRepo>? setup = null)
    {
        var (mine, theirs) = (TempRepo.WithBase(2), TempRepo.WithBase(2));
        setup?.Invoke(mine);
        setup?.Invoke(theirs);
        return (mine, theirs);
    }

    private static RefUpdate[] Updates(TempRepo repo, Func<Func<string, Oid>, RefUpdate[]> make) =>
        make(rev => new Oid(repo.Git("rev-parse", rev)));

    private static LooseRefTransaction.Outcome InProcess(TempRepo repo, RefUpdate[] updates, out string error, string from = ".")
    {
        using var carryRepo = CarryRepository.Open(Path.Combine(repo.Dir, from));
        return LooseRefTransaction.TryCommit(carryRepo, updates, Message, out error);
    }

    private static (int Exit, string Err) ByGit(TempRepo repo, RefUpdate[] updates, string from = ".")
    {
        var script = new StringBuilder();
        foreach (var u in updates) script.Append($"update {u.Name} {u.New!.Value.Hex} {u.Old?.Hex ?? new string('0', 40)}\n");
        var (exit, _, err) = TempRepo.RunGit(Path.Combine(repo.Dir, from), script.ToString(), ["update-ref", "--create-reflog", "-m", Message, "--stdin"]);
        return (exit, err);
    }

    /// <summary>Every file of .git that holds refs or reflogs (objects, index and config aside; a worktree's absolute path aside), with its content.</summary>
    private static SortedDictionary<string, string> RefFiles(TempRepo repo)
    {
        var git = Path.Combine(repo.Dir, ".git");
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(git, "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(git, file).Replace('\\', '/');
            if (rel.StartsWith("objects/", StringComparison.Ordinal) || rel.StartsWith("hooks/", StringComparison.Ordinal)
                || rel is "index" or "config" or "description" || rel.EndsWith("/gitdir", StringComparison.Ordinal) || rel.EndsWith("/index", StringComparison.Ordinal))
                continue;
            files[rel] = File.ReadAllText(file);
        }
        return files;
    }

    private static void AssertSameRefFiles(TempRepo expected, TempRepo actual)
    {
        var (want, got) = (RefFiles(expected), RefFiles(actual));
        Assert.Equal(want.Keys, got.Keys);
        foreach (var (file, content) in want) Assert.True(content == got[file], $"{file} differs:\n--- git\n{content}--- carry\n{got[file]}");
    }
}
