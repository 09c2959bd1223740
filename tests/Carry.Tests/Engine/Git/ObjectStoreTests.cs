using Carry.Git;
using CsCheck;
using Carry.Tests.Support;

namespace Carry.Tests.Engine.Git;

/// <summary>Objects kept in memory and written at once must be exactly what git would write.</summary>
public sealed class ObjectStoreTests
{
    [Theory]
    [InlineData(3)]    // loose objects
    [InlineData(200)]  // one pack with its index
    public void Flushed_objects_pass_git_fsck_and_read_back(int count)
    {
        using var repo = TempRepo.WithBase();
        var ids = new List<(Oid Id, byte[] Content)>();
        using (var carryRepo = CarryRepository.Open(repo.Dir))
        {
            var objects = carryRepo.Objects;
            for (var i = 0; i < count; i++)
            {
                // The empty blob is the edge case: zlib must still write a complete stream.
                var content = i == 0 ? [] : System.Text.Encoding.UTF8.GetBytes($"object {i}\n" + new string('x', i * 13));
                ids.Add((objects.WriteBlob(content), content));
            }
            var tree = objects.WriteTree(ids.Select((b, i) => new TreeEntry($"f{i}", EntryMode.Regular, b.Id)));
            objects.Flush();
            Assert.Equal(tree.Hex, TempRepo.GitIn(repo.Dir, "rev-parse", tree.Hex + "^{tree}"));
        }
        var fsck = TempRepo.RunGit(repo.Dir, "fsck", "--strict", "--no-dangling");
        Assert.True(fsck.Exit == 0, fsck.Err);
        // fsck re-hashes every object, so equal sizes here mean equal contents (one cat-file for all of them).
        var sizes = repo.GitWithInput(string.Join('\n', ids.Select(b => b.Id.Hex)) + "\n", "cat-file", "--batch-check=%(objectname) %(objecttype) %(objectsize)").Split('\n');
        Assert.Equal(ids.Select(b => $"{b.Id.Hex} blob {b.Content.Length}"), sizes);
        if (count > 4)
            foreach (var idx in Directory.GetFiles(Path.Combine(repo.Dir, ".git", "objects", "pack"), "*.idx"))
                Assert.Equal(0, TempRepo.RunGit(repo.Dir, "verify-pack", idx).Exit);
    }

    [Fact]
    public void Objects_compressed_while_being_made_leave_out_what_the_repository_has_and_nothing_when_dropped()
    {
        using var repo = TempRepo.WithBase();
        // 100 blobs git has (packed), then 150 new ones: more than the store compresses ahead of its flush.
        var known = Enumerable.Range(0, 100).Select(i => $"known {i}\n").ToList();
        var input = string.Join('\n', known.Select((_, i) => Path.Combine(repo.Dir, $"k{i}.txt")));
        for (var i = 0; i < known.Count; i++) File.WriteAllText(Path.Combine(repo.Dir, $"k{i}.txt"), known[i]);
        repo.GitWithInput(input + "\n", "hash-object", "-w", "--stdin-paths");
        repo.Git("repack", "-adq");
        var packDir = Path.Combine(repo.Dir, ".git", "objects", "pack");
        var before = Directory.GetFiles(packDir, "*.idx").ToHashSet();
        var fresh = new List<Oid>();
        using (var carryRepo = CarryRepository.Open(repo.Dir))
        {
            var objects = carryRepo.Objects;
            for (var i = 0; i < 250; i++)
            {
                var content = i < 100 ? known[i] : $"fresh {i}\n" + new string('y', i * 17);
                var id = objects.WriteBlob(System.Text.Encoding.UTF8.GetBytes(content));
                if (i >= 100) fresh.Add(id);
            }
            objects.Flush();
        }
        var added = Assert.Single(Directory.GetFiles(packDir, "*.idx"), f => !before.Contains(f));
        // verify-pack -v: one line per object ("id type size ..."), then its summary lines.
        var ids = TempRepo.GitIn(repo.Dir, "verify-pack", "-v", added).Split('\n').Where(l => l.Contains(" blob ")).Select(l => l[..40]).Order();
        Assert.Equal(fresh.Select(f => f.Hex).Order(), ids);
        Assert.Equal(0, TempRepo.RunGit(repo.Dir, "fsck", "--strict", "--no-dangling").Exit);

        // A command that fails before its flush writes nothing, though its objects were being compressed.
        using (var carryRepo = CarryRepository.Open(repo.Dir))
            for (var i = 0; i < 300; i++) carryRepo.Objects.WriteBlob(System.Text.Encoding.UTF8.GetBytes($"dropped {i}\n"));
        Assert.Equal(before.Count + 1, Directory.GetFiles(packDir, "*.idx").Length);
        Assert.Empty(Directory.GetFiles(packDir, PackWriter.TempPrefix + "*"));
    }

    [Fact]
    public void A_pack_is_readable_before_its_flush_to_disk_ends_and_closed_once_waited_for()
    {
        using var repo = TempRepo.WithBase();
        using var carryRepo = CarryRepository.Open(repo.Dir);
        var objects = carryRepo.Objects;
        var blobs = Enumerable.Range(0, 50).Select(i => objects.WriteBlob(System.Text.Encoding.UTF8.GetBytes($"blob {i}\n"))).ToList();
        objects.Flush();
        // Readable at once, by git too: the checkout that follows a flush reads these objects.
        Assert.Equal("blob 7\n", repo.Git("cat-file", "-p", blobs[7].Hex) + "\n");
        objects.WaitDurable();
        if (OperatingSystem.IsLinux())
        {
            // Flushed and closed: no descriptor of this process is left on the pack or its index.
            var pack = Path.Combine(repo.Dir, ".git", "objects", "pack");
            var open = Directory.GetFiles("/proc/self/fd").Select(fd => new FileInfo(fd).LinkTarget).Where(t => t?.StartsWith(pack, StringComparison.Ordinal) == true);
            Assert.Empty(open);
        }
    }

    [Fact]
    public void Blobs_read_on_several_threads_past_the_cache_limit_are_gits_contents_and_a_repeat_is_kept()
    {
        using var repo = TempRepo.WithBase();
        // More bytes than the cache keeps, in blobs git wrote (read through libgit2, not memory).
        var size = ObjectStore.BlobCacheBytes / 40;
        var contents = Enumerable.Range(0, 60).Select(i => System.Text.Encoding.UTF8.GetBytes($"blob {i}\n" + new string((char)('a' + i % 26), size))).ToList();
        var ids = contents.Select(c => new Oid(repo.GitWithInput(System.Text.Encoding.UTF8.GetString(c), "hash-object", "-w", "--stdin"))).ToList();
        using var carryRepo = CarryRepository.Open(repo.Dir);
        var objects = carryRepo.Objects;
        var first = objects.ReadBlob(ids[^1]);
        Assert.Same(first, objects.ReadBlob(ids[^1]));
        Parallel.For(0, 4 * ids.Count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, k =>
        {
            var i = k * 7 % ids.Count;
            Assert.Equal(contents[i], objects.ReadBlob(ids[i]));
        });
        // Every blob again, one by one, after the cache started over at least once.
        for (var i = 0; i < ids.Count; i++) Assert.Equal(contents[i], objects.ReadBlob(ids[i]));
    }

    [Fact]
    public void Trees_read_before_they_were_forgotten_read_back_the_same_and_new_ones_stay_in_memory()
    {
        using var repo = TempRepo.WithBase();
        using var carryRepo = CarryRepository.Open(repo.Dir);
        var objects = carryRepo.Objects;
        var head = objects.ReadCommit(new Oid(repo.Git("rev-parse", "HEAD")));
        var entries = objects.ReadTree(head.Tree).ToList();
        var raw = objects.ReadTreeBytes(head.Tree);
        var blob = objects.WriteBlob("new\n"u8.ToArray());
        var folder = objects.WriteTree([new TreeEntry("inner.txt", EntryMode.Regular, blob)]);
        var added = objects.WriteTree([.. entries, new TreeEntry("new.txt", EntryMode.Regular, blob), new TreeEntry("sub", EntryMode.Tree, folder)]);
        var other = objects.WriteTree([new TreeEntry("elsewhere.txt", EntryMode.Regular, blob)]);
        objects.ForgetReadTrees();
        Assert.Equal(entries, objects.ReadTree(head.Tree));
        Assert.Equal(raw, objects.ReadTreeBytes(head.Tree));
        Assert.Contains(objects.ReadTree(added), e => e.Name == "new.txt");
        var (addedBody, folderBody, otherBody) = (objects.ReadTreeBytes(added), objects.ReadTreeBytes(folder), objects.ReadTreeBytes(other));
        objects.Flush(added);
        Assert.Equal(added.Hex, TempRepo.GitIn(repo.Dir, "rev-parse", added.Hex + "^{tree}"));
        // The tree to keep and its new folders are still read from memory after the flush (a
        // checkout diffs them next); another new tree is let go, and read back from the repository.
        Assert.Same(addedBody, objects.ReadTreeBytes(added));
        Assert.Same(folderBody, objects.ReadTreeBytes(folder));
        Assert.NotSame(otherBody, objects.ReadTreeBytes(other));
        Assert.Equal(otherBody, objects.ReadTreeBytes(other));
    }

    [Fact]
    public void Stored_zlib_streams_inflate_to_their_data_and_carry_a_checksum_readers_verify()
    {
        // Sizes around the 64 KiB block limit and the store/compress threshold, and random ones.
        var sizes = Gen.OneOf(Gen.Int[0, 200_000], Gen.Int[65_530, 65_540], Gen.Int[ZlibBody.StoreBelow - 3, ZlibBody.StoreBelow + 3]);
        Gen.Select(sizes, Gen.Int).Sample((size, seed) =>
        {
            var data = new byte[size];
            new Random(seed).NextBytes(data);
            foreach (var stored in new[] { true, false })
            {
                using var ms = new MemoryStream();
                if (stored) ZlibBody.WriteStored(ms, data);
                else ZlibBody.Write(ms, data.AsSpan(0, size / 3), data.AsSpan(size / 3));
                Assert.Equal(data, Inflate(ms.ToArray()));
            }
        }, iter: 60);

        // The Adler-32 is checked by zlib's reader (as by git's): a wrong one is an error, not silently accepted.
        using var damaged = new MemoryStream();
        ZlibBody.WriteStored(damaged, "some object body\n"u8);
        var bytes = damaged.ToArray();
        bytes[^1] ^= 1;
        Assert.Throws<InvalidDataException>(() => Inflate(bytes));
    }

    [Fact]
    public void Git_reads_a_loose_object_made_of_several_stored_blocks()
    {
        using var repo = TempRepo.WithBase();
        var body = new byte[150_000];
        new Random(7).NextBytes(body);
        var path = Path.Combine(repo.Dir, "big.bin");
        File.WriteAllBytes(path, body);
        var id = repo.Git("hash-object", "big.bin");
        var file = Path.Combine(repo.Dir, ".git", "objects", id[..2], id[2..]);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        using (var output = File.Create(file))
            ZlibBody.WriteStored(output, [.. System.Text.Encoding.ASCII.GetBytes($"blob {body.Length}\0"), .. body]);
        repo.Git("update-index", "--add", "--cacheinfo", $"100644,{id},big.bin");
        repo.Git("commit", "-q", "-m", "A big blob");
        var fsck = TempRepo.RunGit(repo.Dir, "fsck", "--strict", "--no-dangling");
        Assert.True(fsck.Exit == 0, fsck.Err);
        File.Delete(path);
        repo.Git("checkout", "--", "big.bin");
        Assert.Equal(body, File.ReadAllBytes(path));
    }

    private static byte[] Inflate(byte[] zlib)
    {
        using var z = new System.IO.Compression.ZLibStream(new MemoryStream(zlib), System.IO.Compression.CompressionMode.Decompress);
        using var result = new MemoryStream();
        z.CopyTo(result);
        return result.ToArray();
    }

    [Fact]
    public void Loose_objects_are_read_only_and_one_git_has_packed_is_not_written_again()
    {
        using var repo = TempRepo.WithBase();
        repo.Git("repack", "-adq");
        var packed = repo.Git("rev-parse", "HEAD:README.md");
        Oid fresh;
        using (var carryRepo = CarryRepository.Open(repo.Dir))
        {
            var objects = carryRepo.Objects;
            Assert.Equal(packed, objects.WriteBlob(File.ReadAllBytes(Path.Combine(repo.Dir, "README.md"))).Hex);
            fresh = objects.WriteBlob("new content\n"u8.ToArray());
            objects.Flush();
        }
        var objectsDir = Path.Combine(repo.Dir, ".git", "objects");
        Assert.False(File.Exists(Path.Combine(objectsDir, packed[..2], packed[2..])));
        var loose = Path.Combine(objectsDir, fresh.Hex[..2], fresh.Hex[2..]);
        Assert.Equal("new content\n", repo.Git("cat-file", "blob", fresh.Hex) + "\n");
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(loose));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(loose)!, "tmp_*"));
        Assert.Equal(0, TempRepo.RunGit(repo.Dir, "fsck", "--strict", "--no-dangling").Exit);
    }

    [Fact]
    public void The_empty_tree_is_gits_own_and_a_patch_emptying_the_tree_passes_fsck()
    {
        using var repo = TempRepo.WithStack(0);
        Assert.Equal(TempRepo.GitIn(repo.Dir, "hash-object", "-t", "tree", "/dev/null"), ObjectStore.EmptyTree.Hex);

        // A patch that deletes every file, made by git, imported by carry: its commit points at the empty tree.
        repo.Git("rm", "-q", "README.md", "shared.txt");
        repo.Git("commit", "-q", "-m", "Remove everything");
        var mail = Path.Combine(repo.Dir, "..", Path.GetFileName(repo.Dir) + ".mbox");
        File.WriteAllText(mail, repo.Git("format-patch", "-1", "--stdout") + "\n");
        repo.Git("reset", "-q", "--hard", "base");
        try
        {
            repo.CarryOk("import", "mbox", mail);
        }
        finally
        {
            File.Delete(mail);
        }
        Assert.Equal(ObjectStore.EmptyTree.Hex, repo.Git("rev-parse", "HEAD^{tree}"));
        Assert.Equal("", repo.Git("status", "--porcelain"));
        Invariants.Check(repo); // git fsck --strict: no missing tree
    }

    [Fact]
    public void Tree_order_is_git_order_a_tree_name_compared_as_if_it_ended_in_a_slash()
    {
        // The definition git's fsck checks (tree.c, base_name_compare), against the allocation-free comparer.
        static int Definition(TreeEntry a, TreeEntry b) =>
            string.CompareOrdinal(a.IsTree ? a.Name + "/" : a.Name, b.IsTree ? b.Name + "/" : b.Name);
        var name = Gen.Char["-./0ab\u00e9"].Array[1, 4].Select(c => new string(c).Replace("/", ""));
        var entry = Gen.Select(name, Gen.Bool, (n, tree) => new TreeEntry(n.Length == 0 ? "x" : n, tree ? EntryMode.Tree : EntryMode.Regular, ObjectStore.EmptyTree));
        Gen.Select(entry, entry).Sample(p =>
            Math.Sign(ObjectFormat.CompareEntries(p.Item1, p.Item2)) == Math.Sign(Definition(p.Item1, p.Item2)), iter: 20000);
    }
}
