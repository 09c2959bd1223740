using Carry.Tests.Support;

namespace Carry.Tests.Commands;

/// <summary>
/// What 'carry import stgit' and 'carry import guilt' print, on stacks laid out by hand as the
/// tools document them (StGit 2's refs/stacks/BRANCH with stack.json, which the Debian StGit 0.19
/// does not write; guilt's series and status files). The real tools are in Stories/Migration.
/// </summary>
[Collection(FixedClockCollection.Name)]
public sealed class MigrationOutputTests
{
    [Fact]
    public void Importing_from_stgit_2_and_guilt()
    {
        using var repo = TempRepo.WithBase(3);
        var commits = repo.Git("rev-list", "--reverse", "base..main").Split('\n');
        // StGit 2: patch-number-1 and -2 applied, -3 unapplied (the branch stops at -2), a patch name StGit allows and carry does not.
        repo.Git("reset", "-q", "--hard", commits[1]);
        string Oid(int i) => "{\"oid\": \"" + commits[i] + "\"}";
        var json = "{\"version\": 5, \"prev\": null, \"head\": \"" + commits[1] + "\",\n"
            + " \"applied\": [\"first\", \"second\"], \"unapplied\": [\"third:odd\"], \"hidden\": [],\n"
            + " \"patches\": {\"first\": " + Oid(0) + ", \"second\": " + Oid(1) + ", \"third:odd\": " + Oid(2) + "}}\n";
        var blob = repo.GitWithInput(json, "hash-object", "-w", "--stdin");
        var tree = repo.GitWithInput($"100644 blob {blob}\tstack.json\n", "mktree");
        repo.Git("update-ref", "refs/stacks/main", repo.GitWithInput("stack\n", "commit-tree", tree));
        repo.Git("switch", "-q", "-c", "carried", "base");
        var t = new Transcript().Name(repo.Dir, "<repo>");
        t.Ok(repo, "init", "--base", "base");
        t.Fails(repo, "import", "stgit", "nowhere");
        t.Ok(repo, "import", "stgit", "main");
        t.Ok(repo, "series");
        t.Ok(repo, "undo");
        t.Ok(repo, "import", "stgit", "main", "--json");
        Assert.Equal(repo.Git("diff", $"{commits[2]}^", commits[2]), repo.Git("diff", "carried", commits[2]));

        // guilt: .git/patches/BRANCH/series (guards after '#') and status; g1 applied on 'main', g2 only a file.
        repo.Git("switch", "-q", "main");
        repo.Git("reset", "-q", "--hard", commits[0]);
        var folder = Path.Combine(repo.Dir, ".git", "patches", "main");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "series"), "# a comment\ng1\ng2 #+linux #-stable\n");
        File.WriteAllText(Path.Combine(folder, "status"), "g1\n");
        File.WriteAllText(Path.Combine(folder, "g1"), "Patch number 1\n");
        File.WriteAllText(Path.Combine(folder, "g2"), repo.Git("format-patch", "--stdout", "-1", commits[1]) + "\n");
        repo.Git("switch", "-q", "-c", "from-guilt", "base");
        t.Ok(repo, "init", "--base", "base");
        t.Ok(repo, "import", "guilt", "main");
        t.Ok(repo, "series");
        t.Ok(repo, "undo");
        t.Ok(repo, "import", "guilt", "main", "--json");
        t.Match("Importing_from_stgit_2_and_guilt");
    }

    [Fact]
    public void Importing_from_topgit_and_git_series()
    {
        using var repo = TempRepo.WithBase(0);
        // TopGit's layout (the real tool is in Stories/Migration): t/b depends on t/a, each branch with .topdeps and .topmsg, bases in refs/top-bases/.
        var @base = repo.Git("rev-parse", "base");
        repo.Git("switch", "-q", "-c", "t/a", "base");
        repo.Write(".topdeps", "main\n");
        repo.Write(".topmsg", "From: Topic Author <topic@example.org>\nSubject: [PATCH] Add a\n\nThe a file.\n");
        repo.Write("a.txt", "a\n");
        repo.Commit("t/a");
        repo.Git("update-ref", "refs/top-bases/t/a", @base);
        repo.Git("switch", "-q", "-c", "t/b");
        repo.Git("update-ref", "refs/top-bases/t/b", "t/a");
        repo.Write(".topdeps", "t/a\n");
        repo.Write(".topmsg", "Subject: [PATCH] Change a\n");
        repo.Write("a.txt", "a\nb\n");
        repo.Commit("t/b");
        repo.Git("switch", "-q", "-c", "carried", "base");
        var t = new Transcript().Name(repo.Dir, "<repo>");
        t.Ok(repo, "init", "--base", "base");
        t.Ok(repo, "import", "topgit");
        t.Ok(repo, "series");
        t.Ok(repo, "undo");
        t.Ok(repo, "import", "topgit", "--json");
        t.Ok(repo, "undo");

        // git-series' layout: a series commit with gitlinks 'series' and 'base'; its parents the previous one, then the gitlinks.
        var first = repo.Git("rev-parse", "t/a");
        string SeriesCommit(string top, string? previous)
        {
            var tree = repo.GitWithInput($"160000 commit {@base}\tbase\n160000 commit {top}\tseries\n", "mktree");
            return repo.Git(["commit-tree", tree, .. previous is null ? Array.Empty<string>() : ["-p", previous], "-p", top, "-p", @base, "-m", "version"]);
        }
        repo.Git("update-ref", "refs/heads/git-series/topics", SeriesCommit(repo.Git("rev-parse", "t/b"), SeriesCommit(first, null)));
        t.Fails(repo, "import", "git-series", "nope");
        t.Ok(repo, "import", "git-series", "topics");
        t.Ok(repo, "versions");
        t.Ok(repo, "undo");
        t.Ok(repo, "import", "git-series", "topics", "--json");
        t.Match("Importing_from_topgit_and_git_series");
    }
}
