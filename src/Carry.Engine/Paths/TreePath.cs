namespace Carry.Paths;

/// <summary>
/// The one rule for which paths may enter the index or the working tree, whatever brought them:
/// an upstream tree, a teammate's stack, a patch file, a recorded resolution. It is git's own
/// <c>verify_path</c> (read-cache.c, with <c>core.protectNTFS</c> and <c>core.protectHFS</c> on)
/// plus the name checks of <c>git fsck</c>'s tree walk (fsck.c), so a path Carry accepts is one
/// git would check out and fsck would not flag:
/// <list type="bullet">
/// <item>no empty, <c>.</c> or <c>..</c> component (so no leading, doubled or trailing slash: nothing absolute);</item>
/// <item>no NUL byte;</item>
/// <item>no <c>.git</c> component in any case, nor a spelling that names it on another file system:
/// NTFS trailing dots and spaces (<c>.git.</c>, <c>.git </c>), alternate streams (<c>.git::$INDEX_ALLOCATION</c>),
/// the 8.3 short name <c>git~1</c>, HFS+ ignorable code points (<c>.g&#x200C;it</c>), or after a backslash;</item>
/// <item>a symbolic link is never <c>.gitmodules</c>, <c>.gitattributes</c>, <c>.gitignore</c> or <c>.mailmap</c>,
/// nor their NTFS (<c>gitmod~1</c>, <c>gi7eba~1</c>) or HFS spellings;</item>
/// <item>on Windows (<see cref="PathRules.Windows"/>), also: no backslash, no drive letter
/// (<c>c:</c>), no characters Windows forbids, no component ending in a dot or space, no
/// reserved device name (<c>CON</c>, <c>NUL</c>, <c>COM1</c>…).</item>
/// </list>
/// Pure: bytes in, a reason out. Paths are git's: <c>/</c>-separated, no prefix.
/// </summary>
public static class TreePath
{
    /// <summary>Mode bits of a symbolic link in a tree (<c>120000</c>).</summary>
    public const int SymlinkMode = 0xA000;

    /// <summary>True when <paramref name="path"/> may be written with <paramref name="mode"/>.</summary>
    public static bool IsValid(ReadOnlySpan<byte> path, int mode, PathRules? rules = null) => Problem(path, mode, rules) is null;

    /// <summary>Why <paramref name="path"/> (mode <paramref name="mode"/>) may not reach the index or working tree, or null.</summary>
    /// <param name="path">The path's bytes, <c>/</c>-separated.</param>
    /// <param name="mode">The tree entry mode (only whether it is a symbolic link matters).</param>
    /// <param name="rules">Platform rules; <see cref="PathRules.Current"/> when null.</param>
    public static string? Problem(ReadOnlySpan<byte> path, int mode, PathRules? rules = null)
    {
        rules ??= PathRules.Current;
        if (path.IsEmpty) return "it is empty";
        if (path.IndexOf((byte)0) >= 0) return "it contains a NUL byte";
        if (path[0] == '/') return "it is an absolute path";
        if (rules.Windows)
        {
            if (path.Length >= 2 && path[1] == ':' && IsAsciiLetter(path[0])) return "it starts with a drive letter";
            if (path.IndexOf((byte)'\\') >= 0) return "it contains a backslash";
            if (WindowsProblem(path) is { } windows) return windows;
        }
        var start = 0;
        while (true)
        {
            var end = path[start..].IndexOf((byte)'/');
            end = end < 0 ? path.Length : start + end;
            var component = path[start..end];
            if (ComponentProblem(component, path[start..], mode, end == path.Length) is { } problem) return problem;
            if (end == path.Length) return null;
            start = end + 1;
        }
    }

    /// <summary>
    /// Checks one component; <paramref name="rest"/> is the path from this component on, which
    /// git's spelling checks read (a name followed by <c>/</c> counts, for some of them).
    /// </summary>
    private static string? ComponentProblem(ReadOnlySpan<byte> component, ReadOnlySpan<byte> rest, int mode, bool last)
    {
        var link = (mode & 0xF000) == SymlinkMode;
        if (component.IsEmpty) return last ? "it ends with a slash" : "it has an empty component (two slashes)";
        if (component.SequenceEqual("."u8)) return "it has a '.' component";
        if (component.SequenceEqual(".."u8)) return "it has a '..' component";
        if (GitNames.IsDotGit(component) || GitNames.IsHfsDotGit(rest) || GitNames.IsNtfsDotGit(rest)) return DotGit(component);
        // NTFS reads a backslash as a separator: each part after one is a name there too.
        for (var i = component.IndexOf((byte)'\\'); i >= 0; i = Next(component, i))
        {
            var after = component[(i + 1)..];
            if (GitNames.IsNtfsDotGit(after)) return DotGit(component);
            if (link && last && GitNames.IsNtfsDot(after, GitNames.Modules)) return LinkProblem(".gitmodules");
            // fsck reads such a part as .gitmodules too, and wants it a blob (not a folder or gitlink).
            if ((!last || (mode & 0xF000) == 0xE000) && GitNames.IsNtfsDot(after, GitNames.Modules))
                return $"'{Show(component)}' names .gitmodules, which must be a file";
        }
        // fsck: .gitmodules and .gitattributes, however spelt, must be files (git reads them as blobs).
        if (!last || (mode & 0xF000) == 0xE000)
            foreach (var special in GitNames.MustBeFiles)
                if (GitNames.IsHfsDot(component, special.Name) || GitNames.IsNtfsDot(component, special))
                    return $"'{Show(component)}' names .{special.Name}, which must be a file";
        if (!link) return null;
        // verify_path: any component spelt .gitmodules under a symlink; fsck: the leaf named like any of the four.
        if (GitNames.IsDot(component, GitNames.Modules.Name) || GitNames.IsHfsDot(rest, GitNames.Modules.Name)
            || GitNames.IsNtfsDot(rest, GitNames.Modules)) return LinkProblem(".gitmodules");
        if (!last) return null;
        foreach (var special in GitNames.LinkForbidden)
            if (GitNames.IsHfsDot(component, special.Name) || GitNames.IsNtfsDot(component, special))
                return LinkProblem("." + special.Name);
        return null;
    }

    private static int Next(ReadOnlySpan<byte> s, int i)
    {
        var j = s[(i + 1)..].IndexOf((byte)'\\');
        return j < 0 ? -1 : i + 1 + j;
    }

    private static string DotGit(ReadOnlySpan<byte> component) =>
        component.SequenceEqual(".git"u8) ? "it reaches into a .git directory" : $"'{Show(component)}' names a .git directory on some file systems";

    private static string LinkProblem(string name) => $"{name} may not be a symbolic link";

    private static bool IsAsciiLetter(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a';

    /// <summary>The component for a message: printable ASCII kept, everything else as <c>\xNN</c>.</summary>
    internal static string Show(ReadOnlySpan<byte> bytes)
    {
        var sb = new System.Text.StringBuilder(bytes.Length);
        foreach (var b in bytes)
            if (b is >= 0x20 and < 0x7f) sb.Append((char)b);
            else sb.Append($"\\x{b:x2}");
        return sb.ToString();
    }

    /// <summary>git's <c>is_valid_win32_path</c>: what Windows cannot create, or would create under another name.</summary>
    private static string? WindowsProblem(ReadOnlySpan<byte> path)
    {
        foreach (var range in path.Split((byte)'/'))
        {
            var segment = path[range];
            if (segment.IsEmpty || segment.SequenceEqual("."u8) || segment.SequenceEqual(".."u8)) continue;
            foreach (var b in segment)
                if (b < 0x20 || b is (byte)'<' or (byte)'>' or (byte)':' or (byte)'"' or (byte)'|' or (byte)'?' or (byte)'*')
                    return $"'{Show(segment)}' holds a character Windows does not allow in file names";
            if (segment[^1] is (byte)'.' or (byte)' ') return $"'{Show(segment)}' ends with a dot or space, which Windows drops";
            if (IsReservedDevice(segment)) return $"'{Show(segment)}' is a reserved device name on Windows";
        }
        return null;
    }

    private static bool IsReservedDevice(ReadOnlySpan<byte> segment)
    {
        var stem = segment;
        var stop = stem.IndexOfAny(". :"u8);
        if (stop >= 0) stem = stem[..stop];
        Span<byte> upper = stackalloc byte[Math.Min(stem.Length, 8)];
        if (stem.Length > 7) return false;
        for (var i = 0; i < stem.Length; i++) upper[i] = (byte)(stem[i] is >= (byte)'a' and <= (byte)'z' ? stem[i] - 32 : stem[i]);
        upper = upper[..stem.Length];
        if (upper.SequenceEqual("AUX"u8) || upper.SequenceEqual("CON"u8) || upper.SequenceEqual("NUL"u8) || upper.SequenceEqual("PRN"u8)
            || upper.SequenceEqual("CONIN$"u8) || upper.SequenceEqual("CONOUT$"u8)) return true;
        return upper.Length == 4 && (upper.StartsWith("COM"u8) && upper[3] is >= (byte)'1' and <= (byte)'9'
                                     || upper.StartsWith("LPT"u8) && upper[3] is >= (byte)'0' and <= (byte)'9');
    }
}

/// <summary>Which platform's extra rules <see cref="TreePath"/> applies.</summary>
/// <param name="Windows">Backslashes, drive letters, reserved names and characters are refused (as git on Windows does).</param>
public sealed record PathRules(bool Windows)
{
    /// <summary>The rules of the platform Carry runs on.</summary>
    public static PathRules Current { get; } = new(OperatingSystem.IsWindows());

    /// <summary>The strictest rules: every platform's at once.</summary>
    public static PathRules Everywhere { get; } = new(true);
}
