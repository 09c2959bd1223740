using System.Text;
using Carry.Git;
using Carry.Hashing;

namespace Carry.Formats;

/// <summary>
/// Short stable hashes that tell whether a patch changed since it was imported. The change is
/// fingerprinted at the tree level (every changed path with its modes and blob ids before and
/// after), which is exact and costs no text diff: any edit, refresh or rebase that changes
/// what the patch's files look like gives a new fingerprint, and export regenerates the file.
/// </summary>
public static class Fingerprint
{
    /// <summary>The fingerprint of the change from <paramref name="before"/> to <paramref name="after"/>.</summary>
    /// <param name="store">Where the trees are.</param>
    /// <param name="before">The patch's parent tree.</param>
    /// <param name="after">The patch's tree.</param>
    public static string Change(ObjectStore store, Oid before, Oid after)
    {
        var sb = new StringBuilder("change 1\n");
        foreach (var c in TreeOps.Diff(store, before, after))
        {
            sb.Append(c.Path).Append('\0')
              .Append(c.Old is { } o ? $"{o.Mode:x} {o.Id.Hex}" : "-").Append(' ')
              .Append(c.New is { } n ? $"{n.Mode:x} {n.Id.Hex}" : "-").Append('\n');
        }
        return Hash(Encoding.Latin1.GetBytes(sb.ToString())); // raw paths: one char per byte
    }

    /// <summary>The fingerprint of a patch commit's change (against its first parent).</summary>
    /// <param name="store">Where the commits are.</param>
    /// <param name="commit">The patch's commit.</param>
    public static string Change(ObjectStore store, CommitData commit) =>
        Change(store, store.ParentTree(commit), commit.Tree);

    /// <summary>The fingerprint of what a patch says about itself: message, author and date.</summary>
    /// <param name="commit">The patch's commit.</param>
    public static string Message(CommitData commit) =>
        Hash(Encoding.UTF8.GetBytes($"message 1\n{commit.Author.ToGitFormat()}\n{commit.Message}"));

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(Sha256.Hash(bytes))[..16];
}
