using Carry.Git;
using Carry.Tests.Support;

namespace Carry.Tests.Engine.Git;

/// <summary>Objects kept in memory and written at once must be exactly what git would write.</summary>
public sealed class ObjectStoreTests
{
    [Theory]
    [InlineData(10)]   // loose objects
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
        // fsck re-hashes every object, so equal sizes here mean equal contents.
        foreach (var (id, content) in ids)
            Assert.Equal(content.Length.ToString(), TempRepo.GitIn(repo.Dir, "cat-file", "-s", id.Hex));
        if (count > 64)
            foreach (var idx in Directory.GetFiles(Path.Combine(repo.Dir, ".git", "objects", "pack"), "*.idx"))
                Assert.Equal(0, TempRepo.RunGit(repo.Dir, "verify-pack", idx).Exit);
    }
}
