using System.Text;
using Carry.Git;
using Carry.Paths;

namespace Carry.Operations.PatchFiles;

/// <summary>
/// Writes files only inside one folder, and never through a symbolic link: each relative name
/// must pass <see cref="TreePath"/> (a pulled stack's patch names and series files are not
/// trusted), every folder under the root must be a real folder, and a file is written beside
/// its place and renamed over it, so a link already there is replaced, not followed
/// (<c>--force</c> included).
/// </summary>
internal sealed class ConfinedFolder(string root)
{
    /// <summary>The folder everything goes into.</summary>
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>Refuses a name that may not be written, before anything is.</summary>
    public static void Check(string relative)
    {
        if (TreePath.Problem(Encoding.UTF8.GetBytes(relative), EntryMode.Regular) is { } problem)
            throw new CarryException($"refusing to write '{Printable.Of(relative)}': {problem}; nothing was written",
                "a patch or series file name in the stack is unsafe; rename the patch ('carry rename') and export again.");
    }

    /// <summary>Writes <paramref name="bytes"/> at <paramref name="relative"/> (a <c>/</c>-separated name) inside <see cref="Root"/>.</summary>
    public void Write(string relative, byte[] bytes)
    {
        Check(relative);
        var parts = relative.Split('/');
        var folder = Root;
        RequireRealFolder(folder);
        foreach (var part in parts[..^1])
        {
            folder = Path.Combine(folder, part);
            RequireRealFolder(folder);
        }
        var target = Path.Combine(folder, parts[^1]);
        if (Directory.Exists(target) && new DirectoryInfo(target).LinkTarget is null)
            throw new CarryException($"cannot write '{target}': a folder is in the way");
        ReplacedFile.Write(target, bytes, ".carry-");
    }

    private static void RequireRealFolder(string folder)
    {
        var info = new DirectoryInfo(folder);
        if (info.LinkTarget is not null || (!info.Exists && File.Exists(folder)) || new FileInfo(folder).LinkTarget is not null)
            throw new CarryException($"refusing to write through '{folder}': it is a symbolic link or a file, not a folder; nothing more was written",
                "export into a new or empty folder.");
        if (!info.Exists) info.Create();
    }
}
