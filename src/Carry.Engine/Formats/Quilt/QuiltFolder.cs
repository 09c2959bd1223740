using Carry.Operations.PatchFiles;

namespace Carry.Formats.Quilt;

/// <summary>Reads a quilt patches folder (<c>series</c> plus the patch files it names, in sub-folders too).</summary>
public static class QuiltFolder
{
    /// <summary>
    /// The series file, the patch files it lists (in order), and every other file of the folder
    /// (a README, another series such as <c>series.hurd-i386</c>), kept so that an export gives
    /// the whole folder back.
    /// </summary>
    /// <param name="dir">The folder holding <c>series</c> (e.g. <c>debian/patches</c>).</param>
    public static (QuiltSeries Series, List<ImportItem> Items, List<(string Path, byte[] Bytes)> Others) Read(string dir)
    {
        var seriesPath = Path.Combine(dir, "series");
        if (!File.Exists(seriesPath))
            throw new CarryException($"'{dir}' has no 'series' file", "give the folder that holds the quilt series (e.g. debian/patches).");
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
            // The series names files inside the folder; refuse anything that would read elsewhere.
            if (Path.IsPathRooted(entry.File) || entry.File.Split('/', '\\').Any(p => p is ".." or "."))
                throw new CarryException($"series line {entry.Line}: '{entry.File}' is not a path inside the series folder");
            var path = Path.Combine(dir, entry.File);
            if (!File.Exists(path))
                throw new CarryException($"series line {entry.Line}: patch file '{entry.File}' does not exist");
            items.Add(new ImportItem(entry.File, File.ReadAllBytes(path), "quilt", entry.Strip, entry.Reverse));
        }
        var listed = items.Select(i => i.File.Replace('\\', '/')).Append("series").ToHashSet(StringComparer.Ordinal);
        var others = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(dir, f).Replace('\\', '/'))
            .Where(f => !listed.Contains(f) && !f.StartsWith('.') && !f.Contains("/.", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => (f, File.ReadAllBytes(Path.Combine(dir, f))))
            .ToList();
        return (series, items, others);
    }
}
