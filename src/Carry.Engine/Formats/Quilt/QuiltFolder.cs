using System.Text;
using Carry.Git;
using Carry.Paths;

namespace Carry.Formats.Quilt;

/// <summary>What a quilt folder holds: the series, the patch files it lists, and the other files.</summary>
/// <param name="Series">The series file.</param>
/// <param name="Items">The listed patch files, in order.</param>
/// <param name="Others">The ordinary series-folder files kept for export (README, other <c>series.*</c>, unlisted patches).</param>
/// <param name="LeftOut">Everything else, with the reason it was not read (symbolic links, special files, other files).</param>
public sealed record QuiltContents(QuiltSeries Series, List<ImportItem> Items, List<(string Path, byte[] Bytes)> Others, List<string> LeftOut);

/// <summary>
/// Reads a quilt patches folder (<c>series</c> plus the patch files it names, in sub-folders too).
/// A series folder is someone else's: only regular files inside it are read, each checked for
/// its type before it is opened (a symbolic link to <c>/etc/passwd</c> or a FIFO is refused, not
/// followed or waited on), and symbolic-linked folders are not entered.
/// </summary>
public static class QuiltFolder
{
    /// <summary>Unlisted files worth keeping with the series, so that an export gives the folder back.</summary>
    private static bool IsOrdinary(string relative)
    {
        var name = relative[(relative.LastIndexOf('/') + 1)..];
        return name.StartsWith("README", StringComparison.OrdinalIgnoreCase) || name.StartsWith("series.", StringComparison.Ordinal)
            || name.EndsWith(".patch", StringComparison.Ordinal) || name.EndsWith(".diff", StringComparison.Ordinal)
            || name.EndsWith(".dpatch", StringComparison.Ordinal);
    }

    /// <summary>Reads the folder; throws <see cref="CarryException"/> when the series or a listed patch is missing or not a regular file inside it.</summary>
    /// <param name="dir">The folder holding <c>series</c> (e.g. <c>debian/patches</c>).</param>
    public static QuiltContents Read(string dir)
    {
        var seriesPath = Path.Combine(dir, "series");
        if (Kind(seriesPath) is not FileKind.Regular)
            throw new CarryException($"'{dir}' has no 'series' file{KindNote(seriesPath)}", "give the folder that holds the quilt series (e.g. debian/patches).");
        QuiltSeries series;
        try
        {
            series = QuiltSeries.Parse(File.ReadAllBytes(seriesPath));
        }
        catch (FormatException e)
        {
            throw new CarryException($"cannot read '{seriesPath}': {e.Message}");
        }
        var items = new List<ImportItem>();
        foreach (var entry in series.Entries)
        {
            // The series names files inside the folder: a safe relative path, through real folders, to a regular file.
            var name = entry.File;
            if (TreePath.Problem(Encoding.UTF8.GetBytes(name), EntryMode.Regular) is { } problem)
                throw new CarryException($"series line {entry.Line}: '{Printable.Of(entry.File)}' is not a path inside the series folder: {problem}");
            items.Add(new ImportItem(entry.File, ReadInside(dir, name, $"series line {entry.Line}: patch file", "the series folder"), "quilt", entry.Strip, entry.Reverse));
        }
        var listed = items.Select(i => i.File).Append("series").ToHashSet(StringComparer.Ordinal);
        var others = new List<(string, byte[])>();
        var leftOut = new List<string>();
        foreach (var (relative, kind) in Walk(dir, ""))
        {
            if (listed.Contains(relative)) continue;
            if (kind is FileKind.Regular && IsOrdinary(relative)) others.Add((relative, File.ReadAllBytes(Path.Combine(dir, relative))));
            else leftOut.Add($"{Printable.Of(relative)} ({(kind is FileKind.Regular ? "not a series file" : Describe(kind))})");
        }
        others.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return new QuiltContents(series, items, others, leftOut);
    }

    /// <summary>
    /// The bytes of <paramref name="name"/> inside <paramref name="dir"/>, a folder that is someone
    /// else's (a series folder, a kit, guilt's <c>.git/patches</c>): only a regular file reached
    /// through real folders is opened, and its type is checked first, so a symbolic link out of the
    /// folder is not followed and a FIFO is not waited on (forever, holding carry's lock).
    /// </summary>
    /// <param name="dir">The folder.</param>
    /// <param name="name">The file's path inside it, <c>/</c>-separated.</param>
    /// <param name="what">What the file is, for the message ("series line 3: patch file").</param>
    /// <param name="folder">What the folder is, for the message ("the series folder").</param>
    public static byte[] ReadInside(string dir, string name, string what, string folder)
    {
        if (LinkOnTheWay(dir, name) is { } link)
            throw new CarryException($"{what} '{Printable.Of(name)}' is reached through the symbolic link '{Printable.Of(link)}'; carry reads only files inside {folder}");
        var path = Path.Combine(dir, name);
        var kind = Kind(path);
        if (kind is FileKind.Missing) throw new CarryException($"{what} '{Printable.Of(name)}' does not exist");
        if (kind is not FileKind.Regular)
            throw new CarryException($"{what} '{Printable.Of(name)}' is {Describe(kind)}, not a regular file; carry reads only regular files inside {folder}",
                "replace it with the patch file itself.");
        return File.ReadAllBytes(path);
    }

    private enum FileKind { Missing, Regular, Folder, Link, Special }

    /// <summary>What is at <paramref name="path"/>, without following a symbolic link or opening anything (a FIFO would block).</summary>
    private static FileKind Kind(string path)
    {
        if (Git.Checkout.FileStat.Available)
        {
            if (!Git.Checkout.FileStat.TryRead(Encoding.UTF8.GetBytes(path + "\0"), out var st)) return FileKind.Missing;
            return (st.Mode & 0xF000) switch
            {
                0x8000 => FileKind.Regular,
                0x4000 => FileKind.Folder,
                0xA000 => FileKind.Link,
                _ => FileKind.Special,
            };
        }
        var info = new FileInfo(path);
        if (info.LinkTarget is not null) return FileKind.Link;
        if (Directory.Exists(path)) return FileKind.Folder;
        if (!info.Exists) return FileKind.Missing;
        return (info.Attributes & (FileAttributes.Device | FileAttributes.ReparsePoint)) == 0 ? FileKind.Regular : FileKind.Special;
    }

    private static string Describe(FileKind kind) => kind switch
    {
        FileKind.Link => "a symbolic link",
        FileKind.Folder => "a folder",
        FileKind.Special => "a special file (FIFO, socket or device)",
        _ => "missing",
    };

    private static string KindNote(string path) => Kind(path) is FileKind.Missing or FileKind.Regular ? "" : $" (it is {Describe(Kind(path))})";

    private static string? LinkOnTheWay(string dir, string relative)
    {
        var parts = relative.Split('/');
        var current = dir;
        foreach (var part in parts[..^1])
        {
            current = Path.Combine(current, part);
            if (Kind(current) is FileKind.Link) return Path.GetRelativePath(dir, current);
        }
        return null;
    }

    /// <summary>Every entry under <paramref name="dir"/>, real folders entered, symbolic links reported, never followed.</summary>
    private static IEnumerable<(string Relative, FileKind Kind)> Walk(string dir, string prefix)
    {
        foreach (var entry in new DirectoryInfo(Path.Combine(dir, prefix)).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            if (entry.Name.StartsWith('.')) continue; // quilt's .pc, editors' files: never part of a series
            var relative = prefix.Length == 0 ? entry.Name : prefix + "/" + entry.Name;
            var kind = Kind(entry.FullName);
            if (kind is FileKind.Folder)
                foreach (var inner in Walk(dir, relative)) yield return inner;
            else yield return (relative, kind);
        }
    }
}
