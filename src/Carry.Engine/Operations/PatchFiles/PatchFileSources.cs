using Carry.Formats;
using Carry.Formats.Mbox;
using Carry.Formats.Quilt;

namespace Carry.Operations.PatchFiles;

/// <summary>
/// Reads the files an import takes (patch files, mails, a quilt folder, a kit) into
/// <see cref="ImportItem"/>s, so the commands never read patch files themselves.
/// </summary>
public static class PatchFileSources
{
    /// <summary>A quilt series folder: the series file, its patches in order, and the folder's other files.</summary>
    public static QuiltContents Quilt(string dir) =>
        QuiltFolder.Read(dir);

    /// <summary>Patch or diff files, one patch each, applied at <paramref name="strip"/>.</summary>
    public static List<ImportItem> PatchFiles(IEnumerable<string> paths, int strip, bool reverse = false) =>
        [.. paths.Select(f => new ImportItem(Path.GetFileName(f), ReadFile(f), "diff", strip, reverse))];

    /// <summary>mbox files, <c>git format-patch</c> files, or folders of them (cover letters skipped): one patch per mail.</summary>
    public static List<ImportItem> Mails(IEnumerable<string> paths)
    {
        var items = new List<ImportItem>();
        foreach (var path in paths)
        {
            foreach (var file in Directory.Exists(path) ? PatchFilesIn(path) : [path])
            {
                var mails = MboxReader.Split(Directory.Exists(path) ? ReadInFolder(path, file) : ReadFile(file));
                for (var i = 0; i < mails.Count; i++)
                    items.Add(new ImportItem(mails.Count == 1 ? Path.GetFileName(file) : $"{Path.GetFileName(file)}:{i + 1}", mails[i], "mbox"));
            }
        }
        return items;
    }

    /// <summary>A kit's patch files: a quilt folder, a folder of mails, or an mbox / patch file.</summary>
    public static List<ImportItem> Kit(string path)
    {
        if (Directory.Exists(path))
        {
            if (File.Exists(Path.Combine(path, "series"))) return [.. QuiltFolder.Read(path).Items];
            return [.. PatchFilesIn(path).SelectMany(f => KitFile(f, ReadInFolder(path, f)))];
        }
        if (!File.Exists(path)) throw new CarryException($"'{path}' does not exist", "give a quilt series folder, an mbox file or a folder of patch files.");
        return KitFile(path, File.ReadAllBytes(path));
    }

    /// <summary>One kit file: its mails, or the whole file as a diff when it holds none.</summary>
    private static List<ImportItem> KitFile(string file, byte[] bytes)
    {
        var mails = MboxReader.Split(bytes);
        if (mails.Count == 0) return [new ImportItem(Path.GetFileName(file), bytes, "diff")];
        return [.. mails.Select((m, i) => new ImportItem(mails.Count == 1 ? Path.GetFileName(file) : $"{Path.GetFileName(file)}:{i + 1}", m, "mbox"))];
    }

    private static IEnumerable<string> PatchFilesIn(string dir) =>
        Directory.GetFiles(dir).Where(f => !Path.GetFileName(f).StartsWith("0000-cover-letter", StringComparison.Ordinal)).Order(StringComparer.Ordinal);

    /// <summary>A file of a folder given whole: someone else's, read as a series folder's files are (no link followed, no FIFO opened).</summary>
    private static byte[] ReadInFolder(string dir, string file) =>
        QuiltFolder.ReadInside(dir, Path.GetFileName(file), "file", $"the folder '{Paths.Printable.Of(dir)}'");

    private static byte[] ReadFile(string path) =>
        File.Exists(path) ? File.ReadAllBytes(path) : throw new CarryException($"'{path}' does not exist");
}
