using System.Text.Json;

namespace Carry.Tests.Support;

/// <summary>What must hold after every carry command, checked with the real git CLI.</summary>
public static class Invariants
{
    /// <summary>
    /// git fsck is clean; the stack's applied patches form a chain from the base to the branch
    /// head; and the head's tree equals the base with each applied patch's diff applied in
    /// order by git itself (git apply, independent of carry's replay).
    /// </summary>
    public static void Check(TempRepo repo)
    {
        var fsck = TempRepo.RunGit(repo.Dir, "fsck", "--strict", "--no-progress");
        Assert.True(fsck.Exit == 0 && !fsck.Err.Contains("error"), $"git fsck: {fsck.Out}{fsck.Err}");

        var series = JsonDocument.Parse(repo.CarryOk("series", "--json").Out).RootElement;
        var baseCommit = series.GetProperty("base").GetProperty("commit").GetString()!;
        var applied = series.GetProperty("patches").EnumerateArray()
            .Where(p => p.GetProperty("state").GetString() is "applied" or "top")
            .Select(p => p.GetProperty("commit").GetString()!).ToList();

        var expectedParent = baseCommit;
        foreach (var commit in applied)
        {
            Assert.Equal(expectedParent, repo.Git("rev-parse", commit + "^"));
            expectedParent = commit;
        }
        Assert.Equal(expectedParent, repo.Git("rev-parse", "HEAD"));
        Assert.Equal(repo.Git("rev-parse", "HEAD^{tree}"), TreeByGitApply(repo, baseCommit, applied));
    }

    /// <summary>
    /// Every patch of the stack (applied or not) by name, with the patch-id of its change
    /// (git patch-id --stable): equal ids mean the same change, wherever it was rebased.
    /// </summary>
    public static Dictionary<string, string> PatchIds(TempRepo repo)
    {
        var series = JsonDocument.Parse(repo.CarryOk("series", "--json").Out).RootElement;
        var ids = new Dictionary<string, string>();
        foreach (var p in series.GetProperty("patches").EnumerateArray())
        {
            var commit = p.GetProperty("commit").GetString()!;
            var diff = repo.Git("diff", "--binary", "--full-index", commit + "^", commit);
            var id = diff.Length == 0 ? "empty" : Run(repo, [], diff + "\n", "patch-id", "--stable").Split(' ')[0];
            ids[p.GetProperty("name").GetString()!] = id;
        }
        return ids;
    }

    /// <summary>Base + each patch's diff, applied by git apply in a throw-away index.</summary>
    private static string TreeByGitApply(TempRepo repo, string baseCommit, IEnumerable<string> patches)
    {
        var index = Path.Combine(Path.GetTempPath(), "carry-inv-" + Guid.NewGuid().ToString("N"));
        try
        {
            var env = new Dictionary<string, string> { ["GIT_INDEX_FILE"] = index };
            Run(repo, env, null, "read-tree", baseCommit);
            foreach (var p in patches)
            {
                var diff = repo.Git("diff", "--binary", "--full-index", p + "^", p);
                if (diff.Length > 0) Run(repo, env, diff + "\n", "apply", "--cached", "--whitespace=nowarn");
            }
            return Run(repo, env, null, "write-tree").Trim();
        }
        finally
        {
            File.Delete(index);
        }
    }

    private static string Run(TempRepo repo, Dictionary<string, string> env, string? stdin, params string[] args)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("git")
        {
            WorkingDirectory = repo.Dir, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = System.Diagnostics.Process.Start(psi)!;
        if (stdin is not null) p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"git {string.Join(' ', args)}: {err.Result}");
        return output;
    }

    /// <summary>
    /// Runs a carry command, checks the invariants, then checks that 'carry undo' brings back
    /// exactly the refs, index and working tree from before it (and that redo returns).
    /// </summary>
    public static CarryRun RunAndCheckUndo(TempRepo repo, params string[] args)
    {
        var before = Snapshot.Take(repo);
        var run = repo.CarryOk(args);
        Check(repo);
        var after = Snapshot.Take(repo);
        if (after == before) return run; // nothing changed, nothing to undo
        repo.CarryOk("undo");
        Assert.Equal(before, Snapshot.Take(repo));
        Check(repo);
        repo.CarryOk("redo");
        Assert.Equal(after, Snapshot.Take(repo));
        return run;
    }
}
