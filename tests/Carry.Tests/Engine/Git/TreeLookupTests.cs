using Carry.Git;
using Carry.Tests.Support;

namespace Carry.Tests.Engine.Git;

/// <summary>
/// Tree lookups binary-search a folder's entries in git's order; what they find must be what git
/// finds, for names sorting either side of a folder of the same stem; a tree out of order is refused.
/// </summary>
public sealed class TreeLookupTests
{
    [Fact]
    public void Every_path_of_a_big_folder_is_found_as_git_finds_it()
    {
        using var repo = TempRepo.WithBase();
        var names = new List<string>();
        for (var i = 0; i < 300; i++) names.Add($"f{i:D3}.txt");
        names.AddRange(["a", "a-b", "a.b", "a0", "b/x", "b.c", "b-c", "b0/y", "c d", "\u00e9t\u00e9"]);
        foreach (var n in names) repo.Write(n, n + "\n");
        repo.Commit("A big folder");
        using var carryRepo = CarryRepository.Open(repo.Dir);
        var tree = new Oid(repo.Git("rev-parse", "HEAD^{tree}"));
        foreach (var n in names.Append("b").Append("b0"))
        {
            var raw = RawPath.FromText(n);
            Assert.Equal(repo.Git("rev-parse", $"HEAD:{n}"), TreeOps.Lookup(carryRepo.Objects, tree, raw)?.Id.Hex);
        }
        foreach (var missing in new[] { "a/", "b.d", "f300.txt", "0", "zzz", "b/y", "a-" })
            Assert.Null(TreeOps.Lookup(carryRepo.Objects, tree, RawPath.FromText(missing)));
    }

    [Fact]
    public void A_tree_out_of_order_is_refused_when_read()
    {
        using var repo = TempRepo.WithBase();
        var blob = repo.Git("hash-object", "-w", "README.md");
        // git mktree sorts; a crafted tree (as a hostile upstream could push) need not be sorted,
        // and a lookup's binary search would then miss what git's linear reads find: refused.
        var body = new List<byte>();
        foreach (var name in new[] { "zeta", "alpha", "mid" })
        {
            body.AddRange(System.Text.Encoding.ASCII.GetBytes($"100644 {name}\0"));
            body.AddRange(Convert.FromHexString(blob));
        }
        var file = Path.Combine(repo.Dir, ".git", "crafted-tree");
        File.WriteAllBytes(file, [.. body]);
        var tree = new Oid(repo.Git("hash-object", "-w", "-t", "tree", "--literally", file));
        using var carryRepo = CarryRepository.Open(repo.Dir);
        var refused = Assert.Throws<MalformedTreeException>(() => TreeOps.Lookup(carryRepo.Objects, tree, "zeta"));
        Assert.Equal("alpha", refused.Path);
        Assert.Contains("treeNotSorted", refused.Message);
    }
}
