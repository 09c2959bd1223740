using Carry.Git;
using Carry.Git.Checkout;
using Carry.Tests.Support;

namespace Carry.Tests.Engine.Git.Checkout;

/// <summary>
/// Carry's in-process <c>git add -u</c> + <c>git write-tree</c> must give the trees git gives
/// for the same working tree, and leave an index git agrees with.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class IndexSnapshotTests
{
    /// <summary>What git makes of the same state, on its own copy of the index: (index tree, tree after add -u, ls-files -s after).</summary>
    private static (string Index, string Tree, string Staged) ByGit(TempRepo repo, bool acceptConflicts)
    {
        var copy = Path.Combine(repo.Dir, ".git", "git-index-copy");
        File.Copy(Path.Combine(repo.Dir, ".git", "index"), copy, overwrite: true);
        var env = new Dictionary<string, string> { ["GIT_INDEX_FILE"] = copy };
        try
        {
            var index = acceptConflicts ? "" : Run(repo, env, "write-tree");
            Run(repo, env, "add", "-u");
            return (acceptConflicts ? Run(repo, env, "write-tree") : index, Run(repo, env, "write-tree"), Run(repo, env, "ls-files", "-s"));
        }
        finally
        {
            File.Delete(copy);
        }
    }

    private static string Run(TempRepo repo, Dictionary<string, string> env, params string[] args)
    {
        var r = RunGit(repo, env, args);
        Assert.True(r.Exit == 0, $"git {string.Join(' ', args)}: {r.Err}");
        return r.Out.Trim();
    }

    /// <summary>git with a stand-in index (GIT_INDEX_FILE).</summary>
    private static (int Exit, string Out, string Err) RunGit(TempRepo repo, Dictionary<string, string> env, params string[] args)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("git") { WorkingDirectory = repo.Dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = System.Diagnostics.Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output, err.Result);
    }

    private static void AssertSameAsGit(TempRepo repo, bool acceptConflicts = false, bool inProcess = true)
    {
        var git = ByGit(repo, acceptConflicts);
        using var carryRepo = CarryRepository.Open(repo.Dir);
        // Which way the snapshot below is taken: carry's own, or git's when carry declines.
        var probe = Path.Combine(repo.Dir, ".git", "probe-index");
        File.Copy(Path.Combine(repo.Dir, ".git", "index"), probe);
        IndexSnapshot.TryTake(carryRepo, probe, File.GetLastWriteTimeUtc(Path.Combine(repo.Dir, ".git", "index")), false, acceptConflicts, out var declined);
        File.Delete(probe);
        Assert.True(inProcess == (declined is null), declined ?? "taken in-process");
        var (tree, index, file) = WorkingTree.Snapshot(carryRepo, indexOnly: false, [], acceptConflicts);
        try
        {
            Assert.Equal(git.Index, index.Hex);
            Assert.Equal(git.Tree, tree.Hex);
            var env = new Dictionary<string, string> { ["GIT_INDEX_FILE"] = file };
            Assert.Equal(git.Staged, Run(repo, env, "ls-files", "-s"));
            // Every object the trees name is in the repository, and the index copy is one git reads cleanly.
            Assert.Equal(0, TempRepo.RunGit(repo.Dir, "fsck", "--strict", "--no-dangling").Exit);
            Assert.Equal(0, RunGit(repo, env, "diff-files", "--quiet").Exit);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Edits_deletions_modes_and_links_are_taken_as_git_takes_them()
    {
        using var repo = TempRepo.WithBase();
        repo.Write("deep/a/b/c.txt", "deep\n");
        repo.Write("run.sh", "#!/bin/sh\n");
        File.CreateSymbolicLink(Path.Combine(repo.Dir, "link"), "README.md");
        repo.Write("gone.txt", "soon gone\n");
        repo.Commit("More files");
        repo.Git("update-index", "-q", "--refresh");
        AssertSameAsGit(repo); // nothing changed

        repo.Write("deep/a/b/c.txt", "edited\n");
        File.SetUnixFileMode(Path.Combine(repo.Dir, "run.sh"), (UnixFileMode)0b111_101_101);
        File.Delete(Path.Combine(repo.Dir, "link"));
        File.CreateSymbolicLink(Path.Combine(repo.Dir, "link"), "shared.txt");
        File.Delete(Path.Combine(repo.Dir, "gone.txt"));
        repo.Write("untracked.txt", "not taken\n");
        AssertSameAsGit(repo);
    }

    [Fact]
    public void Names_either_side_of_the_folder_separator_are_ordered_as_git_orders_trees()
    {
        // The snapshot writes each tree in the index's order: a file sorting just before or after
        // a folder of the same stem ("a-b", "a.b" < "a/" < "a0") must land where git puts it.
        using var repo = TempRepo.WithBase();
        foreach (var name in new[] { "a-b", "a.b", "a/x", "a/y/z", "a0", "ab/c", "a b", "a/\u00e9t\u00e9.txt", "z/a.b/c", "z/a/c", "z/a-b" })
            repo.Write(name, name + "\n");
        repo.Commit("Names around the separator");
        repo.Git("update-index", "-q", "--refresh");
        AssertSameAsGit(repo);
        repo.Write("a/y/z", "edited\n");
        repo.Write("z/a.b/c", "edited\n");
        AssertSameAsGit(repo);
    }

    [Fact]
    public void A_same_size_edit_that_keeps_the_old_mtime_is_seen()
    {
        using var repo = TempRepo.WithBase();
        repo.Git("update-index", "-q", "--refresh");
        // Same size and the old mtime put back (to 100 ns): the ctime and the nanoseconds give it
        // away. Not compared with git's add -u: a git built without USE_NSEC (Debian's) compares
        // whole seconds only and may miss this edit, where Carry must not.
        var path = Path.Combine(repo.Dir, "README.md");
        var before = File.ReadAllText(path);
        var mtime = File.GetLastWriteTimeUtc(path);
        File.WriteAllText(path, new string('X', before.Length));
        File.SetLastWriteTimeUtc(path, mtime);
        using var carryRepo = CarryRepository.Open(repo.Dir);
        var (tree, _, file) = WorkingTree.Snapshot(carryRepo, indexOnly: false, []);
        File.Delete(file);
        Assert.Equal(repo.Git("hash-object", "README.md"), repo.Git("rev-parse", tree.Hex + ":README.md"));
        Assert.NotEqual(repo.Git("rev-parse", "HEAD:README.md"), repo.Git("rev-parse", tree.Hex + ":README.md"));
    }

    [Fact]
    public void Unmerged_paths_take_their_working_tree_content()
    {
        using var repo = TempRepo.WithBase();
        repo.Git("checkout", "-q", "-b", "other");
        repo.Write("shared.txt", "theirs\n");
        repo.Write("both-added.txt", "theirs\n");
        repo.Commit("theirs");
        repo.Git("checkout", "-q", "-");
        repo.Write("shared.txt", "ours\n");
        repo.Write("both-added.txt", "ours\n");
        repo.Commit("ours");
        Assert.NotEqual(0, TempRepo.RunGit(repo.Dir, "merge", "-q", "other").Exit);
        repo.Write("shared.txt", "resolved by hand\n");
        File.Delete(Path.Combine(repo.Dir, "both-added.txt"));
        AssertSameAsGit(repo, acceptConflicts: true);
    }

    [Fact]
    public void Flagged_entries_are_left_to_git_and_keep_their_flags()
    {
        using var repo = TempRepo.WithBase();
        repo.Git("update-index", "--skip-worktree", "shared.txt");
        repo.Write("shared.txt", "hidden local edit\n");
        repo.Write("README.md", "visible edit\n");
        AssertSameAsGit(repo, inProcess: false);
        Assert.Contains("S shared.txt", repo.Git("ls-files", "-t"));
    }
}
