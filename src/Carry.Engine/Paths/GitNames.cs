using System.Text;

namespace Carry.Paths;

/// <summary>
/// The spellings of git's own names on the file systems git protects against, ported from git
/// (path.c <c>is_ntfs_dotgit</c>, <c>is_ntfs_dot_generic</c>; utf8.c <c>is_hfs_dot_generic</c>).
/// Each function reads up to the end of the span, as git reads up to the NUL.
/// </summary>
internal static class GitNames
{
    /// <summary>A dot-file git gives meaning to, and the prefix of its NTFS fall-back short name.</summary>
    internal sealed record Special(string Name, string ShortPrefix);

    public static readonly Special Modules = new("gitmodules", "gi7eba");

    /// <summary>Names that must be blobs (git fsck: gitmodulesBlob, gitattributesBlob).</summary>
    public static readonly Special[] MustBeFiles = [Modules, new("gitattributes", "gi7d29")];

    /// <summary>Names a symbolic link may not have (git fsck: gitmodulesSymlink, gitattributesSymlink, gitignoreSymlink, mailmapSymlink).</summary>
    public static readonly Special[] LinkForbidden =
        [Modules, new("gitattributes", "gi7d29"), new("gitignore", "gi250a"), new("mailmap", "maba30")];

    /// <summary><c>.git</c> in any case (verify_dotfile).</summary>
    public static bool IsDotGit(ReadOnlySpan<byte> component) => IsDot(component, "git");

    /// <summary>A dot and <paramref name="name"/>, in any case, and nothing else.</summary>
    public static bool IsDot(ReadOnlySpan<byte> component, string name) =>
        component.Length == name.Length + 1 && component[0] == '.' && Ascii.EqualsIgnoreCase(component[1..], Encoding.ASCII.GetBytes(name));

    /// <summary>
    /// is_ntfs_dotgit: <c>.git</c> or <c>git~1</c> (any case), then only dots and spaces, up to the
    /// end, a slash, a backslash or a colon (an alternate data stream such as <c>::$INDEX_ALLOCATION</c>).
    /// </summary>
    public static bool IsNtfsDotGit(ReadOnlySpan<byte> name)
    {
        int i;
        if (name.Length >= 4 && name[0] == '.' && Ascii.EqualsIgnoreCase(name[1..4], "git"u8)) i = 4;
        else if (name.Length >= 5 && Ascii.EqualsIgnoreCase(name[..3], "git"u8) && name[3] == '~' && name[4] == '1') i = 5;
        else return false;
        for (; ; i++)
        {
            if (i == name.Length) return true;
            var c = name[i];
            if (c is (byte)'/' or (byte)'\\' or (byte)':') return true;
            if (c is not ((byte)'.' or (byte)' ')) return false;
        }
    }

    /// <summary>
    /// is_ntfs_dot_generic: <c>.gitmodules</c> and its kin under NTFS: trailing dots and spaces,
    /// alternate streams, the short names <c>gitmod~1</c>…<c>~4</c> and the fall-back <c>gi7eba~N</c>.
    /// Unlike <see cref="IsNtfsDotGit"/>, a slash ends nothing here (git calls it on leaf names).
    /// </summary>
    public static bool IsNtfsDot(ReadOnlySpan<byte> name, Special special)
    {
        var dotName = Encoding.ASCII.GetBytes(special.Name);
        int i;
        if (name.Length >= dotName.Length + 1 && name[0] == '.' && Ascii.EqualsIgnoreCase(name.Slice(1, dotName.Length), dotName))
            return OnlySpacesAndPeriods(name, dotName.Length + 1);
        if (name.Length >= 8 && Ascii.EqualsIgnoreCase(name[..6], dotName.AsSpan(0, 6)) && name[6] == '~' && name[7] is >= (byte)'1' and <= (byte)'4')
            return OnlySpacesAndPeriods(name, 8);
        var sawTilde = false;
        for (i = 0; i < 8; i++)
        {
            if (i >= name.Length) return false;
            var c = name[i];
            if (sawTilde)
            {
                if (c is < (byte)'0' or > (byte)'9') return false;
            }
            else if (c == '~')
            {
                i++;
                if (i >= name.Length || name[i] is < (byte)'1' or > (byte)'9') return false;
                sawTilde = true;
            }
            else if (i >= 6) return false;
            else if ((c & 0x80) != 0) return false;
            else if (char.ToLowerInvariant((char)c) != special.ShortPrefix[i]) return false;
        }
        return OnlySpacesAndPeriods(name, 8);
    }

    private static bool OnlySpacesAndPeriods(ReadOnlySpan<byte> name, int i)
    {
        for (; ; i++)
        {
            if (i >= name.Length || name[i] == ':') return true;
            if (name[i] is not ((byte)' ' or (byte)'.')) return false;
        }
    }

    /// <summary>is_hfs_dotgit: <c>.git</c> with HFS+'s ignored code points anywhere in it, up to the end or a slash.</summary>
    public static bool IsHfsDotGit(ReadOnlySpan<byte> path) => IsHfsDot(path, "git");

    /// <summary>
    /// is_hfs_dot_generic: a dot and <paramref name="needle"/> (any case) with the code points
    /// HFS+ ignores (zero-width joiners, direction marks, the BOM…) removed, then the end or a slash.
    /// As in git, malformed UTF-8 reads as the end.
    /// </summary>
    public static bool IsHfsDot(ReadOnlySpan<byte> path, string needle)
    {
        var at = 0;
        if (NextHfsChar(path, ref at) != '.') return false;
        foreach (var n in needle)
        {
            var c = NextHfsChar(path, ref at);
            if (c > 127 || char.ToLowerInvariant((char)c) != n) return false;
        }
        var last = NextHfsChar(path, ref at);
        return last == 0 || last == '/';
    }

    /// <summary>The next code point not ignored by HFS+; 0 at the end or at malformed UTF-8 (which then stays the end).</summary>
    private static int NextHfsChar(ReadOnlySpan<byte> s, ref int at)
    {
        while (true)
        {
            if (at >= s.Length) return 0;
            var c = PickUtf8(s, ref at);
            if (c < 0)
            {
                at = s.Length;
                return 0;
            }
            if (c is 0x200c or 0x200d or 0x200e or 0x200f or >= 0x202a and <= 0x202e or >= 0x206a and <= 0x206f or 0xfeff) continue;
            return c;
        }
    }

    private static bool Cont(ReadOnlySpan<byte> rest, int k) => k < rest.Length && (rest[k] & 0xc0) == 0x80;

    /// <summary>utf8.c pick_one_utf8_char: one code point, or -1 for malformed (overlong, surrogate, U+FFFE/F, beyond U+10FFFF).</summary>
    private static int PickUtf8(ReadOnlySpan<byte> s, ref int at)
    {
        var rest = s[at..];
        byte b0 = rest[0];
        if (b0 < 0x80) { at += 1; return b0; }
        if ((b0 & 0xe0) == 0xc0)
        {
            if (!Cont(rest, 1) || (b0 & 0xfe) == 0xc0) return -1;
            at += 2;
            return ((b0 & 0x1f) << 6) | (rest[1] & 0x3f);
        }
        if ((b0 & 0xf0) == 0xe0)
        {
            if (!Cont(rest, 1) || !Cont(rest, 2) || (b0 == 0xe0 && (rest[1] & 0xe0) == 0x80) || (b0 == 0xed && (rest[1] & 0xe0) == 0xa0)
                || (b0 == 0xef && rest[1] == 0xbf && (rest[2] & 0xfe) == 0xbe)) return -1;
            at += 3;
            return ((b0 & 0x0f) << 12) | ((rest[1] & 0x3f) << 6) | (rest[2] & 0x3f);
        }
        if ((b0 & 0xf8) == 0xf0)
        {
            if (!Cont(rest, 1) || !Cont(rest, 2) || !Cont(rest, 3) || (b0 == 0xf0 && (rest[1] & 0xf0) == 0x80) || (b0 == 0xf4 && rest[1] > 0x8f) || b0 > 0xf4) return -1;
            at += 4;
            return ((b0 & 0x07) << 18) | ((rest[1] & 0x3f) << 12) | ((rest[2] & 0x3f) << 6) | (rest[3] & 0x3f);
        }
        return -1;
    }
}
