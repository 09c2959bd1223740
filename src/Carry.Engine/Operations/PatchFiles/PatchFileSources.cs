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

    /// <summary>
    /// Patch or diff files, one patch each, applied at <paramref name="strip"/>; a file holding
    /// several mails (<c>git format-patch --stdout</c>) gives one patch per mail, as <c>git am</c>
    /// splits it, so that no mail's subject, body or author is lost in one patch of all their diffs.
    /// </summary>
    public static List<ImportItem> PatchFiles(IEnumerable<string> paths, int strip, bool reverse = false)
    {
        var items = new List<ImportItem>();
        foreach (var f in paths)
        {
            var bytes = ReadFile(f);
            var mails = MboxReader.Split(bytes);
            // Only mails that each start with their own "From " line are split: one patch file whose
            // description happens to precede a mail stays the one patch it always was.
            if (mails.Count(m => MboxReader.IsFromLine(FirstLine(m))) >= 2) items.AddRange(MailItems(f, mails, strip, reverse));
            else items.Add(new ImportItem(Path.GetFileName(f), bytes, "diff", strip, reverse));
        }
        return items;
    }

    /// <summary>mbox files, <c>git format-patch</c> files, or folders of them (cover letters skipped): one patch per mail.</summary>
    public static List<ImportItem> Mails(IEnumerable<string> paths)
    {
        var items = new List<ImportItem>();
        foreach (var path in paths)
        {
            foreach (var file in Directory.Exists(path) ? PatchFilesIn(path) : [path])
                items.AddRange(MailItems(file, MboxReader.Split(Directory.Exists(path) ? ReadInFolder(path, file) : ReadFile(file))));
        }
        return items;
    }

    /// <summary>One file's mails, named FILE:N when there are several.</summary>
    private static IEnumerable<ImportItem> MailItems(string file, List<byte[]> mails, int strip = 1, bool reverse = false)
    {
        for (var i = 0; i < mails.Count; i++)
        {
            // A folder's cover letter is left out by its file name; in one mbox it is the mail
            // numbered 0 (as 'carry export mbox FILE --cover-letter' and git format-patch --stdout
            // --cover-letter write it), which holds no diff to import.
            if (mails.Count > 1 && IsCoverLetter(mails[i])) continue;
            yield return new ImportItem(mails.Count == 1 ? Path.GetFileName(file) : $"{Path.GetFileName(file)}:{i + 1}", mails[i], "mbox", strip, reverse);
        }
    }

    private static ReadOnlySpan<byte> FirstLine(byte[] mail) =>
        Array.IndexOf(mail, (byte)'\n') is var nl and >= 0 ? mail.AsSpan(0, nl + 1) : mail;

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

    private static bool IsCoverLetter(byte[] mail)
    {
        try
        {
            return PatchMessage.IsCoverLetter(Patches.UnifiedDiffReader.Parse(MailInfo.Normalize(mail)));
        }
        catch (Patches.PatchFormatException)
        {
            return false; // not readable as a mail: the import says so when it gets to it
        }
    }

    private static IEnumerable<string> PatchFilesIn(string dir) =>
        Directory.GetFiles(dir).Where(f => !Path.GetFileName(f).StartsWith("0000-cover-letter", StringComparison.Ordinal)).Order(StringComparer.Ordinal);

    /// <summary>A file of a folder given whole: someone else's, read as a series folder's files are (no link followed, no FIFO opened).</summary>
    private static byte[] ReadInFolder(string dir, string file) =>
        QuiltFolder.ReadInside(dir, Path.GetFileName(file), "file", $"the folder '{Paths.Printable.Of(dir)}'");

    private static byte[] ReadFile(string path) =>
        File.Exists(path) ? File.ReadAllBytes(path) : throw new CarryException($"'{path}' does not exist");
}
