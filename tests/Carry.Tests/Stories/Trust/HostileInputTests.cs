using System.Text;
using Carry.Tests.Support;

namespace Carry.Tests.Stories.Trust;

/// <summary>
/// Input that did not come from this user: an upstream, a fork's branch, a teammate's pulled
/// stack with its recorded resolutions. Hostile trees (made with <c>git mktree</c>, as an attacker
/// would) are refused, naming the commit and the path, and nothing is written: not into
/// <c>.git</c>, not outside the repository, not into the stack.
/// </summary>
public sealed class HostileInputTests : IClassFixture<HostileInputTests.Template>, IDisposable
{
    private readonly string _sandbox = Path.Combine(Path.GetTempPath(), "carry-hostile-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly TempRepo _repo;

    public HostileInputTests(Template template)
    {
        Directory.CreateDirectory(_sandbox);
        _repo = TempRepo.CopyOf(template.Repo, Path.Combine(_sandbox, "repo"));
    }

    /// <summary>
    /// The repository every test starts from, built once for the class: upstream 'main' and the
    /// branch 'work' carrying one patch, 'mine'.
    /// </summary>
    public sealed class Template : IDisposable
    {
        public TempRepo Repo { get; } = new("hostile-template");

        public Template()
        {
            Repo.Write("f.txt", "hello\n");
            Repo.Commit("upstream base");
            Repo.Git("branch", "work");
            Repo.Git("switch", "-q", "work");
            Repo.CarryOk("init", "--base", "main");
            Repo.Write("mine.txt", "my change\n");
            Repo.Git("add", "mine.txt");
            Repo.CarryOk("new", "mine");
            Repo.CarryOk("refresh");
        }

        public void Dispose() => Repo.Dispose();
    }

    public void Dispose()
    {
        _repo.Dispose();
        if (Directory.Exists(_sandbox)) Directory.Delete(_sandbox, recursive: true);
    }

    /// <summary>Hostile spellings of a folder that reaches into .git or out of the tree.</summary>
    public static TheoryData<string> Dangerous => new()
    {
        ".git", ".GIT", "git~1", ".git.", ".git ", ".git::$INDEX_ALLOCATION", ".g\u200cit", "\ufeff.git", "..",
    };

    [Theory]
    [MemberData(nameof(Dangerous))]
    public void Sync_onto_an_upstream_with_a_hostile_tree_is_refused(string folder)
    {
        var evil = HostileCommit("main", folder);
        _repo.Git("update-ref", "refs/heads/main", evil);
        var refused = NothingWritten(() => _repo.CarryFails("sync", "--onto", "main"));
        Assert.Contains($"refusing upstream commit {evil[..7]}", refused.Err);
        Assert.Contains("invalid path", refused.Err);
        Assert.Contains("hooks/post-checkout", refused.Err);
    }

    [Theory]
    [MemberData(nameof(Dangerous))]
    public void Import_branch_with_a_hostile_commit_is_refused(string folder)
    {
        var evil = HostileCommit("main", folder);
        _repo.Git("branch", "fork", evil);
        var refused = NothingWritten(() => _repo.CarryFails("import", "branch", "main..fork"));
        Assert.Contains($"refusing commit {evil[..7]} ('evil')", refused.Err);
        Assert.Contains("invalid path", refused.Err);
    }

    [Theory]
    [InlineData(".gitmodules")]
    [InlineData("gitmod~1")]
    [InlineData(".gitattributes")]
    [InlineData(".mailmap")]
    public void A_symlinked_git_dot_file_is_refused(string name)
    {
        var target = Blob("/etc/passwd");
        var tree = MkTree(_repo.Git("rev-parse", "main^{tree}"), $"120000 blob {target}\t{name}");
        var evil = _repo.Git("commit-tree", tree, "-p", "main", "-m", "evil");
        _repo.Git("branch", "fork", evil);
        var refused = NothingWritten(() => _repo.CarryFails("import", "branch", "main..fork"));
        Assert.Contains("may not be a symbolic link", refused.Err);
    }

    [Theory]
    [MemberData(nameof(Dangerous))]
    public void A_pulled_stack_whose_patch_holds_a_hostile_tree_is_refused(string folder)
    {
        var evil = HostileCommit("main", folder);
        var refused = PullCrafted($"applied {evil} evil id=00112233aabbccdd\n", [evil]);
        Assert.Contains("refusing the stack from", refused.Err);
        Assert.Contains("invalid path", refused.Err);
    }

    [Fact]
    public void A_pulled_stack_whose_patch_holds_a_malformed_tree_is_refused()
    {
        // A link 'lnk' to .git and an entry literally named 'lnk/hooks': each path is valid, the tree is not.
        var hooks = MkTree(null, $"100755 blob {Blob("#!/bin/sh\ntouch pwned\n")}\tpost-checkout");
        var raw = new List<byte>();
        foreach (var (mode, name, id) in new[] { ("100644", "f.txt", _repo.Git("rev-parse", "main:f.txt")), ("120000", "lnk", Blob(".git")), ("40000", "lnk/hooks", hooks) })
            raw.AddRange([.. Encoding.UTF8.GetBytes($"{mode} {name}\0"), .. Convert.FromHexString(id)]);
        var file = Path.Combine(_sandbox, "crafted-tree");
        File.WriteAllBytes(file, [.. raw]);
        var tree = _repo.Git("hash-object", "-w", "-t", "tree", "--literally", file);
        var evil = _repo.Git("commit-tree", tree, "-p", "main", "-m", "evil");
        var refused = PullCrafted($"applied {evil} evil id=00112233aabbccdd\n", [evil]);
        Assert.Contains("refusing the stack from", refused.Err);
        Assert.Contains("invalid path 'lnk/hooks'", refused.Err);
        Assert.Contains("(git fsck: fullPathname)", refused.Err);
    }

    public static TheoryData<string, string> HostileNames => new()
    {
        { "../../../x", "cannot start with" },
        { "a/../../x", "slashes" },
        { new string('a', 200_000), "at most 100 characters" },
        { "red\u001b[31mtext", "cannot contain" },
        { "title\u001b]0;pwned\u0007", "cannot contain" },
        { ".hidden", "cannot start with" },
    };

    [Theory]
    [MemberData(nameof(HostileNames))]
    public void A_pulled_stack_with_a_hostile_patch_name_is_refused(string name, string reason)
    {
        var head = _repo.Git("rev-parse", "main");
        var refused = PullCrafted($"applied {head} {name} id=00112233aabbccdd\n", []);
        Assert.Contains("refusing the stack from", refused.Err);
        Assert.Contains(reason, refused.Err);
        Assert.DoesNotContain('\u001b', refused.Err);
        Assert.True(refused.Err.Length < 2000, "the message quotes a clipped name, not 200,000 characters");
    }

    [Fact]
    public void A_pulled_stack_with_duplicate_names_or_ids_is_refused()
    {
        var one = PatchCommit("main", "a.txt");
        var two = PatchCommit(one, "b.txt");
        Assert.Contains("two patches are named 'same'",
            PullCrafted($"applied {one} same id=0000000000000001\napplied {two} same id=0000000000000002\n", []).Err);
        Assert.Contains("patch id 0000000000000001 is used twice",
            PullCrafted($"applied {one} one id=0000000000000001\napplied {two} two id=0000000000000001\n", []).Err);
        Assert.Contains("layer 'nowhere' does not exist",
            PullCrafted($"applied {one} one id=0000000000000001 layer=nowhere\n", []).Err);
    }

    [Theory]
    [InlineData("..%2Fescaped")]
    [InlineData(".git%2Fhooks%2Fpost-checkout")]
    public void A_pulled_stack_whose_recorded_resolution_names_a_hostile_path_is_refused(string encoded)
    {
        var one = PatchCommit("main", "a.txt");
        var file = Blob("#!/bin/sh\ntouch pwned\n");
        var text = Blob($"carry-resolution 1\npatch 0000000000000001 one\nresult {encoded} file-0\n");
        var key = MkTree(null, $"100755 blob {file}\tfile-0", $"100644 blob {text}\tresolution");
        var resolutions = MkTree(null, $"040000 tree {key}\t{new string('a', 40)}");
        var refused = PullCrafted($"resolutions {resolutions}\napplied {one} one id=0000000000000001\n", [], extraTree: resolutions);
        Assert.Contains("a recorded resolution: invalid path", refused.Err);
    }

    [Fact]
    public void A_well_formed_pulled_stack_is_adopted()
    {
        var one = PatchCommit("main", "a.txt");
        var run = PullCrafted($"applied {one} one id=0000000000000001\n", [], expectFailure: false);
        Assert.Equal(0, run.Exit);
        Assert.Equal("hello\n", File.ReadAllText(Path.Combine(_repo.Dir, "f.txt")));
        Assert.True(File.Exists(Path.Combine(_repo.Dir, "a.txt")));
    }

    [Fact]
    public void Carry_test_refuses_to_check_out_a_patch_whose_tree_holds_a_hostile_path()
    {
        // The hostile tree is only in the middle of the stack: the branch head itself is clean.
        var evil = HostileCommit("main", ".GIT");
        var clean = _repo.Git("commit-tree", _repo.Git("rev-parse", "main^{tree}"), "-p", evil, "-m", "clean");
        _repo.Git("switch", "-q", "-c", "crafted", clean);
        _repo.CarryOk("init", "--base", "main");
        var run = _repo.Carry("test", "--", "true");
        Assert.NotEqual(0, run.Exit);
        Assert.Contains("invalid path '.GIT/hooks/post-checkout'", run.Err);
        Assert.Equal("", _repo.Git("worktree", "list", "--porcelain").Split('\n').Where(l => l.StartsWith("worktree ", StringComparison.Ordinal)).Skip(1).FirstOrDefault() ?? "");
    }

    /// <summary>Record lines whose object id is not hexadecimal, one per field that holds an id.</summary>
    public static TheoryData<string> BadIds => new()
    {
        "base zz refs/heads/main\n",
        "series zz\n",
        "resolutions zz\n",
        "tests zz\n",
        "finished-on zz\n",
        "version zz v1\n",
        "retired zz gone id=0000000000000009\n",
        "unapplied zz other id=0000000000000008\n",
        "unapplied {HEAD} other id=0000000000000008 origin=patch file=a.patch source=zz strip=1 change=c message=m\n",
        "sync onto=refs/heads/main from=zz stopped=one\n",
    };

    [Theory]
    [MemberData(nameof(BadIds))]
    public void A_pulled_stack_with_a_malformed_object_id_is_refused(string line)
    {
        var one = PatchCommit("main", "a.txt");
        var refused = PullCrafted($"applied {one} one id=0000000000000001\n{line.Replace("{HEAD}", one)}", []);
        Assert.Contains("refusing the stack from", refused.Err);
        Assert.Contains("it cannot be read", refused.Err);
        Assert.Contains("'zz' is not an object id", refused.Err);
    }

    /// <summary>Tree entries git accepts but no file system here can write (each failed part-way and left a journal every later command retried).</summary>
    public static TheoryData<string, string> Unwritable => new()
    {
        { "empty-link", "symbolic link with an empty target" },
        { "nul-link", "target contains a NUL byte" },
        { "long-link", "target is longer than 4095 bytes" },
        { "long-name", "longer than 255 bytes" },
        { "long-path", "longer than a path can be" },
    };

    [Theory]
    [MemberData(nameof(Unwritable))]
    public void Sync_onto_an_upstream_with_a_file_that_cannot_be_written_is_refused_before_anything_is_written(string kind, string reason)
    {
        var entry = kind switch
        {
            "empty-link" => $"120000 blob {Blob("")}\tlink",
            "nul-link" => $"120000 blob {BlobFile("a\0b"u8.ToArray())}\tlink",
            "long-link" => $"120000 blob {Blob(new string('a', 5000))}\tlink",
            "long-name" => $"100644 blob {Blob("x\n")}\t{new string('n', 256)}",
            _ => $"040000 tree {Deep(20)}\tdeep",
        };
        var evil = _repo.Git("commit-tree", MkTree(_repo.Git("rev-parse", "main^{tree}"), entry), "-p", "main", "-m", "unwritable");
        _repo.Git("update-ref", "refs/heads/main", evil);
        var refused = NothingWritten(() => _repo.CarryFails("sync", "--onto", "main"));
        Assert.Contains($"refusing upstream commit {evil[..7]}", refused.Err);
        Assert.Contains(reason, refused.Err);
        _repo.CarryOk("series");
    }

    [Fact]
    public void Import_of_a_patch_creating_an_empty_symbolic_link_is_refused()
    {
        var patch = Path.Combine(_sandbox, "empty-link.patch");
        File.WriteAllText(patch, "diff --git a/sl b/sl\nnew file mode 120000\nindex 0000000..e69de29\n");
        var refused = NothingWritten(() => _repo.CarryFails("import", "patch", patch));
        Assert.Contains("symbolic link with an empty target", refused.Err);
        _repo.CarryOk("series");
    }

    [Fact]
    public void A_checkout_that_fails_part_way_is_undone_and_leaves_no_journal()
    {
        // A blob-mode entry naming a tree object: git fsck's "badType", only found when the file is written.
        var sub = MkTree(null, $"100644 blob {Blob("inner\n")}\tinner");
        var bad = BadTypeTree(_repo.Git("rev-parse", "main^{tree}"), sub);
        var evil = _repo.Git("commit-tree", bad, "-p", "main", "-m", "bad type");
        _repo.Git("update-ref", "refs/heads/main", evil);
        var failed = NothingWritten(() => _repo.CarryFails("sync", "--onto", "main"));
        Assert.Contains("could not write the working tree", failed.Err);
        Assert.Contains("the working tree is as it was", failed.Err);
        _repo.CarryOk("series");
    }

    // ---- helpers --------------------------------------------------------------------------------

    /// <summary>A commit on <paramref name="parent"/> adding <c>FOLDER/hooks/post-checkout</c>, made with git mktree.</summary>
    private string HostileCommit(string parent, string folder)
    {
        var hook = Blob("#!/bin/sh\ntouch \"$HOME/carry-pwned\"\n");
        var hooks = MkTree(null, $"100755 blob {hook}\tpost-checkout");
        var dotgit = MkTree(null, $"040000 tree {hooks}\thooks");
        var tree = MkTree(_repo.Git("rev-parse", parent + "^{tree}"), $"040000 tree {dotgit}\t{folder}");
        return _repo.Git("commit-tree", tree, "-p", parent, "-m", "evil");
    }

    private string PatchCommit(string parent, string file)
    {
        var tree = MkTree(_repo.Git("rev-parse", parent + "^{tree}"), $"100644 blob {Blob(file + "\n")}\t{file}");
        return _repo.Git("commit-tree", tree, "-p", parent, "-m", "patch " + file);
    }

    /// <summary>
    /// Crafts a stack record in a separate repository (the "teammate"), as raw text, and pulls it
    /// into the branch 'fresh' (which has no stack); returns what carry said.
    /// </summary>
    private CarryRun PullCrafted(string patchLines, string[] extraParents, string? extraTree = null, bool expectFailure = true)
    {
        _repo.Git("switch", "-q", "-C", "fresh", "main");
        var baseHex = _repo.Git("rev-parse", "main");
        var heads = patchLines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("applied ", StringComparison.Ordinal))
            .Select(l => l.Split(' ')[1]).ToList();
        var head = heads.Count > 0 ? heads[^1] : baseHex;
        var stack = Blob($"carry-stack 2\nbranch fresh\nbase {baseHex} refs/heads/main\n{patchLines}");
        var entries = new List<string> { $"100644 blob {stack}\tstack", $"100644 blob {Blob("")}\thistory" };
        if (extraTree is not null) entries.Add($"040000 tree {MkTree(null, $"040000 tree {extraTree}\t{extraTree}")}\tsources");
        var tree = MkTree(null, [.. entries]);
        List<string> args = ["commit-tree", tree, "-p", head];
        foreach (var p in extraParents.Except([head])) args.AddRange(["-p", p]);
        args.AddRange(["-m", "carry crafted"]);
        var state = _repo.Git([.. args]);
        // The teammate's repository: a bare clone holding the crafted stack.
        var remote = Path.Combine(_sandbox, "teammate-" + Guid.NewGuid().ToString("N")[..6] + ".git");
        TempRepo.GitIn(_sandbox, "init", "-q", "--bare", remote);
        // --no-verify: setting up the teammate's side is no push of this user's work for the pre-push guard to check.
        _repo.Git("push", "-q", "--no-verify", remote, $"{state}:refs/carry/fresh", "main:refs/heads/main");
        var run = expectFailure ? NothingWritten(() => _repo.CarryFails("share", "pull", remote)) : _repo.Carry("share", "pull", remote);
        if (expectFailure) Assert.NotEqual(0, TempRepo.RunGit(_repo.Dir, "rev-parse", "-q", "--verify", "refs/carry/fresh").Exit);
        return run;
    }

    /// <summary>Runs <paramref name="action"/> and asserts nothing changed: repository, hooks, and the folder around it.</summary>
    private CarryRun NothingWritten(Func<CarryRun> action)
    {
        var repoBefore = Snapshot.Take(_repo);
        var around = Around();
        var carryRefs = _repo.Git("for-each-ref", "refs/carry");
        var run = action();
        Assert.Equal(repoBefore, Snapshot.Take(_repo));
        Assert.Equal(around, Around());
        Assert.Equal(carryRefs, _repo.Git("for-each-ref", "refs/carry"));
        Assert.False(File.Exists(Path.Combine(_repo.Dir, ".git", "hooks", "post-checkout")));
        Assert.Equal(1, run.Exit);
        Assert.DoesNotContain("   at ", run.Err);
        return run;
    }

    /// <summary>Every file outside the repository's working tree in the sandbox, plus .git/hooks and .git's top level.</summary>
    private string Around()
    {
        var outside = Directory.EnumerateFileSystemEntries(_sandbox, "*", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(_repo.Dir + Path.DirectorySeparatorChar, StringComparison.Ordinal) && !f.Contains("teammate-", StringComparison.Ordinal));
        var hooks = Directory.EnumerateFileSystemEntries(Path.Combine(_repo.Dir, ".git", "hooks"));
        var gitTop = Directory.EnumerateFileSystemEntries(Path.Combine(_repo.Dir, ".git")).Where(f => !f.EndsWith("index", StringComparison.Ordinal) && !f.Contains("ORIG_HEAD"));
        return string.Join('\n', outside.Concat(hooks).Concat(gitTop).Order(StringComparer.Ordinal));
    }

    private string BlobFile(byte[] content)
    {
        var file = Path.Combine(_sandbox, "blob-" + Guid.NewGuid().ToString("N")[..6]);
        File.WriteAllBytes(file, content);
        return _repo.Git("hash-object", "-w", file);
    }

    /// <summary>Folders nested <paramref name="levels"/> deep, each name 250 bytes: a path longer than 4095 bytes.</summary>
    private string Deep(int levels)
    {
        var tree = MkTree(null, $"100644 blob {Blob("leaf\n")}\tleaf");
        for (var i = 0; i < levels; i++) tree = MkTree(null, $"040000 tree {tree}\t{new string('d', 250)}");
        return tree;
    }

    /// <summary><paramref name="tree"/>'s entries plus 'x', mode 100644 but naming the tree <paramref name="sub"/> (written as git mktree would refuse to).</summary>
    private string BadTypeTree(string tree, string sub)
    {
        var lines = _repo.Git("ls-tree", tree).Split('\n').Select(l => (Mode: l.Split(' ')[0], Id: l.Split(' ', '\t')[2], Name: l.Split('\t')[1]))
            .Append(("100644", sub, "x")).OrderBy(e => e.Item3, StringComparer.Ordinal);
        var body = new List<byte>();
        foreach (var (mode, id, name) in lines)
        {
            body.AddRange(Encoding.ASCII.GetBytes($"{(mode == "040000" ? "40000" : mode)} {name}\0"));
            body.AddRange(Convert.FromHexString(id));
        }
        var file = Path.Combine(_sandbox, "bad-tree");
        File.WriteAllBytes(file, [.. body]);
        return _repo.Git("hash-object", "-t", "tree", "-w", "--literally", file);
    }

    private string Blob(string content) => _repo.GitWithInput(content, "hash-object", "-w", "--stdin");

    /// <summary>git mktree of <paramref name="baseTree"/>'s entries (if any) plus <paramref name="lines"/>.</summary>
    private string MkTree(string? baseTree, params string[] lines)
    {
        var existing = baseTree is null ? "" : _repo.Git("ls-tree", baseTree);
        return _repo.GitWithInput(string.Join('\n', (existing.Length > 0 ? existing.Split('\n') : []).Concat(lines)) + "\n", "mktree");
    }
}
