namespace Carry.Git;

/// <summary>
/// Refs as git's "files" store keeps them, read the strict way: HEAD and loose ref files only in
/// the exact form git writes ("ref: NAME\n", "HEX\n"), names only from Carry's two prefixes and a
/// plain character set. Anything else is reported as not read, and the caller leaves it to git
/// or libgit2 (<see cref="LooseRefTransaction"/>, <see cref="PlainRepository"/>).
/// </summary>
internal static class RefFiles
{
    /// <summary>A name under <c>refs/heads/</c> or <c>refs/carry/</c> that git's check-ref-format accepts and every file system can hold.</summary>
    public static bool PlainName(string name)
    {
        if (!name.StartsWith("refs/heads/", StringComparison.Ordinal) && !name.StartsWith("refs/carry/", StringComparison.Ordinal)) return false;
        foreach (var part in name.Split('/'))
        {
            if (part.Length == 0 || part[0] == '.' || part[^1] == '.' || part.EndsWith(".lock", StringComparison.Ordinal)
                || part.Contains("..", StringComparison.Ordinal) || Reserved(part))
                return false;
            foreach (var c in part)
                if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '+')) return false;
        }
        return true;
    }

    /// <summary>Windows device names (CON, com1.txt…): no file can be named so there.</summary>
    private static bool Reserved(string part)
    {
        var stem = part.Split('.')[0].ToUpperInvariant();
        return stem is "CON" or "PRN" or "AUX" or "NUL"
            || (stem.Length == 4 && (stem.StartsWith("COM", StringComparison.Ordinal) || stem.StartsWith("LPT", StringComparison.Ordinal)) && char.IsAsciiDigit(stem[3]));
    }

    /// <summary>
    /// What the HEAD in <paramref name="gitDir"/> points at: a ref's full name, or null when detached.
    /// False when HEAD is something else (a symbolic link, damaged): git handles those.
    /// </summary>
    public static bool TryReadHead(string gitDir, out string? target)
    {
        target = null;
        var path = Path.Combine(gitDir, "HEAD");
        try
        {
            if (new FileInfo(path).LinkTarget is not null) return false;
            var text = File.ReadAllText(path);
            if (text.StartsWith("ref: ", StringComparison.Ordinal) && text.EndsWith('\n') && text.IndexOf('\n') == text.Length - 1)
            {
                target = text[5..^1];
                return target.StartsWith("refs/", StringComparison.Ordinal);
            }
            return text.Length == 41 && Oid.IsValid(text[..40]) && text[40] == '\n';
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    /// <summary>A loose ref's value (null with <paramref name="exists"/> false when there is no file); false for anything but "HEX\n" (a symbolic ref, damage), which git handles.</summary>
    public static bool TryReadLoose(string path, out Oid? value, out bool exists)
    {
        value = null;
        exists = false;
        try
        {
            if (new FileInfo(path) is not { Exists: true } info) return true;
            exists = true;
            if (info.LinkTarget is not null || info.Length != 41) return false;
            var text = File.ReadAllText(path);
            if (!Oid.IsValid(text[..40]) || text[40] != '\n') return false;
            value = new Oid(text[..40]);
            return true;
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }
}
