using Carry.Git;
using Carry.Replay;
using Carry.Tests.Support;

namespace Carry.Tests.Engine.Replay;

/// <summary>The in-memory cherry-pick of a change onto another tree, against git's own result.</summary>
public sealed class TreeMergeTests
{
    /// <summary>Applies commit <paramref name="patch"/>'s change onto <paramref name="onto"/> with carry, and with git cherry-pick.</summary>
    private static (TreeMergeResult Carry, string? Git) Both(TempRepo repo, string patch, string onto)
    {
        using var carryRepo = CarryRepository.Open(repo.Dir);
        var objects = carryRepo.Objects;
        var c = objects.ReadCommit(new Oid(repo.Git("rev-parse", patch)));
        var from = objects.ReadCommit(c.Parent!.Value).Tree;
        var target = objects.ReadCommit(new Oid(repo.Git("rev-parse", onto))).Tree;
        var result = new TreeMerge(objects, carryRepo).Apply(from, c.Tree, target);
        objects.Flush();

        repo.Git("checkout", "-q", "--detach", onto);
        var pick = TempRepo.RunGit(repo.Dir, "cherry-pick", "--allow-empty", "--keep-redundant-commits", patch);
        string? gitTree = pick.Exit == 0 ? repo.Git("rev-parse", "HEAD^{tree}") : null;
        if (pick.Exit != 0) repo.Git("cherry-pick", "--abort");
        repo.Git("checkout", "-q", "main");
        return (result, gitTree);
    }

    private static TempRepo TwoBranches(Action<TempRepo> upstream, Action<TempRepo> patch)
    {
        var repo = TempRepo.WithBase();
        repo.Git("checkout", "-q", "-b", "up");
        upstream(repo);
        repo.Commit("upstream moved");
        repo.Git("checkout", "-q", "main");
        patch(repo);
        repo.Commit("the patch");
        return repo;
    }

    [Fact]
    public void Untouched_paths_apply_cleanly()
    {
        using var repo = TwoBranches(r => r.Write("up.txt", "u\n"), r => r.Write("mine.txt", "m\n"));
        var (carry, git) = Both(repo, "main", "up");
        Assert.Equal(MergeKind.Clean, carry.Kind);
        Assert.Equal(git, carry.Tree.Hex);
    }

    [Fact]
    public void Both_sides_editing_one_file_far_apart_merge_in_process()
    {
        using var repo = TwoBranches(
            r => r.Write("shared.txt", TempRepo.SharedText(new Dictionary<int, string> { [10] = "upstream edit" })),
            r => r.Write("shared.txt", TempRepo.SharedText(new Dictionary<int, string> { [150] = "patch edit" })));
        var (carry, git) = Both(repo, "main", "up");
        Assert.Equal(MergeKind.FileMerged, carry.Kind);
        Assert.Equal(git, carry.Tree.Hex);
    }

    [Fact]
    public void A_file_renamed_upstream_is_followed_through_git()
    {
        using var repo = TwoBranches(
            r => { r.Git("mv", "shared.txt", "moved.txt"); },
            r => r.Write("shared.txt", TempRepo.SharedText(new Dictionary<int, string> { [150] = "patch edit" })));
        var (carry, git) = Both(repo, "main", "up");
        Assert.Equal(MergeKind.GitMerged, carry.Kind);
        Assert.Equal(git, carry.Tree.Hex);
    }

    [Fact]
    public void The_same_line_changed_on_both_sides_conflicts_naming_the_file()
    {
        using var repo = TwoBranches(
            r => r.Write("README.md", "upstream readme\n"),
            r => r.Write("README.md", "patched readme\n"));
        var (carry, git) = Both(repo, "main", "up");
        Assert.Null(git);
        Assert.Equal(MergeKind.Conflict, carry.Kind);
        Assert.Equal(["README.md"], carry.ConflictedPaths);
    }

    [Fact]
    public void A_change_already_upstream_is_a_no_op()
    {
        using var repo = TwoBranches(r => r.Write("same.txt", "same\n"), r => r.Write("same.txt", "same\n"));
        var (carry, git) = Both(repo, "main", "up");
        Assert.Equal(git, carry.Tree.Hex);
    }

    [Fact]
    public void Deleting_and_adding_files_and_folders()
    {
        using var repo = TwoBranches(
            r => r.Write("deep/a/b/up.txt", "u\n"),
            r => { r.Git("rm", "-q", "README.md"); r.Write("deep/a/new.txt", "n\n"); r.Write("x/y/z.txt", "z\n"); });
        var (carry, git) = Both(repo, "main", "up");
        Assert.Equal(git, carry.Tree.Hex);
    }

    [Fact]
    public void Executable_bit_and_symlinks_are_carried()
    {
        using var repo = TwoBranches(
            r => r.Write("up.txt", "u\n"),
            r =>
            {
                r.Write("run.sh", "#!/bin/sh\n");
                r.Git("add", "run.sh");
                r.Git("update-index", "--chmod=+x", "run.sh");
                File.CreateSymbolicLink(Path.Combine(r.Dir, "link"), "README.md");
            });
        var (carry, git) = Both(repo, "main", "up");
        Assert.Equal(git, carry.Tree.Hex);
    }

    [Fact]
    public void Non_utf8_file_names_round_trip_byte_for_byte()
    {
        using var repo = TempRepo.WithBase();
        // A Latin-1 "é" (0xE9) in a file name: not valid UTF-8, yet legal in git.
        var name = RawPath.FromBytes([(byte)'c', (byte)'a', (byte)'f', 0xE9, (byte)'.', (byte)'t', (byte)'x', (byte)'t']);
        using var carryRepo = CarryRepository.Open(repo.Dir);
        var objects = carryRepo.Objects;
        var head = objects.ReadCommit(new Oid(repo.Git("rev-parse", "HEAD")));
        var blob = objects.WriteBlob("caf\n"u8.ToArray());
        var tree = TreeOps.Update(objects, head.Tree, [(name, new TreeEntry(name, EntryMode.Regular, blob))]);
        objects.Flush();
        Assert.Equal(name, TreeOps.Lookup(objects, tree, name)!.Name);
        var listed = TempRepo.GitIn(repo.Dir, "ls-tree", "--name-only", tree.Hex);
        Assert.Contains("\"caf\\351.txt\"", listed);
    }
}
