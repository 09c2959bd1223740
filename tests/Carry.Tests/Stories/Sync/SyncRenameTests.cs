using Carry.Operations.Layers;
using Carry.Operations.Sync;
using Carry.Tests.Support;

namespace Carry.Tests.Stories.Sync;

/// <summary>Upstream moves files and folders: sync lands every patch where git rebase would.</summary>
public sealed class SyncRenameTests
{
    /// <summary>The tree git rebase makes of the same commits onto the same new base.</summary>
    private static string RebaseTree(TempRepo fork, string oldBase)
    {
        fork.Git("branch", "-f", "by-rebase", "HEAD");
        fork.Git("rebase", "-q", "--onto", "origin/main", oldBase, "by-rebase");
        var tree = fork.Git("rev-parse", "by-rebase^{tree}");
        fork.Git("switch", "-q", "main");
        return tree;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // a.txt and shared.txt identical: which move is which is ambiguous, git decides
    public void Changes_to_files_upstream_moved_follow_them_like_git_rebase(bool identical)
    {
        using var s = new UpstreamScenario();
        s.Upstream("add a module", r =>
        {
            r.Write("src/mod/a.txt", (identical ? "" : "module a\n") + TempRepo.SharedText());
            r.Write("src/mod/b.txt", "b\n");
        });
        s.Fork.Git("fetch", "-q");
        s.Fork.CarryOk("sync");
        var oldBase = s.Fork.Git("rev-parse", "origin/main");
        s.AddPatch("edit-a", r => UpstreamScenario.EditLines(r, "src/mod/a.txt", (identical ? 12 : 13, "line 12, edited by the fork")));
        s.AddPatch("edit-shared", r => UpstreamScenario.EditLines(r, "shared.txt", (12, "line 12 of shared, edited by the fork")));
        // Upstream moves the file, then the whole folder, unchanged; and moves shared.txt too.
        s.Upstream("move a.txt", r => r.Git("mv", "src/mod/a.txt", "src/mod/alpha.txt"));
        s.Upstream("move the module", r => { Directory.CreateDirectory(Path.Combine(r.Dir, "lib")); r.Git("mv", "src/mod", "lib/module"); });
        s.Upstream("move shared.txt", r => { Directory.CreateDirectory(Path.Combine(r.Dir, "docs")); r.Git("mv", "shared.txt", "docs/shared.txt"); });
        s.Fork.Git("fetch", "-q");

        var expected = RebaseTree(s.Fork, oldBase);
        s.Fork.CarryOk("sync");

        Assert.Equal(expected, s.Fork.Git("rev-parse", "HEAD^{tree}"));
        if (!identical)
        {
            Assert.Contains("line 12, edited by the fork", s.Fork.Read("lib/module/alpha.txt"));
            Assert.Contains("line 12 of shared, edited by the fork", s.Fork.Read("docs/shared.txt"));
        }
        Assert.DoesNotContain("probabl", s.Fork.CarryOk("series").Out);
        Invariants.Check(s.Fork);
    }

    [Fact]
    public void A_file_added_in_a_folder_upstream_moved_is_left_to_git_which_stops_like_rebase()
    {
        using var s = new UpstreamScenario();
        s.Upstream("add a module", r => r.Write("src/mod/a.txt", "a\n"));
        s.Fork.Git("fetch", "-q");
        s.Fork.CarryOk("sync");
        var oldBase = s.Fork.Git("rev-parse", "origin/main");
        s.AddPatch("new-in-mod", r => r.Write("src/mod/c.txt", "a file the fork adds in the module\n"));
        s.Upstream("move the module", r => { Directory.CreateDirectory(Path.Combine(r.Dir, "lib")); r.Git("mv", "src/mod", "lib/module"); });
        s.Fork.Git("fetch", "-q");

        s.Fork.Git("branch", "-f", "by-rebase", "HEAD");
        var rebase = TempRepo.RunGit(s.Fork.Dir, "rebase", "-q", "--onto", "origin/main", oldBase, "by-rebase");
        Assert.NotEqual(0, rebase.Exit); // git's default (merge.directoryRenames=conflict) asks the user
        s.Fork.Git("rebase", "--abort");
        s.Fork.Git("switch", "-q", "main");

        var sync = s.Fork.Carry("sync");
        Assert.Equal(2, sync.Exit);
        Assert.Contains("new-in-mod", sync.Err);
        s.Fork.CarryOk("sync", "--abort");
        Invariants.Check(s.Fork);
    }
}
