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
    /// Resolutions may come from a teammate's stack: one that writes a path outside the conflicted <paramref name="files"/>,
    /// a path <see cref="Paths.TreePath"/> refuses, or anything but a file where a file conflicted
    /// (<see cref="ResultProblem"/>) is refused (<see cref="UnsafePathException"/>), never applied.
    /// </summary>
    public static IReadOnlyList<(string Path, TreeEntry? Result)>? Find(ObjectStore store, Oid? resolutions, string key, IReadOnlyList<ConflictFile> files)
    {
        if (resolutions is not { } tree || TreeOps.Lookup(store, tree, key) is not { IsTree: true } entry) return null;
        var results = Read(store, entry.Id);
        if (results is null) return null;
        foreach (var (path, result) in results)
        {
            var conflicted = files.FirstOrDefault(f => f.Path == path);
            var reason = conflicted is null ? "a recorded resolution may only write the files that conflicted"
                : result is null ? null
                : ResultProblem(result, IsLink(conflicted.Base) || IsLink(conflicted.Ours) || IsLink(conflicted.Theirs))
                    ?? Paths.TreePath.Problem(RawPath.ToBytes(path), result.Mode);
            if (reason is not null) throw TreeCheck.Refused($"the recorded resolution {key[..12]}", new UnsafePath(path, reason));
        }
        return results;
    }

    private static bool IsLink(TreeEntry? side) => side?.Mode == EntryMode.Symlink;

    /// <summary>
    /// Why <paramref name="result"/> may not be what a resolution writes, or null. A resolution
    /// writes the files that conflicted, as files: a regular or executable file, or a symbolic link
    /// only where a side of the conflict was one (<paramref name="linkConflicted"/>). A folder would
    /// put new files (executables included) where one file conflicted, a link could point into
    /// .git, a gitlink is no file: none is what resolving a conflict in a file gives.
    /// </summary>
    private static string? ResultProblem(TreeEntry result, bool linkConflicted) => result.Mode switch
    {
        EntryMode.Regular or EntryMode.Executable => null,
        EntryMode.Symlink when linkConflicted => null,
        EntryMode.Symlink => "a recorded resolution makes a symbolic link of a file that conflicted; it may only write files",
        EntryMode.Tree => "a recorded resolution makes a folder of a file that conflicted; it may only write files",
        _ => $"a recorded resolution writes mode {Convert.ToString(result.Mode, 8)}; it may only write files",
    };

    /// <summary>
    /// Why a resolutions tree (from a pulled stack) is unusable, or null: every recorded path must pass
    /// <see cref="Paths.TreePath"/>, and every result be a file (<see cref="ResultProblem"/>; a link only
    /// where the resolution's own record of the conflict shows one, which its use checks again against the real conflict).
    /// </summary>
    public static UnsafePath? Problem(ObjectStore store, Oid resolutions)
    {
        foreach (var entry in store.ReadTree(resolutions))
        {
            if (!entry.IsTree) return new UnsafePath(entry.Name, "a resolutions tree holds only one folder per recorded conflict");
            var links = LinksConflicted(store, entry.Id);
            foreach (var (path, result) in Read(store, entry.Id) ?? [])
            {
                if (result is not null && (ResultProblem(result, links.Contains(path)) ?? NotABlob(store, result)) is { } bad) return new UnsafePath(path, bad);
                if (Paths.TreePath.Problem(RawPath.ToBytes(path), result?.Mode ?? EntryMode.Regular) is { } reason) return new UnsafePath(path, reason);
            }
        }
        return null;
    }

    /// <summary>Why a result's object is no file's content (a mode that says "file" over a tree's id), or null.</summary>
    private static string? NotABlob(ObjectStore store, TreeEntry result)
    {
        try
        {
            store.ReadBlob(result.Id);
            return null;
        }
        catch (InvalidDataException)
        {
            return "a recorded resolution's file is not a file's content (not a blob)";
        }
    }

    /// <summary>The paths whose conflict, as the resolution's text records it, had a symbolic link on some side.</summary>
    private static HashSet<string> LinksConflicted(ObjectStore store, Oid recorded)
    {
        var links = new HashSet<string>(StringComparer.Ordinal);
        var text = store.ReadTree(recorded).FirstOrDefault(e => e.Name == "resolution") is { } r ? Encoding.UTF8.GetString(store.ReadBlob(r.Id)) : "";
        foreach (var line in text.Split('\n'))
        {
            var words = line.Split(' ');
            if (words[0] != "conflict" || words.Length != 5) continue;
            if (words.Skip(2).Any(w => w[(w.IndexOf('=') + 1)..].StartsWith(Convert.ToString(EntryMode.Symlink, 8) + ":", StringComparison.Ordinal)))
                links.Add(RawPath.FromBytes(Encoding.UTF8.GetBytes(StackFile.PercentDecode(words[1], 0)).AsSpan()));
        }
        return links;
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

    /// <summary>
    /// Records a resolution; returns the new resolutions tree (in memory until flushed). One that
    /// <see cref="Find"/> would refuse (a folder where a file conflicted) is not recorded: the
    /// resolutions are returned as they were.
    /// </summary>
    public static Oid? Record(ObjectStore store, Oid? resolutions, string key, Patch patch, IReadOnlyList<ConflictFile> files,
        IReadOnlyList<(string Path, TreeEntry? Result)> results, Signature who)
    {
        foreach (var (path, result) in results)
        {
            var file = files.First(f => f.Path == path);
            if (result is not null && ResultProblem(result, IsLink(file.Base) || IsLink(file.Ours) || IsLink(file.Theirs)) is not null) return resolutions;
        }
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
