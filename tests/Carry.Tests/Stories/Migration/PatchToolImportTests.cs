using System.Diagnostics;
using System.Text.Json;
using Carry.Tests.Support;

namespace Carry.Tests.Stories.Migration;

/// <summary>
/// A stack made with the real tool (StGit, guilt, as Debian ships them), imported: every patch
/// keeps its name, state, message, author and change, and pushing everything gives the tree
/// the tool itself gives.
/// </summary>
[Trait(CarryProcess.Trait, "story")]
[Trait("Speed", "Slow")] // real external tools (StGit, guilt, TopGit, man/groff) or deliberate waits: in the full suite, not the fast subset
public sealed class PatchToolImportTests(PatchToolImportTests.StGitTemplate stgit) : IClassFixture<PatchToolImportTests.StGitTemplate>
{
    /// <summary>The StGit stack of <see cref="StGitStack"/>, made once (StGit starts slowly); each test takes a copy.</summary>
    public sealed class StGitTemplate : IDisposable
    {
        private readonly Lazy<TempRepo> _repo = new(() =>
        {
            var repo = TempRepo.WithBase(0);
            StGitStack(repo);
            return repo;
        });

        public TempRepo Copy() => TempRepo.CopyOf(_repo.Value);

        public void Dispose()
        {
            if (_repo.IsValueCreated) _repo.Value.Dispose();
        }
    }

    [SkippableFact]
    public void A_stgit_stack_comes_over_whole()
    {
        RequireTool("stg");
        using var repo = stgit.Copy();
        repo.Git("switch", "-q", "-c", "carried", "base");
        repo.CarryOk("init", "--base", "base");
        var run = repo.CarryOk("import", "stgit", "main");
        Assert.Contains("Imported 4 patches from stgit", run.Out);
        var series = Series(repo);
        Assert.Equal(["p1:applied", "p2:top", "p3:unapplied", "hidden-one:unapplied:hidden"], series.Select(p => $"{p.Name}:{p.State}{(p.Hidden ? ":hidden" : "")}"));
        foreach (var p in series)
            SamePatch(repo, p.Commit, repo.Git("rev-parse", $"refs/patches/main/{p.Name}"));
        Invariants.Check(repo);

        // Everything unhidden and pushed gives the tree StGit gives the same way.
        repo.CarryOk("unhide", "hidden-one");
        repo.CarryOk("push", "-a");
        repo.Git("switch", "-q", "main");
        Tool(repo.Dir, "stg", "unhide", "hidden-one");
        Tool(repo.Dir, "stg", "push", "-a");
        Assert.Equal(repo.Git("rev-parse", "main^{tree}"), repo.Git("rev-parse", "carried^{tree}"));
    }

    [SkippableFact]
    public void On_stgits_own_branch_the_adopted_commits_are_renamed_not_copied()
    {
        RequireTool("stg");
        using var repo = stgit.Copy();
        var head = repo.Git("rev-parse", "HEAD");
        repo.CarryOk("init", "--base", "base");
        var run = repo.CarryOk("import", "stgit");
        Assert.Contains("already on the branch as 'first-patch': renamed", run.Out);
        Assert.Equal(head, repo.Git("rev-parse", "HEAD"));
        Assert.Equal(["p1:applied", "p2:top", "p3:unapplied", "hidden-one:unapplied:hidden"], Series(repo).Select(p => $"{p.Name}:{p.State}{(p.Hidden ? ":hidden" : "")}"));
    }

    [SkippableFact]
    public void A_guilt_series_comes_over_with_its_guards()
    {
        RequireTool("guilt");
        using var repo = TempRepo.WithBase(0);
        Tool(repo.Dir, "guilt", "init");
        NewPatch(repo, "guilt", "g1", "First patch\n\nWith a body.", "file-a.txt", "a\n", add: true);
        NewPatch(repo, "guilt", "g2", "Second patch", "README.md", "Sample project, changed\n", add: false);
        NewPatch(repo, "guilt", "g3", "Third patch", "file-a.txt", "a\nmore a\n", add: false);
        Tool(repo.Dir, "guilt", "pop");
        Tool(repo.Dir, "guilt", "guard", "g2", "+x86");
        var guiltBranch = repo.Git("branch", "--show-current");

        repo.Git("switch", "-q", "-c", "carried", "base");
        repo.CarryOk("init", "--base", "base");
        Assert.Contains("Imported 3 patches from guilt", repo.CarryOk("import", "guilt", guiltBranch).Out);
        var series = Series(repo);
        Assert.Equal(["g1:applied", "g2:top", "g3:unapplied"], series.Select(p => $"{p.Name}:{p.State}{(p.Hidden ? ":hidden" : "")}"));
        Assert.Equal(["+x86"], series[1].Guards);
        var applied = repo.Git("rev-list", "--reverse", $"base..{guiltBranch}").Split('\n');
        SamePatch(repo, series[0].Commit, applied[0]);
        SamePatch(repo, series[1].Commit, applied[1]);
        Invariants.Check(repo);

        // g3 was only a file: pushed by guilt and by carry, the trees agree and so do the messages.
        repo.CarryOk("select", "x86");
        repo.CarryOk("push", "-a");
        repo.Git("switch", "-q", guiltBranch);
        Tool(repo.Dir, "guilt", "select", "x86"); // guilt 0.36 counts a guarded-off patch wrongly in 'push -a' otherwise
        Tool(repo.Dir, "guilt", "push", "-a");
        Assert.Equal(repo.Git("rev-parse", $"{guiltBranch}^{{tree}}"), repo.Git("rev-parse", "carried^{tree}"));
        Assert.Equal(repo.Git("log", "-1", "--format=%B", guiltBranch), repo.Git("log", "-1", "--format=%B", "carried"));
    }

    /// <summary>p1, p2 applied; p3 unapplied; a fourth hidden (StGit's name for "kept aside").</summary>
    private static void StGitStack(TempRepo repo)
    {
        Tool(repo.Dir, "stg", "init");
        NewPatch(repo, "stg", "p1", "First patch\n\nBody of the first.", "file-a.txt", "a\n", add: true);
        NewPatch(repo, "stg", "p2", "Second patch", "README.md", "Sample project, changed\n", add: false);
        NewPatch(repo, "stg", "p3", "Third patch", "file-a.txt", "a\nmore a\n", add: false);
        NewPatch(repo, "stg", "hidden-one", "Kept aside", "file-b.txt", "b\n", add: true);
        Tool(repo.Dir, "stg", "pop", "-n", "2");
        Tool(repo.Dir, "stg", "hide", "hidden-one");
    }

    private static void NewPatch(TempRepo repo, string tool, string name, string message, string file, string content, bool add)
    {
        Tool(repo.Dir, tool, "new", "-m", message, name);
        repo.Write(file, content);
        if (add) repo.Git("add", file);
        Tool(repo.Dir, tool, "refresh");
    }

    /// <summary>Same change, message and author (the committer and parent may differ).</summary>
    private static void SamePatch(TempRepo repo, string carry, string tool)
    {
        Assert.Equal(repo.Git("diff", $"{tool}^", tool), repo.Git("diff", $"{carry}^", carry));
        Assert.Equal(repo.Git("log", "-1", "--format=%B%n%an <%ae> %ad", tool), repo.Git("log", "-1", "--format=%B%n%an <%ae> %ad", carry));
    }

    internal sealed record SeriesPatch(string Name, string State, string Commit, string[] Guards, bool Hidden);

    /// <summary>The patches as 'series --json' lists them, hidden ones too ('--all').</summary>

    internal static List<SeriesPatch> Series(TempRepo repo)
    {
        using var doc = JsonDocument.Parse(repo.CarryOk("series", "--all", "--json").Out);
        return doc.RootElement.GetProperty("patches").EnumerateArray().Select(p => new SeriesPatch(
            p.GetProperty("name").GetString()!, p.GetProperty("state").GetString()!, p.GetProperty("commit").GetString()!,
            p.GetProperty("guards").EnumerateArray().Select(g => g.GetString()!).ToArray(),
            p.TryGetProperty("hidden", out var h) && h.GetBoolean())).ToList();
    }

    internal static void RequireTool(string tool) =>
        Skip.IfNot(Environment.GetEnvironmentVariable("PATH")!.Split(Path.PathSeparator).Any(d => File.Exists(Path.Combine(d, tool))),
            $"{tool} is not installed (Debian: apt-get install {(tool == "stg" ? "stgit" : tool)})");

    /// <summary>Runs the real tool; throws with its output when it fails.</summary>
    internal static string Tool(string dir, string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["EDITOR"] = "true";
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{tool} {string.Join(' ', args)} failed ({p.ExitCode}): {output}{err.Result}");
        return output;
    }
}
