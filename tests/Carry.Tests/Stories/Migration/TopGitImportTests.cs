using Carry.Tests.Support;
using static Carry.Tests.Stories.Migration.PatchToolImportTests;

namespace Carry.Tests.Stories.Migration;

/// <summary>
/// Topics made with the real TopGit (0.8, as Debian ships it), with a diamond of dependencies,
/// imported: the patches come in the order 'tg export --linearize' gives, each with the change,
/// message and author of TopGit's own linearised commit, and the same tree at every step.
/// </summary>
[Trait(CarryProcess.Trait, "story")]
[Trait("Speed", "Slow")] // real external tools (StGit, guilt, TopGit, man/groff) or deliberate waits: in the full suite, not the fast subset
public sealed class TopGitImportTests
{
    [SkippableFact]
    public void Topgit_topics_come_over_in_dependency_order()
    {
        RequireTool("tg");
        using var repo = TempRepo.WithBase(0);
        // t/a on main; t/b and t/c on t/a; t/d on both (the diamond); t/e alone on main.
        Topic(repo, "t/a", ["main"], "From: Topic Author <topic@example.org>\nSubject: [PATCH] Add the a file\n\nWhy a is needed.\n", "a.txt", "a\n");
        Topic(repo, "t/b", ["t/a"], "From: Ada Tester <ada@example.com>\nSubject: [PATCH] Change a in b\n", "a.txt", "a\nb\n");
        Topic(repo, "t/c", ["t/a"], "From: Ada Tester <ada@example.com>\nSubject: [PATCH] Add c\n\nBody of c.\n", "c.txt", "c\n");
        Topic(repo, "t/d", ["t/b", "t/c"], "From: Ada Tester <ada@example.com>\nSubject: [PATCH] Use b and c\n", "c.txt", "c\nd\n");
        Topic(repo, "t/e", ["main"], "From: Ada Tester <ada@example.com>\nSubject: [PATCH] Unrelated e\n", "README.md", "Sample project, e\n");
        // TopGit's own views: its quilt export of t/d (order and patches), and its linear export of the
        // chain t/a, t/b (TopGit 0.8's --linearize visits a diamond's shared dependency twice and stops).
        var quilt = Path.Combine(repo.Dir, ".git", "tg-quilt");
        repo.Git("switch", "-q", "t/d");
        Tool(repo.Dir, "tg", "export", "--quilt", quilt);
        repo.Git("switch", "-q", "t/b");
        Tool(repo.Dir, "tg", "export", "--linearize", "linear-b");

        repo.Git("switch", "-q", "-c", "carried", "main");
        repo.CarryOk("init", "--base", "main");
        var run = repo.CarryOk("import", "topgit");
        Assert.Contains("Imported 5 patches from topgit", run.Out);
        Assert.Contains("note: TopGit topics in dependency order: t/a, t/b, t/c, t/d, t/e", run.Out);
        var series = PatchToolImportTests.Series(repo);
        // Names pass carry's rules: TopGit's slash is not allowed, and the import says so.
        Assert.Equal(["t-a", "t-b", "t-c", "t-d", "t-e"], series.Select(p => p.Name));
        Assert.Contains("t-a: named 't-a' ('t/a' is not a valid patch name)", run.Out);

        // Patch by patch against TopGit: its quilt export's order and diffs, its linear commits' trees, messages and authors.
        var order = File.ReadAllLines(Path.Combine(quilt, "series")).Select(l => l.Split(' ')[0]).ToList();
        Assert.Equal(["t/a.diff", "t/b.diff", "t/c.diff", "t/d.diff"], order);
        for (var i = 0; i < order.Count; i++)
        {
            var exported = File.ReadAllText(Path.Combine(quilt, order[i]));
            var diff = exported[exported.IndexOf("diff --git", StringComparison.Ordinal)..exported.LastIndexOf("\n-- \n", StringComparison.Ordinal)];
            Assert.Equal(diff.TrimEnd('\n'), repo.Git("diff", $"{series[i].Commit}^", series[i].Commit));
            Assert.StartsWith($"Subject: [PATCH] {repo.Git("log", "-1", "--format=%s", series[i].Commit)}\n", exported[exported.IndexOf("Subject:", StringComparison.Ordinal)..]);
        }
        var linear = repo.Git("rev-list", "--reverse", "main..linear-b").Split('\n');
        Assert.Equal(2, linear.Length);
        for (var i = 0; i < linear.Length; i++)
        {
            Assert.Equal(repo.Git("rev-parse", $"{linear[i]}^{{tree}}"), repo.Git("rev-parse", $"{series[i].Commit}^{{tree}}"));
            Assert.Equal(repo.Git("log", "-1", "--format=%B%n%an <%ae>", linear[i]), repo.Git("log", "-1", "--format=%B%n%an <%ae>", series[i].Commit));
        }
        // The diamond's top holds every topic it depends on: its tree is t/d's without TopGit's files.
        Assert.Equal(Files(repo, "t/d"), Files(repo, series[3].Commit));
        Assert.Equal("Add the a file\n\nWhy a is needed.", repo.Git("log", "-1", "--format=%B", series[0].Commit));
        Assert.Equal("Topic Author <topic@example.org>", repo.Git("log", "-1", "--format=%an <%ae>", series[0].Commit));
        // t/e sits on top, alone: its change is only its own.
        Assert.Equal("README.md", repo.Git("diff", "--name-only", $"{series[4].Commit}^", series[4].Commit));
        Assert.Equal("", repo.Git("ls-tree", "--name-only", "HEAD", ".topdeps", ".topmsg"));
        Invariants.Check(repo);

        // One recorded command: undo takes every topic back out.
        repo.CarryOk("undo");
        Assert.Empty(PatchToolImportTests.Series(repo));
        Assert.Equal(repo.Git("rev-parse", "main"), repo.Git("rev-parse", "HEAD"));

        // One topic and what it depends on, with the bases where later TopGit keeps them (refs/heads/{top-bases}/).
        foreach (var topic in new[] { "t/a", "t/b", "t/c", "t/d", "t/e" })
        {
            repo.Git("update-ref", $"refs/heads/{{top-bases}}/{topic}", $"refs/top-bases/{topic}");
            repo.Git("update-ref", "-d", $"refs/top-bases/{topic}");
        }
        Assert.Contains("Imported 2 patches from topgit", repo.CarryOk("import", "topgit", "t/c").Out);
        Assert.Equal(["t-a", "t-c"], PatchToolImportTests.Series(repo).Select(p => p.Name));
    }

    [SkippableFact]
    public void A_dependency_loop_or_a_missing_topic_is_refused()
    {
        RequireTool("tg");
        using var repo = TempRepo.WithBase(0);
        Topic(repo, "t/x", ["main"], "Subject: [PATCH] x\n", "x.txt", "x\n");
        Topic(repo, "t/y", ["t/x"], "Subject: [PATCH] y\n", "y.txt", "y\n");
        // A loop TopGit itself would refuse to make: t/x now lists t/y too.
        repo.Git("switch", "-q", "t/x");
        File.AppendAllText(Path.Combine(repo.Dir, ".topdeps"), "t/y\n");
        repo.Git("commit", "-q", "-am", "loop");
        repo.Git("switch", "-q", "-c", "carried", "main");
        repo.CarryOk("init", "--base", "main");
        var head = repo.Git("rev-parse", "HEAD");
        Assert.Contains("error: TopGit topic 't/x' depends on itself (through .topdeps)", repo.CarryFails("import", "topgit").Err);
        Assert.Contains("error: 't/z' is not a TopGit topic", repo.CarryFails("import", "topgit", "t/z").Err);
        Assert.Equal(head, repo.Git("rev-parse", "HEAD"));
        Assert.Empty(PatchToolImportTests.Series(repo));
    }

    private static string Files(TempRepo repo, string commit) =>
        string.Join('\n', repo.Git("ls-tree", "-r", commit).Split('\n').Where(l => !l.EndsWith("\t.topdeps") && !l.EndsWith("\t.topmsg")));

    /// <summary>'tg create' on its dependencies, then the topic's message and one file written and committed.</summary>
    private static void Topic(TempRepo repo, string name, string[] deps, string topmsg, string file, string content)
    {
        repo.Git("switch", "-q", deps[0] == "main" ? "main" : deps[0]);
        Tool(repo.Dir, "tg", ["create", name, .. deps]);
        File.WriteAllText(Path.Combine(repo.Dir, ".topmsg"), topmsg);
        repo.Git("add", ".topmsg", ".topdeps");
        repo.Git("commit", "-q", "-m", $"{name}: set up");
        repo.Write(file, content);
        repo.Git("add", file);
        repo.Git("commit", "-q", "-m", $"{name}: the change");
    }
}
