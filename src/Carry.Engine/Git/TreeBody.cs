using Carry.Paths;

namespace Carry.Git;

/// <summary>
/// The checks of <c>git fsck</c>'s tree walk (fsck.c <c>fsck_tree</c>) that no path string can
/// express, applied to every tree body read from the object database
/// (<see cref="ObjectStore.ReadTreeBytes"/>, the one place a tree comes in). A path string cannot
/// tell an entry literally named <c>lnk/hooks</c> from a folder <c>hooks</c> inside <c>lnk</c>,
/// so <see cref="TreePath"/> alone would let a symbolic link <c>lnk → .git</c> and such an entry
/// through; two entries of one name, or entries out of git's order, make every later reader
/// (a lookup's binary search, the side-by-side diff, <c>git merge-tree</c>) see a different tree.
/// Refused: an entry whose name is empty (fsck: emptyName) or holds a <c>/</c> (fullPathname),
/// two entries of one name (duplicateEntries, a file and a folder included), entries out of
/// order (treeNotSorted), a mode that is not octal digits (git: "malformed mode"), a truncated
/// body (badTree), a mode other than the five git writes and the 100664 early git wrote
/// (badFilemode, as fsck without --strict: 140000, 100600, 120777…). git's tree reader would
/// turn those into other modes (canon_mode: 140000 into a gitlink), which no one meant. The names <c>.</c>, <c>..</c> and <c>.git</c> (hasDot, hasDotdot,
/// hasDotgit) are refused by <see cref="TreePath"/> on the joined path, with every other
/// spelling of them, wherever a path is checked.
/// </summary>
internal static class TreeBody
{
    /// <summary>The first entry of <paramref name="body"/> that fsck reports, and why; null when there is none.</summary>
    public static (string Name, string Reason)? Problem(byte[] body)
    {
        var pos = 0;
        TreeOps.RawEntry previous = default;
        // Files that a folder of the same name may still follow: "a", then "a.b", then the folder
        // "a" (which sorts as "a/") is a duplicate that is not next to its twin (fsck's candidates).
        List<(int Start, int Length)>? files = null;
        while (pos < body.Length)
        {
            var space = Array.IndexOf(body, (byte)' ', pos);
            if (space <= pos) return Shown(body, pos, "it has no mode (git: malformed mode in tree entry)");
            var mode = 0;
            for (var k = pos; k < space; k++)
            {
                if (body[k] is < (byte)'0' or > (byte)'7') return Shown(body, space + 1, "its mode is not an octal number (git: malformed mode in tree entry)");
                mode = (mode << 3) | (body[k] - '0');
                if (mode > 0x7FFFFF) return Shown(body, space + 1, "its mode is not one git writes (git fsck: badFilemode)");
            }
            if (!EntryMode.IsStandard(mode))
                return Shown(body, space + 1, $"its mode {Convert.ToString(mode, 8)} is not one git writes (git fsck: badFilemode)");
            TreeOps.RawEntry e;
            try
            {
                if (!TreeOps.RawEntry.Next(body, ref pos, out e)) break;
            }
            catch (InvalidDataException)
            {
                return ("", "the tree is truncated (git fsck: badTree)");
            }
            var name = body.AsSpan(e.NameStart, e.NameLength);
            if (name.IsEmpty) return ("", "an entry has an empty name (git fsck: emptyName)");
            if (name.IndexOf((byte)'/') >= 0) return (Raw(name), "a tree entry's name may not hold a '/' (git fsck: fullPathname)");
            if (previous.NameLength > 0)
            {
                if (name.SequenceEqual(body.AsSpan(previous.NameStart, previous.NameLength)))
                    return (Raw(name), "two entries have this name (git fsck: duplicateEntries)");
                if (TreeOps.RawEntry.Compare(body, previous, body, e) > 0) return (Raw(name), "the tree's entries are out of git's order (git fsck: treeNotSorted)");
            }
            files ??= [];
            while (files.Count > 0 && !Extends(name, body.AsSpan(files[^1].Start, files[^1].Length))) files.RemoveAt(files.Count - 1);
            if (e.IsTree && files.Count > 0 && name.SequenceEqual(body.AsSpan(files[^1].Start, files[^1].Length)))
                return (Raw(name), "two entries have this name (git fsck: duplicateEntries)");
            if (!e.IsTree) files.Add((e.NameStart, e.NameLength));
            previous = e;
        }
        return null;
    }

    /// <summary>True while <paramref name="name"/> may still sort between the file <paramref name="file"/> and a folder of that name.</summary>
    private static bool Extends(ReadOnlySpan<byte> name, ReadOnlySpan<byte> file) =>
        name.StartsWith(file) && (name.Length == file.Length || name[file.Length] < '/');

    private static (string, string) Shown(byte[] body, int nameStart, string reason)
    {
        var nul = Array.IndexOf(body, (byte)0, Math.Min(nameStart, body.Length));
        return (nul < 0 ? "" : Raw(body.AsSpan(nameStart, nul - nameStart)), reason);
    }

    private static string Raw(ReadOnlySpan<byte> name) => RawPath.FromBytes(name);
}

/// <summary>
/// A tree read from the object database is one <c>git fsck</c> reports (<see cref="TreeBody"/>):
/// nothing read from it has been written anywhere. <see cref="TreeCheck"/> names the commit it
/// came with; a tree walk names the folder (<see cref="In"/>).
/// </summary>
public sealed class MalformedTreeException(Oid tree, string folder, string name, string reason)
    : CarryException($"refusing tree {tree.Short}: invalid tree entry '{TreePath.Show(RawPath.ToBytes(folder + name))}': {reason}; nothing was changed", TreeCheck.MalformedHint)
{
    /// <summary>The malformed tree.</summary>
    public Oid Tree { get; } = tree;

    /// <summary>The raw path of the folder the tree is at ("" for a root, or not known), with a trailing '/'.</summary>
    public string Folder { get; } = folder;

    /// <summary>The raw path of the entry (its folder and its name).</summary>
    public string Path => Folder + name;

    /// <summary>What fsck objects to.</summary>
    public string Reason { get; } = reason;

    /// <summary>The same refusal, the tree being the folder <paramref name="prefix"/> (raw, ending in '/') of a bigger one.</summary>
    public MalformedTreeException In(string prefix) => Folder.Length > 0 || prefix.Length == 0 ? this : new(Tree, prefix, name, Reason);
}
