using System.Diagnostics;
using Carry.Tests.Support;

namespace Carry.Tests.Stories.Trust;

/// <summary>
/// Files that did not come from this user: a series folder (symbolic links, FIFOs, unlisted
/// files), things that are not patches, and export folders with links planted in them.
/// </summary>
public sealed class HostileFilesTests : IDisposable
{
    private readonly string _sandbox = Path.Combine(Path.GetTempPath(), "carry-files-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly TempRepo _repo = TempRepo.WithStack(0);

    public HostileFilesTests() => Directory.CreateDirectory(_sandbox);

    public void Dispose()
    {
        _repo.Dispose();
        Directory.Delete(_sandbox, recursive: true);
    }

    private string Series(params string[] listed)
    {
        var dir = Path.Combine(_sandbox, "patches");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "series"), string.Concat(listed.Select(l => l + "\n")));
        return dir;
    }

    private static string AddFile(string name) =>
        $"--- /dev/null\n+++ b/{name}\n@@ -0,0 +1 @@\n+{name}\n";

    [Fact]
    public void A_listed_patch_that_is_a_symbolic_link_is_refused()
    {
        var secret = Path.Combine(_sandbox, "secret.txt");
        File.WriteAllText(secret, "--- /dev/null\n+++ b/stolen\n@@ -0,0 +1 @@\n+the secret\n");
        var dir = Series("a.patch");
        File.CreateSymbolicLink(Path.Combine(dir, "a.patch"), secret);
        var before = Snapshot.Take(_repo);
        var refused = _repo.CarryFails("import", "quilt", dir);
        Assert.Contains("'a.patch' is a symbolic link, not a regular file", refused.Err);
        Assert.Equal(before, Snapshot.Take(_repo));
    }

    [Fact]
    public void A_listed_patch_behind_a_symbolic_linked_folder_is_refused()
    {
        var outside = Path.Combine(_sandbox, "outside");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "x.patch"), AddFile("x"));
        var dir = Series("linkdir/x.patch");
        Directory.CreateSymbolicLink(Path.Combine(dir, "linkdir"), outside);
        var refused = _repo.CarryFails("import", "quilt", dir);
        Assert.Contains("through the symbolic link 'linkdir'", refused.Err);
    }

    [Fact]
    public void A_listed_FIFO_is_refused_without_waiting_on_it()
    {
        var dir = Series("pipe.patch");
        using (var mkfifo = Process.Start("mkfifo", Path.Combine(dir, "pipe.patch"))) mkfifo.WaitForExit();
        var watch = Stopwatch.StartNew();
        var refused = _repo.CarryFails("import", "quilt", dir);
        Assert.Contains("is a special file (FIFO, socket or device)", refused.Err);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), "the import must not block on the FIFO");
    }

    [Theory]
    [InlineData("guilt", "link")]
    [InlineData("guilt", "fifo")]
    [InlineData("kit", "link")]
    [InlineData("kit", "fifo")]
    public void Guilt_and_kit_folders_are_read_as_a_series_folder_is(string tool, string kind)
    {
        var secret = Path.Combine(_sandbox, "secret.patch");
        File.WriteAllText(secret, AddFile("stolen"));
        string dir, name;
        if (tool == "guilt")
        {
            _repo.Git("branch", "gb");
            dir = Path.Combine(_repo.Dir, ".git", "patches", "gb");
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "status"), "");
            File.WriteAllText(Path.Combine(dir, "series"), "p.patch\n");
            name = "p.patch";
        }
        else
        {
            dir = Path.Combine(_sandbox, "kit");
            Directory.CreateDirectory(dir);
            name = "0001-p.patch";
        }
        if (kind == "link") File.CreateSymbolicLink(Path.Combine(dir, name), secret);
        else using (var mkfifo = Process.Start("mkfifo", Path.Combine(dir, name))) mkfifo.WaitForExit();
        var before = Snapshot.Take(_repo);
        // Before the fix the FIFO blocked forever, holding carry's lock: the test's own hang limit catches that.
        var refused = tool == "guilt" ? _repo.CarryFails("import", "guilt", "gb") : _repo.CarryFails("kit", "apply", dir);
        Assert.Contains(kind == "link" ? $"'{name}' is a symbolic link, not a regular file" : "is a special file (FIFO, socket or device)", refused.Err);
        Assert.Equal(before, Snapshot.Take(_repo));
        Assert.DoesNotContain("stolen", _repo.Git("log", "--all", "--stat"));
    }

    [Fact]
    public void File_names_with_escape_sequences_are_printed_quoted_as_git_quotes_them()
    {
        // A window-title sequence and a colour change, as a patch spells them (git's own C quoting).
        const string name = "\\033]0;owned\\a\\033[31mRED";
        var hostile = Path.Combine(_sandbox, "hostile.patch");
        File.WriteAllText(hostile, $"diff --git \"a/{name}/.git/x\" \"b/{name}/.git/x\"\nnew file mode 100644\n--- /dev/null\n+++ \"b/{name}/.git/x\"\n@@ -0,0 +1 @@\n+x\n");
        var refused = _repo.CarryFails("import", "patch", hostile);
        Assert.Contains($"refusing file name \"b/{name}/.git/x\"", refused.Err);
        Assert.DoesNotContain('\u001b', refused.Err);
        Assert.DoesNotContain('\u0007', refused.Err);

        var plain = Path.Combine(_sandbox, "plain.patch");
        File.WriteAllText(plain, $"diff --git \"a/{name}\" \"b/{name}\"\nnew file mode 100644\n--- /dev/null\n+++ \"b/{name}\"\n@@ -0,0 +1 @@\n+x\n");
        _repo.CarryOk("import", "patch", plain);
        Assert.Equal($"A \"{name}\"\n", _repo.CarryOk("files").Out);
        // git prints the same name the same way (core.quotePath on or off: only control characters here).
        Assert.Equal($"\"{name}\"", _repo.Git("diff", "--name-only", "HEAD^", "HEAD"));
    }

    [Fact]
    public void Unlisted_files_are_kept_only_when_they_are_ordinary_series_files()
    {
        var outside = Path.Combine(_sandbox, "outside");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "key"), "PRIVATE KEY\n");
        var dir = Series("a.patch");
        File.WriteAllText(Path.Combine(dir, "a.patch"), AddFile("a.txt"));
        File.WriteAllText(Path.Combine(dir, "README"), "about these patches\n");
        File.WriteAllText(Path.Combine(dir, "series.hurd"), "a.patch\n");
        File.WriteAllText(Path.Combine(dir, "id_rsa"), "PRIVATE KEY\n");
        Directory.CreateSymbolicLink(Path.Combine(dir, "linkdir"), outside);
        File.CreateSymbolicLink(Path.Combine(dir, "passwd"), "/etc/passwd");
        var run = _repo.CarryOk("import", "quilt", dir);
        Assert.Contains("Kept with the series: README, series.hurd", run.Out);
        Assert.Contains("id_rsa (not a series file)", run.Out);
        Assert.Contains("linkdir (a symbolic link)", run.Out);
        Assert.Contains("passwd (a symbolic link)", run.Out);
        var exported = Path.Combine(_sandbox, "exported");
        _repo.CarryOk("export", "quilt", exported);
        Assert.Equal(["README", "a.patch", "series", "series.hurd"],
            Directory.EnumerateFileSystemEntries(exported, "*", SearchOption.AllDirectories).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("I am not a patch\n")]
    [InlineData("")]
    [InlineData("From: a@b.c\nSubject: [PATCH] no diff here\n\njust words\n")]
    [InlineData("\u0001\u00ff\u0000binary garbage\u0000")]
    public void Garbage_is_not_imported_as_an_empty_patch(string content)
    {
        var file = Path.Combine(_sandbox, "garbage.patch");
        File.WriteAllText(file, content);
        var before = Snapshot.Take(_repo);
        var refused = _repo.CarryFails("import", "patch", file);
        Assert.Contains("is not a patch: no valid diff in it", refused.Err);
        Assert.Equal(before, Snapshot.Take(_repo));
        var mbox = _repo.CarryFails("import", "mbox", file);
        Assert.Contains("not a patch", mbox.Err);
    }

    [Fact]
    public void A_NUL_byte_never_reaches_a_commit_message()
    {
        var file = Path.Combine(_sandbox, "nul.patch");
        File.WriteAllText(file, "From: A <a@b.c>\nSubject: [PATCH] evil\0subject\n\n---\n" + AddFile("n.txt"));
        var refused = _repo.CarryFails("import", "mbox", file);
        Assert.Contains("NUL byte", refused.Err);
    }

    [Theory]
    [InlineData("\"A>B\" <a@b.c>")]
    [InlineData("A>B <a@b.c>")]
    public void A_mail_whose_From_would_break_the_author_line_gets_the_author_git_am_gives(string from)
    {
        var file = Path.Combine(_sandbox, "from.mbox");
        File.WriteAllText(file, $"From: {from}\nSubject: [PATCH] hostile author\n\nbody\n---\n" + AddFile("n.txt"));
        _repo.CarryOk("import", "mbox", file);
        Invariants.Check(_repo); // git fsck --strict: no badName, no missingEmail

        using var am = new TempRepo();
        am.Write("x.txt", "x\n");
        am.Commit("base");
        am.Git("am", "-q", file);
        Assert.Equal(am.Git("log", "-1", "--format=%an|%ae"), _repo.Git("log", "-1", "--format=%an|%ae"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Export_never_writes_through_a_symbolic_link_in_its_folder(bool mbox)
    {
        _repo.Write("p.txt", "patch\n");
        _repo.Git("add", "p.txt");
        _repo.CarryOk("new", "p1");
        _repo.CarryOk("refresh");
        var victim = Path.Combine(_sandbox, "victim.txt");
        File.WriteAllText(victim, "untouched\n");
        var dir = Path.Combine(_sandbox, "out");
        Directory.CreateDirectory(dir);
        var planted = Path.Combine(dir, mbox ? "0001-p1.patch" : "p1.patch");
        File.CreateSymbolicLink(planted, victim);
        var args = mbox ? new[] { "export", "mbox", dir + "/" } : ["export", "quilt", "--force", dir];
        var run = _repo.Carry(args);
        Assert.Equal("untouched\n", File.ReadAllText(victim));
        if (run.Exit == 0) Assert.Null(new FileInfo(planted).LinkTarget); // replaced, not followed
    }

    [Fact]
    public void The_working_tree_writer_never_writes_through_a_symbolic_link()
    {
        var outside = Path.Combine(_sandbox, "outside");
        Directory.CreateDirectory(outside);
        Directory.CreateSymbolicLink(Path.Combine(_repo.Dir, "sub"), outside);
        var patch = Path.Combine(_sandbox, "sub.patch");
        File.WriteAllText(patch, "--- a/sub/x.txt\n+++ b/sub/x.txt\n@@ -0,0 +1 @@\n+written\n".Replace("--- a/sub/x.txt", "--- /dev/null"));
        var run = _repo.Carry("import", "patch", patch);
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
        Assert.DoesNotContain("   at ", run.Err);
    }

    [Fact]
    public void Series_never_prints_raw_terminal_escapes()
    {
        _repo.Write("p.txt", "patch\n");
        _repo.Git("add", "p.txt");
        _repo.CarryOk("new", "p1");
        _repo.CarryOk("refresh");
        // A name no carry command accepts, written into the stack record behind carry's back.
        var stack = _repo.Git("show", "refs/carry/main:stack").Replace(" p1 ", " p1\u001b]0;owned\u0007 ") + "\n";
        var file = Path.Combine(_sandbox, "stack");
        File.WriteAllText(file, stack);
        var blob = _repo.Git("hash-object", "-w", file);
        var entries = _repo.Git("ls-tree", "refs/carry/main").Split('\n')
            .Select(l => l.EndsWith("\tstack", StringComparison.Ordinal) ? $"100644 blob {blob}\tstack" : l);
        File.WriteAllText(file, string.Join('\n', entries) + "\n");
        var tree = MkTree(file);
        var parents = _repo.Git("rev-parse", "refs/carry/main^@").Split('\n').SelectMany(p => new[] { "-p", p });
        var state = _repo.Git(["commit-tree", tree, .. parents, "-m", "carry crafted"]);
        _repo.Git("update-ref", "refs/carry/main", state);
        var series = _repo.CarryOk("series");
        Assert.DoesNotContain('\u001b', series.Out);
        Assert.DoesNotContain('\u0007', series.Out);
        Assert.Contains("p1\\x1b]0;owned\\x07", series.Out);
    }

    private string MkTree(string inputFile)
    {
        using var p = Process.Start(new ProcessStartInfo("sh", ["-c", $"git mktree < '{inputFile}'"]) { WorkingDirectory = _repo.Dir, RedirectStandardOutput = true })!;
        var tree = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        return tree;
    }
}
