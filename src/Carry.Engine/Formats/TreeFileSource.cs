using Carry.Git;
using Carry.Patches;

namespace Carry.Formats;

/// <summary>
/// The files of a git tree held in an <see cref="ObjectStore"/>, for <see cref="PatchApplier"/>:
/// patch paths (UTF-8 text) are looked up as raw paths, only the folders on those paths are read.
/// Folders and paths below a non-folder read as "no such file"; a submodule as "Subproject commit ID".
/// </summary>
public sealed class TreeFileSource(ObjectStore store, Oid tree) : IFileSource
{
    // The applier asks about the same path several times (exists, read, mode), and big folders
    // are scanned linearly: remember each answer.
    private readonly Dictionary<string, TreeEntry?> _entries = new(StringComparer.Ordinal);

    /// <summary>The tree read from.</summary>
    public Oid Tree => tree;

    /// <summary>The tree entry at a patch path, or null.</summary>
    /// <param name="path">Tree path as the patch names it (UTF-8 text).</param>
    public TreeEntry? Entry(string path)
    {
        if (!_entries.TryGetValue(path, out var entry))
            _entries[path] = entry = TreeOps.Lookup(store, tree, RawPath.FromText(path));
        return entry;
    }

    /// <inheritdoc/>
    public byte[]? Read(string path) => Entry(path) is { } e && IsContent(e)
        ? e.Mode == EntryMode.Gitlink ? System.Text.Encoding.ASCII.GetBytes($"Subproject commit {e.Id}\n") : store.ReadBlob(e.Id)
        : null;

    /// <inheritdoc/>
    public bool Exists(string path) => Entry(path) is { } e && IsContent(e);

    /// <inheritdoc/>
    public int? ReadMode(string path) => Entry(path) is { } e && IsContent(e) ? e.Mode : null;

    /// <summary>
    /// Files and symbolic links have content a patch can change; a submodule reads as git diffs
    /// it, "Subproject commit ID"; folders have none.
    /// </summary>
    internal static bool IsContent(TreeEntry e) => e.Mode is EntryMode.Regular or EntryMode.Executable or EntryMode.Symlink or EntryMode.Gitlink;
}
