using Carry.Tests.Support;

namespace Carry.Tests.Engine.Git.Checkout;

/// <summary>
/// Carry's own working-tree writer must leave exactly what git's checkout leaves: the index
/// equal to HEAD, and stat data so exact that git's plumbing (which never re-reads content)
/// sees every file clean.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DirectCheckoutTests
{
    private static void AssertCleanForGit(TempRepo repo)
    {
        Assert.Equal(0, TempRepo.RunGit(repo.Dir, "diff-index", "--cached", "--quiet", "HEAD").Exit);
        var files = TempRepo.RunGit(repo.Dir, "diff-files", "--name-only");
        Assert.True(files.Exit == 0 && files.Out == "", $"stat-dirty after carry's checkout: {files.Out}");
        Assert.Equal("", repo.Git("status", "--porcelain", "--untracked-files=all"));
    }

    [Fact]
    public void Files_folders_modes_and_symlinks_come_and_go_exactly()
    {
        using var repo = TempRepo.WithBase();
        repo.Write("deep/a/b/new.txt", "deep\n");
        repo.Write("run.sh", "#!/bin/sh\necho hi\n");
        File.SetUnixFileMode(Path.Combine(repo.Dir, "run.sh"), (UnixFileMode)0b111_101_101);
        File.CreateSymbolicLink(Path.Combine(repo.Dir, "link"), "README.md");
        repo.Git("rm", "-q", "shared.txt");
        repo.Commit("Kit with a script and a link");
        repo.CarryOk("init", "--base", "base");

        var pop = repo.CarryOk("pop");
        Assert.True(pop.Checkout!.Direct, pop.Checkout.Declined);
        AssertCleanForGit(repo);
        Assert.False(Directory.Exists(Path.Combine(repo.Dir, "deep")));
        Assert.False(File.Exists(Path.Combine(repo.Dir, "link")));
        Assert.True(repo.Exists("shared.txt"));

        var push = repo.CarryOk("push");
        Assert.True(push.Checkout!.Direct, push.Checkout.Declined);
        AssertCleanForGit(repo);
        Assert.Equal("deep\n", repo.Read("deep/a/b/new.txt"));
        Assert.True((File.GetUnixFileMode(Path.Combine(repo.Dir, "run.sh")) & UnixFileMode.UserExecute) != 0);
        Assert.Equal("README.md", new FileInfo(Path.Combine(repo.Dir, "link")).LinkTarget);
        Assert.False(repo.Exists("shared.txt"));
    }

    [Fact]
    public void Entries_come_and_go_in_gits_byte_order()
    {
        // Names that sort differently as bytes than as text or as paths split at '/': '-' < '/' < '0', and UTF-8 above ASCII.
        using var repo = TempRepo.WithBase();
        foreach (var name in new[] { "a-b.txt", "a/b.txt", "a0.txt", "\u00e9.txt", "z.txt" }) repo.Write(name, name + "\n");
        repo.Commit("Names");
        repo.Git("tag", "-f", "base");
        foreach (var name in new[] { "a.txt", "a/a.txt", "a/c/d.txt", "\u00e4/x.txt", "b-c.txt", "\u00e9/f.txt" }) repo.Write(name, name + "\n");
        repo.Git("rm", "-q", "a0.txt", "z.txt");
        repo.Commit("Kit");
        repo.CarryOk("init", "--base", "base");

        var pop = repo.CarryOk("pop");
        Assert.True(pop.Checkout!.Direct, pop.Checkout.Declined);
        AssertCleanForGit(repo);
        var push = repo.CarryOk("push");
        Assert.True(push.Checkout!.Direct, push.Checkout.Declined);
        AssertCleanForGit(repo);
        // git reads the index it was given back entry by entry, and dies on one out of order.
        Assert.Equal(repo.Git("ls-tree", "-r", "--name-only", "HEAD"), repo.Git("ls-files"));
    }

    [Fact]
    public void Changed_files_are_rewritten_in_place_unless_linked_from_elsewhere()
    {
        using var repo = TempRepo.WithBase();
        repo.Write("grow.txt", "short\n");
        repo.Write("linked.txt", "before\n");
        repo.Commit("Files");
        repo.Git("tag", "-f", "base");
        repo.Write("README.md", "Sample\n");                                  // shrinks: cut to its new length
        repo.Write("grow.txt", string.Concat(Enumerable.Repeat("longer\n", 2000))); // grows past a block
        repo.Write("linked.txt", "after\n");
        repo.Commit("Kit");
        repo.CarryOk("init", "--base", "base");
        var outside = Path.Combine(Path.GetTempPath(), $"carry-link-{Guid.NewGuid():N}");
        Assert.Equal(0, Link(Path.Combine(repo.Dir, "linked.txt"), outside));
        try
        {
            var inode = Inode(repo, "README.md");
            var linked = Inode(repo, "linked.txt");
            // Held open, a replaced file would keep its old content and inode here; a rewritten one shows the new.
            using var held = File.OpenRead(Path.Combine(repo.Dir, "README.md"));

            var pop = repo.CarryOk("pop");
            Assert.True(pop.Checkout!.Direct, pop.Checkout.Declined);
            AssertCleanForGit(repo);
            Assert.Equal("Sample project\n", repo.Read("README.md"));
            Assert.Equal("Sample project\n", new StreamReader(held).ReadToEnd());
            Assert.Equal("short\n", repo.Read("grow.txt"));
            Assert.Equal(inode, Inode(repo, "README.md"));
            // A file with another name elsewhere is replaced, as git does: the other name keeps its content.
            Assert.Equal("before\n", repo.Read("linked.txt"));
            Assert.NotEqual(linked, Inode(repo, "linked.txt"));
            Assert.Equal("after\n", File.ReadAllText(outside));

            var push = repo.CarryOk("push");
            Assert.True(push.Checkout!.Direct, push.Checkout.Declined);
            AssertCleanForGit(repo);
            Assert.Equal("Sample\n", repo.Read("README.md"));
            Assert.Equal(string.Concat(Enumerable.Repeat("longer\n", 2000)), repo.Read("grow.txt"));
            Assert.Equal(inode, Inode(repo, "README.md"));
        }
        finally
        {
            File.Delete(outside);
        }
    }

    private static string Inode(TempRepo repo, string path)
    {
        Assert.True(Corpus.Run("stat", ["-c", "%i", path], repo.Dir, out var inode), inode);
        return inode.Trim();
    }

    private static int Link(string existing, string link) => Corpus.Run("ln", [existing, link], Path.GetTempPath(), out _) ? 0 : 1;

    [Fact]
    public void Untracked_files_in_folders_that_empty_out_are_kept()
    {
        using var repo = TempRepo.WithBase();
        repo.Write("kit/tool.txt", "tool\n");
        repo.Commit("Kit");
        repo.CarryOk("init", "--base", "base");
        repo.Write("kit/notes.local", "mine\n");
        repo.CarryOk("pop");
        Assert.Equal("mine\n", repo.Read("kit/notes.local"));
        Assert.False(repo.Exists("kit/tool.txt"));
    }

    [Fact]
    public void An_untracked_file_in_the_way_is_refused_by_name()
    {
        using var repo = TempRepo.WithBase(1);
        repo.CarryOk("init", "--base", "base");
        repo.CarryOk("pop");
        repo.Write("file-1.txt", "untracked, precious\n");
        var run = repo.CarryFails("push");
        Assert.Contains("file-1.txt", run.Err);
        Assert.Equal("untracked, precious\n", repo.Read("file-1.txt"));
    }

    [Fact]
    public void Content_converting_attributes_hand_the_work_to_git()
    {
        Assert.True(Carry.Git.Checkout.DirectCheckout.TextConverts("*.txt text eol=crlf\n"));
        Assert.True(Carry.Git.Checkout.DirectCheckout.TextConverts("*.dat filter=lfs diff=lfs merge=lfs -text\n"));
        Assert.False(Carry.Git.Checkout.DirectCheckout.TextConverts("ChangeLog merge=merge-changelog\ntimezone/* -whitespace\n*.png binary\n"));

        using var repo = TempRepo.WithBase();
        repo.Write(".gitattributes", "*.txt text eol=crlf\n");
        repo.Commit("attributes");
        repo.Git("tag", "-f", "base");
        repo.Write("notes.txt", "one\ntwo\n");
        repo.Commit("Notes");
        repo.CarryOk("init", "--base", "base");
        var pop = repo.CarryOk("pop");
        Assert.False(pop.Checkout!.Direct);
        repo.CarryOk("push");
        Assert.Equal("one\r\ntwo\r\n", repo.Read("notes.txt"));
        Assert.Equal("", repo.Git("status", "--porcelain"));
    }
}
