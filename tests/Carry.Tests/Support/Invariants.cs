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
        var fsck = TempRepo.RunGit(repo.Dir, [.. NothingToVerify(repo), "fsck", "--strict", "--no-progress"]);
        Assert.True(fsck.Exit == 0 && !fsck.Err.Contains("error"), $"git fsck: {fsck.Out}{fsck.Err}");

        var series = JsonDocument.Parse(repo.CarryOk("series", "--json").Out).RootElement;
        var baseCommit = series.GetProperty("base").GetProperty("commit").GetString()!;
        var applied = series.GetProperty("patches").EnumerateArray()
            .Where(p => p.GetProperty("state").GetString() is "applied" or "top")
            .Select(p => p.GetProperty("commit").GetString()!).ToList();

        // One rev-parse answers the whole chain: each applied patch's parent, then HEAD and its tree.
        var revs = repo.Git(["rev-parse", .. applied.Select(c => c + "^"), "HEAD", "HEAD^{tree}"]).Split('\n');
        var expectedParent = baseCommit;
        for (var i = 0; i < applied.Count; i++)
        {
            Assert.Equal(expectedParent, revs[i]);
            expectedParent = applied[i];
        }
        Assert.Equal(expectedParent, revs[applied.Count]);
        // Commit ids name their content, so the same base and patches always give the same tree: one
        // already built in this repository (before a command that 'carry undo' then took back) is not built again.
        var key = $"{repo.Dir} {baseCommit} {string.Join(' ', applied)}";
        var tree = AppliedTrees.GetOrAdd(key, _ => TreeByGitApply(repo, baseCommit, applied));
        Assert.Equal(revs[applied.Count + 1], tree);
        ChangeCacheMatchesGit(repo);
    }

    /// <summary>
    /// Every commit in carry's change cache changes what git itself says it changes against its
    /// first parent (<c>git diff-tree -r</c>, one process for them all): a sync trusts the cache
    /// instead of reading the patches' trees.
    /// </summary>
    private static void ChangeCacheMatchesGit(TempRepo repo)
    {
        var commonDir = Path.GetFullPath(Path.Combine(repo.Dir, repo.Git("rev-parse", "--git-common-dir")));
        var file = Path.Combine(commonDir, Carry.Storage.ChangeCache.FileName);
        if (!File.Exists(file)) return;
        var cached = Carry.Storage.ChangeCache.Parse(File.ReadAllBytes(file));
        Assert.True(cached is not null, "carry-changes does not parse");
        if (cached.Count == 0) return;
        var fromGit = new Dictionary<string, List<string>>();
        var tokens = repo.GitWithInput(string.Join('\n', cached.Keys.Select(c => c.Hex)) + "\n",
            "diff-tree", "--stdin", "--always", "-r", "--root", "--no-renames", "-z").Split('\0');
        List<string>? current = null;
        for (var i = 0; i < tokens.Length; i++)
        {
            if (tokens[i].StartsWith(':'))
            {
                var f = tokens[i][1..].Split(' '); // old mode, new mode, old id, new id, status
                current!.Add($"{f[0]} {f[2]} {f[1]} {f[3]} {tokens[++i]}");
            }
            else if (tokens[i].Length == 40) fromGit[tokens[i]] = current = [];
        }
        const string none = "0000000000000000000000000000000000000000";
        foreach (var (commit, changes) in cached)
        {
            var mine = changes.Select(c => $"{Mode(c.Old)} {c.Old?.Id.Hex ?? none} {Mode(c.New)} {c.New?.Id.Hex ?? none} {Carry.Git.RawPath.ToText(c.Path)}").Order(StringComparer.Ordinal);
            Assert.Equal(fromGit[commit.Hex].Order(StringComparer.Ordinal), mine);
        }
    }

    private static string Mode(Carry.Git.TreeEntry? e) => e is null ? "000000" : Convert.ToString(e.Mode, 8).PadLeft(6, '0');

    /// <summary>The trees <see cref="TreeByGitApply"/> built, by repository, base and applied patches.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> AppliedTrees = new();

    /// <summary>
    /// fsck starts 'git commit-graph verify' and 'git multi-pack-index verify' even when there is
    /// no such file (two processes that check nothing); it is told so only when there is none.
    /// </summary>
    private static string[] NothingToVerify(TempRepo repo)
    {
        var objects = Path.Combine(repo.Dir, ".git", "objects");
        // A linked worktree, or objects borrowed from elsewhere: let fsck look for itself.
        if (!Directory.Exists(objects) || File.Exists(Path.Combine(objects, "info", "alternates"))) return [];
        var graph = File.Exists(Path.Combine(objects, "info", "commit-graph")) || Directory.Exists(Path.Combine(objects, "info", "commit-graphs"));
        var midx = File.Exists(Path.Combine(objects, "pack", "multi-pack-index"));
        return [.. graph ? [] : (string[])["-c", "core.commitGraph=false"], .. midx ? [] : (string[])["-c", "core.multiPackIndex=false"]];
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
    private static string TreeByGitApply(TempRepo repo, string baseCommit, IReadOnlyList<string> patches)
    {
        var index = Path.Combine(Path.GetTempPath(), "carry-inv-" + Guid.NewGuid().ToString("N"));
        try
        {
            var env = new Dictionary<string, string> { ["GIT_INDEX_FILE"] = index };
            Run(repo, env, null, "read-tree", baseCommit);
            foreach (var diff in Diffs(repo, patches))
                if (diff.Length > 0) Run(repo, env, diff, "apply", "--cached", "--whitespace=nowarn");
            return Run(repo, env, null, "write-tree").Trim();
        }
        finally
        {
            File.Delete(index);
        }
    }

    /// <summary>
    /// Each commit's diff against its parent (binary, full ids, renames found as 'git diff' does),
    /// in order, from one 'git diff-tree --stdin', which heads each commit's diff with its id.
    /// </summary>
    private static List<string> Diffs(TempRepo repo, IReadOnlyList<string> commits)
    {
        if (commits.Count == 0) return [];
        var output = Run(repo, [], string.Join('\n', commits) + "\n", "diff-tree", "--stdin", "--always", "-p", "--binary", "--full-index", "-M");
        var diffs = new List<System.Text.StringBuilder>();
        foreach (var line in output.Split('\n')[..^1])
        {
            // A diff's own lines are never a bare commit id (each starts with a marker; base85 lines are 1+5k long).
            if (diffs.Count < commits.Count && line == commits[diffs.Count]) diffs.Add(new());
            else if (diffs.Count == 0) Assert.Fail($"git diff-tree printed '{line}' before {commits[0]}");
            else diffs[^1].Append(line).Append('\n');
        }
        Assert.Equal(commits.Count, diffs.Count);
        return diffs.ConvertAll(d => d.ToString());
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
