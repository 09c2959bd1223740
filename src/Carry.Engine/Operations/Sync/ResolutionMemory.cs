using System.Text;
using Carry.Git;
using Carry.Hashing;
using Carry.Model;
using Carry.Storage;

namespace Carry.Operations.Sync;

/// <summary>One path of a conflict: the patch's "before", the new base's version and the patch's "after".</summary>
/// <param name="Path">The raw path.</param>
/// <param name="Base">The file before the patch (its parent's version), or null.</param>
/// <param name="Ours">The file on the new base (with the patches below applied), or null.</param>
/// <param name="Theirs">The file as the patch leaves it, or null.</param>
public sealed record ConflictFile(string Path, TreeEntry? Base, TreeEntry? Ours, TreeEntry? Theirs);

/// <summary>
/// Conflict resolutions recorded with the stack. A resolution is keyed by the patch's stable
/// id and the exact contents that conflicted (all three sides of every conflicted path), so it
/// is reused only for the very same conflict: on this machine or, since it lives in the stack's
/// refs, a teammate's. Stored as a tree (see docs/storage.md): one sub-tree per key holding a
/// text description and the resolved files.
/// </summary>
public static class ResolutionMemory
{
    /// <summary>The key of a conflict of patch <paramref name="patchId"/>.</summary>
    public static string Key(string patchId, IReadOnlyList<ConflictFile> files)
    {
        var sb = new StringBuilder(patchId).Append('\n');
        foreach (var f in files.OrderBy(f => f.Path, StringComparer.Ordinal))
            sb.Append(f.Path).Append('\0').Append(Side(f.Base)).Append('\0').Append(Side(f.Ours)).Append('\0').Append(Side(f.Theirs)).Append('\n');
        return Convert.ToHexStringLower(Sha256.Hash(Encoding.Latin1.GetBytes(sb.ToString())))[..40];
    }

    private static string Side(TreeEntry? e) => e is null ? "-" : $"{Convert.ToString(e.Mode, 8)}:{e.Id.Hex}";

    /// <summary>
    /// The recorded result for each path of the conflict <paramref name="key"/> (null entry: the path is deleted), or null when none is recorded.
    /// Resolutions may come from a teammate's stack: one that writes a path outside <paramref name="conflicted"/>
    /// or a path <see cref="Paths.TreePath"/> refuses is refused (<see cref="UnsafePathException"/>), never applied.
    /// </summary>
    public static IReadOnlyList<(string Path, TreeEntry? Result)>? Find(ObjectStore store, Oid? resolutions, string key, IReadOnlyCollection<string> conflicted)
    {
        if (resolutions is not { } tree || TreeOps.Lookup(store, tree, key) is not { IsTree: true } entry) return null;
        var results = Read(store, entry.Id);
        if (results is null) return null;
        foreach (var (path, result) in results)
        {
            var reason = !conflicted.Contains(path) ? "a recorded resolution may only write the files that conflicted"
                : result is null ? null : Paths.TreePath.Problem(RawPath.ToBytes(path), result.Mode);
            if (reason is not null) throw TreeCheck.Refused($"the recorded resolution {key[..12]}", new UnsafePath(path, reason));
        }
        return results;
    }

    /// <summary>Why a resolutions tree (from a pulled stack) is unusable, or null: every recorded path must pass <see cref="Paths.TreePath"/>.</summary>
    public static UnsafePath? Problem(ObjectStore store, Oid resolutions)
    {
        foreach (var entry in store.ReadTree(resolutions))
        {
            if (!entry.IsTree) return new UnsafePath(entry.Name, "a resolutions tree holds only one folder per recorded conflict");
            foreach (var (path, result) in Read(store, entry.Id) ?? [])
                if (Paths.TreePath.Problem(RawPath.ToBytes(path), result?.Mode ?? EntryMode.Regular) is { } reason) return new UnsafePath(path, reason);
        }
        return null;
    }

    private static List<(string Path, TreeEntry? Result)>? Read(ObjectStore store, Oid recorded)
    {
        var files = store.ReadTree(recorded);
        var text = files.FirstOrDefault(e => e.Name == "resolution") is { } r ? Encoding.UTF8.GetString(store.ReadBlob(r.Id)) : "";
        var results = new List<(string, TreeEntry?)>();
        foreach (var line in text.Split('\n'))
        {
            var words = line.Split(' ');
            if (words[0] != "result" || words.Length != 3) continue;
            var path = RawPath.FromBytes(Encoding.UTF8.GetBytes(StackFile.PercentDecode(words[1], 0)).AsSpan());
            var file = words[2] == "deleted" ? null : files.FirstOrDefault(e => e.Name == words[2]);
            if (words[2] != "deleted" && file is null) return null;
            results.Add((path, file is null ? null : new TreeEntry(Path.GetFileName(path), file.Mode, file.Id)));
        }
        return results.Count == 0 ? null : results;
    }

    /// <summary>Records a resolution; returns the new resolutions tree (in memory until flushed).</summary>
    public static Oid Record(ObjectStore store, Oid? resolutions, string key, Patch patch, IReadOnlyList<ConflictFile> files,
        IReadOnlyList<(string Path, TreeEntry? Result)> results, Signature who)
    {
        var text = new StringBuilder("carry-resolution 1\n");
        text.Append("patch ").Append(patch.Id).Append(' ').Append(patch.Name).Append('\n');
        text.Append("recorded ").Append(who.Email).Append(' ').Append(who.When).Append('\n');
        foreach (var f in files)
            text.Append("conflict ").Append(Encode(f.Path)).Append(" base=").Append(Side(f.Base)).Append(" ours=").Append(Side(f.Ours))
                .Append(" theirs=").Append(Side(f.Theirs)).Append('\n');
        var entries = new List<TreeEntry>();
        for (var i = 0; i < results.Count; i++)
        {
            var (path, result) = results[i];
            var name = "file-" + i;
            text.Append("result ").Append(Encode(path)).Append(' ').Append(result is null ? "deleted" : name).Append('\n');
            if (result is not null) entries.Add(new TreeEntry(name, result.Mode, result.Id));
        }
        entries.Add(new TreeEntry("resolution", EntryMode.Regular, store.WriteBlob(Encoding.UTF8.GetBytes(text.ToString()))));
        var sub = store.WriteTree(entries);
        var root = resolutions ?? ObjectStore.EmptyTree;
        return TreeOps.Update(store, root, [(key, new TreeEntry(key, EntryMode.Tree, sub))]);
    }

    private static string Encode(string rawPath) => StackFile.PercentEncode(RawPath.ToText(rawPath));
}
