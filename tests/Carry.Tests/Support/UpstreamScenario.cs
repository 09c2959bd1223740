using Carry.Operations.Layers;

namespace Carry.Tests.Support;

/// <summary>
/// A bare "upstream" repository, a maintainer's clone that commits and pushes to it, and a
/// fork (a clone too) carrying a stack on origin/main: the setting of every sync story.
/// </summary>
public sealed class UpstreamScenario : IDisposable
{
    /// <summary>A copy of the scenario, built once per test run (<see cref="Templates"/>).</summary>
    public UpstreamScenario()
    {
        var template = Templates.Get("upstream", () => new UpstreamScenario(build: true));
        Bare = NewBare();
        Templates.CopyFolder(template.Bare, Bare);
        Maintainer = TempRepo.CopyOf(template.Maintainer, Templates.NewDir("maintainer"));
        Fork = TempRepo.CopyOf(template.Fork, Templates.NewDir("fork"));
        Maintainer.Git("remote", "set-url", "origin", Bare);
        Fork.Git("remote", "set-url", "origin", Bare);
    }

    private static string NewBare() => Path.Combine(Path.GetTempPath(), "carry-upstream-" + Guid.NewGuid().ToString("N")[..8] + ".git");

    private UpstreamScenario(bool build)
    {
        Bare = NewBare();
        TempRepo.GitIn(Path.GetTempPath(), "init", "-q", "--bare", "-b", "main", Bare);
        Maintainer = new TempRepo("maintainer");
        Maintainer.Write("README.md", "Sample project\n");
        Maintainer.Write("shared.txt", TempRepo.SharedText());
        Maintainer.Write("other.txt", TempRepo.SharedText());
        Maintainer.Commit("upstream base");
        Maintainer.Git("remote", "add", "origin", Bare);
        Maintainer.Git("push", "-q", "origin", "main");
        Fork = new TempRepo("fork", Bare);
        Fork.CarryOk("init", "--base", "origin/main");
    }

    /// <summary>The bare upstream repository.</summary>
    public string Bare { get; }

    /// <summary>Upstream's maintainer: commits here are pushed to <see cref="Bare"/>.</summary>
    public TempRepo Maintainer { get; }

    /// <summary>The fork carrying the stack.</summary>
    public TempRepo Fork { get; }

    /// <summary>Adds a patch to the fork's stack: <paramref name="edit"/> changes files, then new + refresh.</summary>
    public string AddPatch(string name, Action<TempRepo> edit)
    {
        Fork.CarryOk("new", name, "-m", $"{name}: a change carried by the fork");
        edit(Fork);
        Fork.Git("add", "-A");
        Fork.CarryOk("refresh");
        return Fork.Git("rev-parse", "HEAD");
    }

    /// <summary>Upstream commits (and pushes) whatever <paramref name="edit"/> does.</summary>
    public string Upstream(string message, Action<TempRepo> edit)
    {
        edit(Maintainer);
        var id = Maintainer.Commit(message);
        Maintainer.Git("push", "-q", "origin", "main");
        return id;
    }

    /// <summary>Upstream cherry-picks a fork commit (fetched from the fork).</summary>
    public string UpstreamCherryPick(string commit)
    {
        Maintainer.Git("fetch", "-q", Fork.Dir, "refs/heads/main");
        Maintainer.Git("cherry-pick", commit);
        Maintainer.Git("push", "-q", "origin", "main");
        return Maintainer.Git("rev-parse", "HEAD");
    }

    /// <summary>What the fork's patch 'clash' and upstream each make of line 50 of shared.txt.</summary>
    public const string ForkLine50 = "line 50, as the fork wants it", UpstreamLine50 = "line 50, as upstream rewrote it";

    /// <summary>
    /// Patches 'below', 'clash' and 'above', with upstream having rewritten the line 'clash'
    /// changes: a sync stops at 'clash'.
    /// </summary>
    public static UpstreamScenario Conflicting()
    {
        var s = new UpstreamScenario();
        s.AddPatch("below", r => r.Write("below.txt", "applies cleanly\n"));
        s.AddPatch("clash", r => EditLines(r, "shared.txt", (50, ForkLine50)));
        s.AddPatch("above", r => r.Write("above.txt", "also applies cleanly\n"));
        s.Upstream("Upstream rewrites line 50", r => EditLines(r, "shared.txt", (50, UpstreamLine50)));
        return s;
    }

    /// <summary>Replaces the conflict block in shared.txt with <paramref name="resolution"/> and stages it.</summary>
    public static void Resolve(TempRepo fork, string resolution)
    {
        var lines = fork.Read("shared.txt").Split('\n').ToList();
        var start = lines.IndexOf("<<<<<<< upstream");
        var end = lines.IndexOf(">>>>>>> clash");
        lines.RemoveRange(start, end - start + 1);
        lines.Insert(start, resolution);
        File.WriteAllText(Path.Combine(fork.Dir, "shared.txt"), string.Join('\n', lines));
        fork.Git("add", "shared.txt");
    }

    /// <summary>Changes lines of a file in some repository's working tree (1-based line numbers).</summary>
    public static void EditLines(TempRepo repo, string file, params (int Line, string Text)[] edits)
    {
        var lines = File.ReadAllLines(Path.Combine(repo.Dir, file));
        foreach (var (line, text) in edits) lines[line - 1] = text;
        File.WriteAllText(Path.Combine(repo.Dir, file), string.Join('\n', lines) + "\n");
    }

    public void Dispose()
    {
        Maintainer.Dispose();
        Fork.Dispose();
        try { Directory.Delete(Bare, true); } catch (IOException) { }
    }
}
