using System.Text;
using Carry.Tests.Support;

namespace Carry.Tests.Stories.Trust;

/// <summary>
/// Trees no git writes, crafted byte by byte (<c>git hash-object --literally</c>), as a hostile
/// upstream or fork could push them: an entry whose name holds a '/' next to a symbolic link to
/// .git, two entries of one name, entries out of order. Each path string of such a tree is valid,
/// so only a check of the tree itself sees them: carry refuses them as <c>git fsck</c> reports them,
/// naming the commit and the entry, exit 1, and nothing is written (no journal left either).
/// </summary>
public sealed class MalformedTreeTests : IClassFixture<MalformedTreeTests.Template>, IDisposable
{
    private readonly TempRepo _repo;

    public MalformedTreeTests(Template template) => _repo = TempRepo.CopyOf(template.Repo);

    /// <summary>Upstream 'main' (f.txt, dir/a) and the branch 'work' carrying one patch, 'mine'.</summary>
    public sealed class Template : IDisposable
    {
        public TempRepo Repo { get; } = new("malformed-template");

        public Template()
        {
            Repo.Write("f.txt", "hello\n");
            Repo.Write("dir/a", "a\n");
            Repo.Commit("upstream base");
            Repo.Git("switch", "-q", "-c", "work");
            Repo.CarryOk("init", "--base", "main");
            Repo.Write("mine.txt", "my change\n");
            Repo.Git("add", "mine.txt");
            Repo.CarryOk("new", "mine");
            Repo.CarryOk("refresh");
        }

        public void Dispose() => Repo.Dispose();
    }

    public void Dispose() => _repo.Dispose();

    /// <summary>Each malformed tree: what git fsck says of it, the reason carry gives (fsck's message id) and the entry carry names.</summary>
    public static TheoryData<string, string, string, string> Malformed => new()
    {
        { "link-and-slash", "fullPathname", "fullPathname", "lnk/hooks" },
        { "slash-beside-folder", "fullPathname", "fullPathname", "dir/a" },
        { "file-and-folder", "duplicateEntries", "duplicateEntries", "dir" },
        { "same-file-twice", "duplicateEntries", "duplicateEntries", "f.txt" },
        { "unsorted", "treeNotSorted", "treeNotSorted", "dir" },
        // git's tree reader itself refuses this one before fsck's emptyName check runs.
        { "empty-name", "empty filename in tree entry", "emptyName", "" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Sync_onto_an_upstream_with_a_malformed_tree_is_refused(string kind, string fsckSays, string reason, string entry)
    {
        var evil = MalformedCommit(kind);
        Assert.Contains(fsckSays, FsckOf(evil));
        _repo.Git("update-ref", "refs/heads/main", evil);
        var refused = NothingWritten(() => _repo.CarryFails("sync", "--onto", "main"));
        Assert.Contains($"refusing upstream commit {evil[..7]} ('evil'): invalid path '{entry}'", refused.Err);
        Assert.Contains($"(git fsck: {reason})", refused.Err);
    }

    [Fact]
    public void Import_branch_with_a_tree_entry_named_through_a_link_to_git_is_refused()
    {
        var evil = MalformedCommit("link-and-slash");
        _repo.Git("branch", "fork", evil);
        var refused = NothingWritten(() => _repo.CarryFails("import", "branch", "main..fork"));
        Assert.Contains($"refusing commit {evil[..7]} ('evil'): invalid path 'lnk/hooks'", refused.Err);
        Assert.Contains("fullPathname", refused.Err);
    }

    [Theory]
    [InlineData("link-and-slash", "lnk/hooks")]
    [InlineData("slash-beside-folder", "dir/a")]
    [InlineData("file-and-folder", "dir")]
    public void Pick_of_a_commit_with_a_malformed_tree_is_refused(string kind, string entry)
    {
        var evil = MalformedCommit(kind);
        var refused = NothingWritten(() => _repo.CarryFails("pick", evil));
        Assert.Contains($"refusing commit {evil[..7]}: invalid path '{entry}'", refused.Err);
    }

    [Fact]
    public void A_malformed_folder_deep_in_the_tree_is_named_with_its_folder()
    {
        var hook = Blob("#!/bin/sh\necho pwned\n");
        var inner = RawTree(("100644", "x/y", hook));
        var tree = RawTree(("40000", "dir", inner), ("100644", "f.txt", _repo.Git("rev-parse", "main:f.txt")));
        var evil = _repo.Git("commit-tree", tree, "-p", "main", "-m", "evil");
        _repo.Git("update-ref", "refs/heads/main", evil);
        var refused = NothingWritten(() => _repo.CarryFails("sync", "--onto", "main"));
        Assert.Contains("invalid path 'dir/x/y'", refused.Err);
    }

    [Theory]
    [InlineData("140000")]
    [InlineData("100600")]
    [InlineData("100000")]
    [InlineData("100775")]
    [InlineData("120777")]
    [InlineData("160644")]
    public void Sync_onto_an_upstream_with_a_mode_git_never_writes_is_refused(string mode)
    {
        var evil = WithNewFile(mode);
        Assert.Contains("badFilemode", FsckOf(evil));
        _repo.Git("update-ref", "refs/heads/main", evil);
        var refused = NothingWritten(() => _repo.CarryFails("sync", "--onto", "main"));
        Assert.Contains($"refusing upstream commit {evil[..7]} ('evil'): invalid path 'x': its mode {mode} is not one git writes (git fsck: badFilemode)", refused.Err);
    }

    [Fact]
    public void Pick_of_a_commit_with_a_mode_git_never_writes_is_refused()
    {
        var evil = WithNewFile("140000");
        var refused = NothingWritten(() => _repo.CarryFails("pick", evil));
        Assert.Contains("badFilemode", refused.Err);
    }

    [Fact]
    public void The_100664_of_early_git_reaches_the_index_as_git_reads_it()
    {
        // fsck lets 100664 pass (early git wrote it); git's read-tree makes it 100644, and so must carry.
        var upstream = WithNewFile("100664");
        _repo.Git("update-ref", "refs/heads/main", upstream);
        _repo.CarryOk("sync", "--onto", "main");
        var byCarry = _repo.Git("ls-files", "-s", "x");
        Assert.StartsWith("100644 ", byCarry);
        Assert.Equal("", _repo.Git("status", "--porcelain"));
        if (!OperatingSystem.IsWindows()) Assert.False(File.GetUnixFileMode(Path.Combine(_repo.Dir, "x")).HasFlag(UnixFileMode.UserExecute));
        _repo.Git("read-tree", "HEAD");
        Assert.Equal(byCarry, _repo.Git("ls-files", "-s", "x"));
    }

    // ---- helpers --------------------------------------------------------------------------------

    /// <summary>A commit on 'main' whose tree is malformed as <paramref name="kind"/> says.</summary>
    private string MalformedCommit(string kind)
    {
        var f = _repo.Git("rev-parse", "main:f.txt");
        var dir = _repo.Git("rev-parse", "main:dir");
        var hook = Blob("#!/bin/sh\necho pwned\n");
        var hooks = RawTree(("100755", "post-checkout", hook));
        var tree = kind switch
        {
            // A symbolic link 'lnk' to .git and an entry literally named 'lnk/hooks': every path is valid.
            "link-and-slash" => RawTree(("40000", "dir", dir), ("100644", "f.txt", f), ("120000", "lnk", Blob(".git")), ("40000", "lnk/hooks", hooks)),
            "slash-beside-folder" => RawTree(("40000", "dir", dir), ("100644", "dir/a", hook), ("100644", "f.txt", f)),
            // The file 'dir' and the folder 'dir' are not neighbours: 'dir.txt' sorts between them.
            "file-and-folder" => RawTree(("100644", "dir", hook), ("100644", "dir.txt", f), ("40000", "dir", dir), ("100644", "f.txt", f)),
            "same-file-twice" => RawTree(("40000", "dir", dir), ("100644", "f.txt", f), ("100755", "f.txt", hook)),
            "unsorted" => RawTree(("100644", "f.txt", f), ("40000", "dir", dir)),
            "empty-name" => RawTree(("100644", "", hook), ("40000", "dir", dir), ("100644", "f.txt", f)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        return _repo.Git("commit-tree", tree, "-p", "main", "-m", "evil");
    }

    /// <summary>A commit on 'main' adding the file 'x' with tree entry mode <paramref name="mode"/>, as written.</summary>
    private string WithNewFile(string mode)
    {
        var tree = RawTree(("40000", "dir", _repo.Git("rev-parse", "main:dir")), ("100644", "f.txt", _repo.Git("rev-parse", "main:f.txt")),
            (mode, "x", Blob("hello\n")));
        return _repo.Git("commit-tree", tree, "-p", "main", "-m", "evil");
    }

    /// <summary>A tree object written exactly as given, in this order (git mktree would sort and check it).</summary>
    private string RawTree(params (string Mode, string Name, string Id)[] entries)
    {
        var body = new List<byte>();
        foreach (var (mode, name, id) in entries)
        {
            body.AddRange(Encoding.UTF8.GetBytes($"{mode} {name}\0"));
            body.AddRange(Convert.FromHexString(id));
        }
        var file = Path.Combine(_repo.Dir, ".git", "crafted-" + Guid.NewGuid().ToString("N")[..8]);
        File.WriteAllBytes(file, [.. body]);
        try { return _repo.Git("hash-object", "-w", "-t", "tree", "--literally", file); }
        finally { File.Delete(file); }
    }

    private string Blob(string content) => _repo.GitWithInput(content, "hash-object", "-w", "--stdin");

    /// <summary>What git fsck says of the objects reachable from <paramref name="commit"/> alone.</summary>
    private string FsckOf(string commit)
    {
        var run = TempRepo.RunGit(_repo.Dir, "fsck", "--no-dangling", commit);
        return run.Out + run.Err;
    }

    /// <summary>Runs <paramref name="action"/>; asserts exit 1 and that the repository, its index and its files are as they were, with no journal.</summary>
    private CarryRun NothingWritten(Func<CarryRun> action)
    {
        var before = Snapshot.Take(_repo);
        var carryRefs = _repo.Git("for-each-ref", "refs/carry");
        var run = action();
        Assert.Equal(1, run.Exit);
        Assert.Equal(before, Snapshot.Take(_repo));
        Assert.Equal(carryRefs, _repo.Git("for-each-ref", "refs/carry"));
        Assert.False(File.Exists(Path.Combine(_repo.Dir, ".git", "carry-journal")), "a refusal leaves no journal");
        Assert.False(File.Exists(Path.Combine(_repo.Dir, ".git", "hooks", "post-checkout")));
        Assert.Equal("", _repo.Git("status", "--porcelain"));
        return run;
    }
}
