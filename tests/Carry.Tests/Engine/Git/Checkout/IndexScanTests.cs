using Carry.Git;
using Carry.Git.Checkout;
using Carry.Tests.Support;

namespace Carry.Tests.Engine.Git.Checkout;

/// <summary>The conflict check reads the index itself; git decides what the index holds.</summary>
public sealed class IndexScanTests
{
    private static string IndexOf(TempRepo repo) => Path.Combine(repo.Dir, ".git", "index");

    /// <summary>The check a command makes before it starts, on the index as it is now.</summary>
    private static bool Conflicted(TempRepo repo)
    {
        using var carryRepo = CarryRepository.Open(repo.Dir);
        return carryRepo.HasConflicts;
    }

    /// <summary>Adds, by git, an unmerged entry (stage 2) after every other path of the index.</summary>
    private static void AddConflict(TempRepo repo)
    {
        var blob = repo.GitWithInput("conflict\n", "hash-object", "-w", "--stdin");
        repo.GitWithInput($"100644 {blob} 2\tzzz-conflict.txt\n", "update-index", "--index-info");
    }

    [Fact]
    public void A_merge_conflict_made_by_git_is_seen_and_its_resolution_too()
    {
        using var repo = TempRepo.WithBase();
        repo.Git("checkout", "-q", "-b", "other");
        repo.Write("shared.txt", "theirs\n");
        repo.Commit("theirs");
        repo.Git("checkout", "-q", "-");
        repo.Write("shared.txt", "ours\n");
        repo.Commit("ours");
        Assert.False(Conflicted(repo));

        Assert.NotEqual(0, TempRepo.RunGit(repo.Dir, "merge", "-q", "other").Exit);
        Assert.NotEqual("", repo.Git("ls-files", "-u"));
        Assert.True(Conflicted(repo));

        repo.Git("add", "shared.txt");
        Assert.Equal("", repo.Git("ls-files", "-u"));
        Assert.False(Conflicted(repo));
    }

    [Fact]
    public void Long_names_and_extended_flags_are_stepped_over()
    {
        using var repo = TempRepo.WithBase();
        // A name longer than the 12-bit length field (git stores 0xFFF and the reader finds the NUL).
        // Too long for a path on disk, so put in the index alone.
        var deep = string.Join('/', Enumerable.Repeat(new string('d', 200), 22)) + "/f.txt";
        var x = repo.GitWithInput("x\n", "hash-object", "-w", "--stdin");
        repo.GitWithInput($"100644 {x} 0\t{deep}\n", "update-index", "--add", "--index-info");
        repo.Write("zz-after.txt", "y\n");
        repo.Git("add", "zz-after.txt");
        repo.Git("update-index", "--skip-worktree", "zz-after.txt"); // extended flags: version 3 entries
        Assert.Contains("S zz-after.txt", repo.Git("ls-files", "-t"));
        Assert.False(Conflicted(repo));

        // The same index with a conflict added after those entries, by git.
        AddConflict(repo);
        Assert.True(Conflicted(repo));
    }

    [Fact]
    public void An_index_written_through_the_buffer_is_one_git_reads_entry_for_entry()
    {
        using var repo = TempRepo.WithBase();
        var x = repo.GitWithInput("x\n", "hash-object", "-w", "--stdin");
        // Enough entries to fill the 64 KB write buffer several times, one entry larger than the
        // buffer itself (a 70,000-byte name: index only), and an extended-flag entry (version 3).
        var lines = string.Concat(Enumerable.Range(0, 3000).Select(i => $"100644 {x} 0\tmany/file-{i:D5}-{new string('n', 40)}.txt\n"));
        var huge = string.Join('/', Enumerable.Repeat(new string('h', 250), 280)) + "/f.txt";
        repo.GitWithInput(lines + $"100644 {x} 0\t{huge}\n", "update-index", "--add", "--index-info");
        repo.Git("update-index", "--skip-worktree", "README.md");
        var before = repo.Git("ls-files", "-s", "-t");
        var index = IndexFile.TryRead(IndexOf(repo), out var why) ?? throw new Xunit.Sdk.XunitException(why);

        using (var file = new FileStream(IndexOf(repo), FileMode.Create, FileAccess.Write))
            index.WriteTo(file);

        Assert.Equal(before, repo.Git("ls-files", "-s", "-t"));
        Assert.Equal(0, TempRepo.RunGit(repo.Dir, "-c", "index.skipHash=false", "fsck", "--no-dangling", "--cache").Exit);
    }

    [Fact]
    public void An_index_whose_checksum_is_wrong_is_read_as_git_reads_it_a_truncated_one_is_declined()
    {
        // git checks the trailing SHA-1 only for fsck (read-cache.c, verify_index_checksum), and
        // index.skipHash (git 2.40) writes zeros there: the entries are read, as git lists them.
        using var repo = TempRepo.WithBase();
        repo.Write("dir/b.txt", "b\n");
        repo.Git("add", "dir/b.txt");
        var index = IndexOf(repo);
        var bytes = File.ReadAllBytes(index);
        bytes.AsSpan(bytes.Length - 20).Clear();
        File.WriteAllBytes(index, bytes);
        var read = IndexFile.TryRead(index, out var unsupported);
        Assert.True(read is not null, unsupported);
        var listed = string.Join('\n', read.Entries.Select(e => $"{Convert.ToString(e.Mode, 8)} {e.Id.Hex} {e.Stage}\t{e.Path}"));
        Assert.Equal(repo.Git("ls-files", "-s"), listed);

        File.WriteAllBytes(index, bytes[..^30]); // the last entry cut short
        Assert.Null(IndexFile.TryRead(index, out unsupported));
        Assert.Equal("malformed index entry", unsupported);
    }

    [Fact]
    public void Version_4_is_left_to_libgit2()
    {
        using var repo = TempRepo.WithBase();
        repo.Git("update-index", "--index-version", "4");
        Assert.Null(IndexFile.TryRead(IndexOf(repo), out var unsupported));
        Assert.Equal("index version 4", unsupported);
        Assert.False(Conflicted(repo));
        AddConflict(repo);
        Assert.True(Conflicted(repo));
    }

    [Fact]
    public void The_index_the_check_read_is_the_checkouts_while_the_file_is_unchanged()
    {
        using var repo = TempRepo.WithBase();
        using var carryRepo = CarryRepository.Open(repo.Dir);
        Assert.False(carryRepo.HasConflicts);
        var kept = carryRepo.KeptIndex;
        Assert.NotNull(kept?.Bytes);
        Assert.Null(kept.Index); // the scan made no entries
        var taken = IndexFile.TryRead(carryRepo, IndexOf(repo), out _);
        Assert.Null(carryRepo.KeptIndex); // handed out once
        Assert.Equal(repo.Git("ls-files").Split('\n'), taken!.Entries.Select(e => e.Path));

        // Changed by git after the check: the checkout reads the file as it is now.
        Assert.False(carryRepo.HasConflicts);
        repo.Write("added-after.txt", "new\n");
        repo.Git("add", "added-after.txt");
        var read = IndexFile.TryRead(carryRepo, IndexOf(repo), out _);
        Assert.Contains("added-after.txt", read!.Entries.Select(e => e.Path));
        Assert.Equal(repo.Git("ls-files").Split('\n'), read.Entries.Select(e => e.Path));
    }
}

/// <summary>Marking conflicts in the index without git must leave what <c>git update-index --index-info</c> leaves.</summary>
public sealed class IndexStagesTests
{
    [Fact]
    public void Stages_match_gits_and_other_entries_keep_their_flags()
    {
        using var repo = TempRepo.WithBase();
        repo.Write("dir/added-by-them.txt", "theirs\n");
        repo.Commit("More");
        repo.Git("update-index", "--skip-worktree", "README.md");
        string Blob(string text) => repo.GitWithInput(text, "hash-object", "-w", "--stdin");
        var (b, o, t) = (Blob("base\n"), Blob("ours\n"), Blob("theirs\n"));
        var entry = (string id) => new TreeEntry("x", EntryMode.Regular, new Oid(id));
        UnmergedPath[] paths =
        [
            new("shared.txt", entry(b), entry(o), entry(t)),          // a tracked file becomes unmerged
            new("dir/added-by-them.txt", null, null, entry(t)),       // only their side
            new("new/both-added.txt", null, entry(o), entry(t)),      // a path the index lacks
        ];
        WithTwin(repo, twin =>
        {
        var input = string.Concat(paths.Select(p => "0 0000000000000000000000000000000000000000\t" + p.Path + "\0"
            + string.Concat(new[] { (1, p.Base), (2, p.Ours), (3, p.Theirs) }.Where(s => s.Item2 is not null)
                .Select(s => $"{Convert.ToString(s.Item2!.Mode, 8)} {s.Item2.Id.Hex} {s.Item1}\t{p.Path}\0"))));
        twin.GitWithInput(input, "update-index", "-z", "--index-info");

        using (var carryRepo = CarryRepository.Open(repo.Dir))
            Assert.True(IndexStages.TryMark(carryRepo, paths));

        Assert.Equal(twin.Git("ls-files", "-s"), repo.Git("ls-files", "-s"));
        Assert.Equal(twin.Git("ls-files", "-t"), repo.Git("ls-files", "-t"));
        Assert.Contains("S README.md", repo.Git("ls-files", "-t"));
        using (var check = CarryRepository.Open(repo.Dir)) Assert.True(check.HasConflicts);
        });
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Stages_written_with_the_checkout_equal_stages_marked_after_it()
    {
        using var repo = TempRepo.WithBase();
        var from = repo.Git("rev-parse", "HEAD^{tree}");
        repo.Write("shared.txt", "changed\n");
        repo.Write("kit/new.txt", "new\n");
        repo.Commit("Next");
        var to = repo.Git("rev-parse", "HEAD^{tree}");
        repo.Git("reset", "-q", "--hard", "HEAD~1");
        string Blob(string text) => repo.GitWithInput(text, "hash-object", "-w", "--stdin");
        var (b, o, t) = (Blob("base\n"), Blob("ours\n"), Blob("theirs\n"));
        var entry = (string id) => new TreeEntry("x", EntryMode.Regular, new Oid(id));
        UnmergedPath[] paths = [new("shared.txt", entry(b), entry(o), entry(t)), new("other/both.txt", null, entry(o), entry(t))];
        WithTwin(repo, twin =>
        {
        using (var carryRepo = CarryRepository.Open(twin.Dir))
        {
            Assert.True(DirectCheckout.TrySwitch(carryRepo, new Oid(from), new Oid(to), Path.Combine(twin.Dir, ".git", "index"), out var declined, null, out var none), declined);
            Assert.False(none);
            Assert.True(IndexStages.TryMark(carryRepo, paths));
        }

        using (var carryRepo = CarryRepository.Open(repo.Dir))
        {
            Assert.True(DirectCheckout.TrySwitch(carryRepo, new Oid(from), new Oid(to), Path.Combine(repo.Dir, ".git", "index"), out var declined, paths, out var marked), declined);
            Assert.True(marked);
        }

        Assert.Equal(twin.Git("ls-files", "-s"), repo.Git("ls-files", "-s"));
        Assert.Contains("shared.txt", repo.Git("ls-files", "-u"));
        Assert.Equal("new\n", repo.Read("kit/new.txt"));
        });
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_path_that_would_be_a_file_and_a_folder_is_left_unmarked_for_git()
    {
        using var repo = TempRepo.WithBase();
        var blob = repo.GitWithInput("x\n", "hash-object", "-w", "--stdin");
        // shared.txt is a file in the index: marking shared.txt/inner.txt would make it a folder too.
        // README.md could be marked, but nothing is when one path cannot.
        var side = new TreeEntry("x", EntryMode.Regular, new Oid(blob));
        UnmergedPath[] paths = [new("README.md", side, side, side), new("shared.txt/inner.txt", null, side, null)];
        var index = IndexFile.TryRead(Path.Combine(repo.Dir, ".git", "index"), out _)!;

        Assert.False(IndexStages.TryApply(index.Entries, paths));

        // Refused with the entries untouched: the caller's index is still the one git wrote.
        Assert.Equal(repo.Git("ls-files").Split('\n'), index.Entries.Select(e => e.Path));
    }

    /// <summary>Runs <paramref name="test"/> with a copy of <paramref name="repo"/> beside it (deleted after).</summary>
    private static void WithTwin(TempRepo repo, Action<TempRepo> test)
    {
        var twin = TempRepo.Adopt(repo.Dir + "-twin");
        try
        {
            CopyFolder(repo.Dir, twin.Dir);
            test(twin);
        }
        finally
        {
            twin.Dispose();
        }
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }
}
