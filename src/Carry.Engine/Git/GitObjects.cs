namespace Carry.Git;

/// <summary>Entry modes as git writes them in trees.</summary>
public static class EntryMode
{
    /// <summary>A sub-tree.</summary>
    public const int Tree = 0x4000;
    /// <summary>A regular file.</summary>
    public const int Regular = 0x81A4;
    /// <summary>An executable file.</summary>
    public const int Executable = 0x81ED;
    /// <summary>A symbolic link.</summary>
    public const int Symlink = 0xA000;
    /// <summary>A submodule commit.</summary>
    public const int Gitlink = 0xE000;

    /// <summary>
    /// The mode git gives a tree entry when it reads it (tree-walk.c <c>canon_mode</c>), which is
    /// what its index and checkout use: a file is 100644 or, with the owner's execute bit, 100755
    /// (the 100664 early git wrote becomes 100644), a link 120000, a folder 040000, anything else a
    /// gitlink. Carry reads modes this way too, so its index and working tree agree with git's.
    /// </summary>
    public static int Canonical(int mode) => (mode & 0xF000) switch
    {
        0x8000 => (mode & 0x40) != 0 ? Executable : Regular,
        Symlink => Symlink,
        Tree => Tree,
        _ => Gitlink,
    };

    /// <summary>
    /// True for the modes <c>git fsck</c> accepts (without <c>--strict</c>): the five git writes and
    /// 100664, which early git wrote (fsck.c <c>fsck_tree</c>); any other is badFilemode.
    /// </summary>
    public static bool IsStandard(int mode) => mode is Regular or Executable or Symlink or Tree or Gitlink or 0x81B4;
}

/// <summary>One entry of a git tree.</summary>
public sealed record TreeEntry(string Name, int Mode, Oid Id)
{
    /// <summary>True for a sub-tree entry.</summary>
    public bool IsTree => Mode == EntryMode.Tree;
}

/// <summary>
/// A person and a moment, as git records them in commits. The time zone offset is kept
/// in minutes exactly as written so that rewriting a commit never shifts its dates.
/// </summary>
public sealed record Signature(string Name, string Email, long UnixSeconds, int OffsetMinutes)
{
    /// <summary>The moment as a DateTimeOffset in the recorded zone.</summary>
    public DateTimeOffset When =>
        DateTimeOffset.FromUnixTimeSeconds(UnixSeconds).ToOffset(TimeSpan.FromMinutes(OffsetMinutes));

    /// <summary>"Name &lt;email&gt;", the way git shows an author.</summary>
    public string Identity => $"{Name} <{Email}>";

    /// <summary>
    /// True when the signature can stand in a commit's identity line as it is: a name, and no
    /// '&lt;', '&gt;' or newline in the name or the email (git fsck: badName, badEmail, missingEmail).
    /// </summary>
    public bool IsWellFormed => Name.Trim().Length > 0 && Name.AsSpan().IndexOfAny('<', '>', '\n') < 0 && Email.AsSpan().IndexOfAny('<', '>', '\n') < 0;

    /// <summary>Formats the signature the way git stores it in a commit header.</summary>
    public string ToGitFormat()
    {
        var sign = OffsetMinutes < 0 ? '-' : '+';
        var abs = Math.Abs(OffsetMinutes);
        return $"{Name} <{Email}> {UnixSeconds} {sign}{abs / 60:00}{abs % 60:00}";
    }

    /// <summary>Parses git's "Name &lt;email&gt; seconds +hhmm" form.</summary>
    public static Signature Parse(string text)
    {
        var lt = text.IndexOf('<');
        var gt = text.IndexOf('>', lt + 1);
        if (lt < 0 || gt < 0) throw new FormatException($"bad signature: '{text}'");
        var name = text[..lt].TrimEnd();
        var email = text[(lt + 1)..gt];
        var rest = text[(gt + 1)..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long seconds = rest.Length > 0 ? long.Parse(rest[0]) : 0;
        var offset = 0;
        if (rest.Length > 1 && rest[1].Length == 5)
        {
            var hh = int.Parse(rest[1].AsSpan(1, 2));
            var mm = int.Parse(rest[1].AsSpan(3, 2));
            offset = (rest[1][0] == '-' ? -1 : 1) * (hh * 60 + mm);
        }
        return new Signature(name, email, seconds, offset);
    }

    /// <summary>A signature for "now" in the local time zone.</summary>
    public static Signature Now(string name, string email)
    {
        var now = DateTimeOffset.Now;
        return new Signature(name, email, now.ToUnixTimeSeconds(), (int)now.Offset.TotalMinutes);
    }
}

/// <summary>The parts of a commit the engine reads and writes.</summary>
public sealed record CommitData(
    Oid Tree,
    IReadOnlyList<Oid> Parents,
    Signature Author,
    Signature Committer,
    string Message)
{
    /// <summary>
    /// The commit as read from git, when it was: rewriting it writes back what is unchanged
    /// (author, committer, message with its encoding header) byte for byte.
    /// </summary>
    internal CommitBytes? Written { get; init; }

    /// <summary>The first line of the message.</summary>
    public string Subject
    {
        get
        {
            var text = Message.TrimStart('\n');
            var end = text.IndexOf('\n');
            return (end < 0 ? text : text[..end]).TrimEnd();
        }
    }

    /// <summary>The first parent, or null for a root commit.</summary>
    public Oid? Parent => Parents.Count > 0 ? Parents[0] : null;
}

/// <summary>A parsed commit's identities and message with the bytes they were decoded from, and its <c>encoding</c> header.</summary>
internal sealed record CommitBytes(Signature Author, byte[] AuthorLine, Signature Committer, byte[] CommitterLine,
    string Message, byte[] MessageBytes, string? Encoding);
