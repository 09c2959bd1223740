using Carry.Git;
using Carry.Tests.Support;
using CsCheck;

namespace Carry.Tests.Engine.Git;

/// <summary>
/// <see cref="TreeOps.Update"/> splices changed entries into a folder's raw body; the result must
/// be the tree git would build from the same entries: git's order (a folder sorts as its name and
/// '/'), octal modes without padding, and trees that pass git's own checks.
/// </summary>
public sealed class TreeUpdateTests
{
    // Stems that sort either side of a folder of the same name ("a" < "a-b" < "a.b" < "a/" < "a0").
    private static readonly string[] Names = ["a", "a-b", "a.b", "a0", "b", "b.c", "c d", "z"];

    [Fact]
    public void Random_adds_replacements_and_removals_give_the_tree_built_whole()
    {
        using var repo = TempRepo.WithBase();
        using var carryRepo = CarryRepository.Open(repo.Dir);
        var objects = carryRepo.Objects;
        var blobs = Enumerable.Range(0, 4).Select(i => objects.WriteBlob(System.Text.Encoding.ASCII.GetBytes($"blob {i}\n"))).ToArray();
        // A path: a name at the top or one level down; a change: a blob (regular or executable) or a removal.
        var path = Gen.Select(Gen.Int[0, Names.Length - 1], Gen.Int[-1, Names.Length - 1], (a, b) => b < 0 ? Names[a] : Names[a] + "/" + Names[b]);
        var entry = Gen.Select(Gen.Int[-1, blobs.Length - 1], Gen.Bool, (b, x) => b < 0 ? null : new TreeEntry("", x ? EntryMode.Executable : EntryMode.Regular, blobs[b]));
        var checkedTrees = new List<Oid>();
        Gen.Select(path.Select(entry).List[0, 12], path.Select(entry).List[1, 8]).Sample((start, changes) =>
        {
            // Update's callers never replace a file by a folder or the reverse: a name is one or the other throughout.
            var used = start.Concat(changes).Select(c => c.Item1).ToList();
            if (used.Any(p => !p.Contains('/') && used.Any(q => q.StartsWith(p + "/", StringComparison.Ordinal)))) return;
            var files = new SortedDictionary<string, TreeEntry>(StringComparer.Ordinal);
            Apply(files, start);
            var before = Build(objects, files);
            // Spliced before the same trees are built whole: the store keeps the first body it is
            // given for an id, so the lookups below read the spliced bodies and the offsets kept with them.
            var updated = TreeOps.Update(objects, before ?? ObjectStore.EmptyTree, changes.Select(c => (c.Item1, c.Item2)));
            Apply(files, changes);
            var expected = Build(objects, files);
            if (expected is null) return;
            Assert.Equal(expected.Value, updated);
            // The spliced bodies are looked up and spliced again through the entry offsets kept with them.
            foreach (var (file, wanted) in files) Assert.Equal(wanted, TreeOps.Lookup(objects, updated, file));
            foreach (var (gone, _) in changes.Where(c => c.Item2 is null && !files.ContainsKey(c.Item1)))
                Assert.Null(TreeOps.Lookup(objects, updated, gone));
            var twice = TreeOps.Update(objects, updated, start.Select(c => (c.Item1, c.Item2)));
            Apply(files, start);
            var again = Build(objects, files);
            if (again is null) return;
            Assert.Equal(again.Value, twice);
            foreach (var (file, wanted) in files) Assert.Equal(wanted, TreeOps.Lookup(objects, twice, file));
            checkedTrees.Add(updated);
        }, iter: 200, threads: 1); // one object store for all samples, and adding objects is single-threaded (as in Carry)
        objects.Flush();
        Assert.True(checkedTrees.Count > 40, $"only {checkedTrees.Count} samples were consistent");
        var fsck = TempRepo.RunGit(repo.Dir, "fsck", "--strict", "--no-dangling");
        Assert.True(fsck.Exit == 0, fsck.Err);
        Assert.Equal(checkedTrees[^1].Hex, TempRepo.GitIn(repo.Dir, "rev-parse", checkedTrees[^1].Hex + "^{tree}"));
    }

    private static void Apply(SortedDictionary<string, TreeEntry> files, IEnumerable<(string Path, TreeEntry? Entry)> changes)
    {
        foreach (var (path, entry) in changes)
        {
            if (entry is null) files.Remove(path);
            else files[path] = entry with { Name = path[(path.LastIndexOf('/') + 1)..] };
        }
    }

    /// <summary>The tree of <paramref name="files"/> built whole (entries sorted by the object store's own code), or null when empty.</summary>
    private static Oid? Build(ObjectStore objects, SortedDictionary<string, TreeEntry> files)
    {
        if (files.Count == 0) return null;
        var top = new List<TreeEntry>();
        foreach (var group in files.GroupBy(f => f.Key.Split('/')[0]))
        {
            if (!group.First().Key.Contains('/')) { top.Add(group.First().Value); continue; }
            top.Add(new TreeEntry(group.Key, EntryMode.Tree, objects.WriteTree(group.Select(f => f.Value))));
        }
        return objects.WriteTree(top);
    }
}
