namespace Carry.Cli;

/// <summary>
/// A file or folder a command is told to write (report --html, export, setup --prefix), checked
/// before any work: .NET's own errors for these ("Access to the path is denied" for a folder,
/// "Could not find a part of the path") say neither what is wrong nor what to do.
/// </summary>
internal static class OutputPath
{
    /// <summary>The full path of a FILE to write; refuses an empty name, a folder, and a path under a file or a missing folder.</summary>
    public static string File(CliContext c, string? raw, string what)
    {
        var path = Resolve(c, raw, what);
        if (Directory.Exists(path))
            throw new CarryException($"'{path}' is a folder, not a file", $"give the file to write in it, e.g. '{Path.Combine(path, what)}'.");
        RequireFolder(path, Path.GetDirectoryName(path), createMissing: false);
        return path;
    }

    /// <summary>The full path of a FOLDER to write into (made when missing, with its parents); refuses an empty name and a path at or under a file.</summary>
    public static string Folder(CliContext c, string? raw, string what)
    {
        var path = Resolve(c, raw, what);
        if (System.IO.File.Exists(path)) throw new CarryException($"'{path}' is a file, not a folder", $"give a folder to write {what} into.");
        RequireFolder(path, Path.GetDirectoryName(path), createMissing: true);
        return path;
    }

    private static string Resolve(CliContext c, string? raw, string what) =>
        string.IsNullOrWhiteSpace(raw)
            ? throw new CarryException($"an empty name was given for {what}", "give a path.")
            : Path.GetFullPath(raw, c.WorkingDirectory);

    /// <summary>The nearest existing ancestor of <paramref name="path"/> must be a folder (and, for a file, its own folder must exist).</summary>
    private static void RequireFolder(string path, string? parent, bool createMissing)
    {
        for (var at = parent; !string.IsNullOrEmpty(at); at = Path.GetDirectoryName(at))
        {
            if (Directory.Exists(at))
            {
                if (!createMissing && at != parent)
                    throw new CarryException($"cannot write '{path}': the folder '{parent}' does not exist", $"create it first (mkdir -p '{parent}').");
                return;
            }
            if (System.IO.File.Exists(at)) throw new CarryException($"cannot write '{path}': '{at}' is a file, not a folder");
        }
    }
}
