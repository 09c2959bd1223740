using System.Text;
using Carry.Hashing;

namespace Carry.Git;

/// <summary>
/// Reads and writes git's canonical object bodies. Tree entry names are "raw names": each
/// byte of the name maps to one char (Latin-1), so any file name, UTF-8 or not, round-trips
/// unchanged and ordinal string order is git's byte order. <see cref="RawPath"/> converts at
/// the edges.
/// </summary>
internal static class ObjectFormat
{
    public static string TypeName(int type) => Encoding.ASCII.GetString(TypeBytes(type));

    /// <summary>The type's name as git writes it in an object's header, in ASCII.</summary>
    public static ReadOnlySpan<byte> TypeBytes(int type) => type switch
    {
        NativeGit.ObjCommit => "commit"u8,
        NativeGit.ObjTree => "tree"u8,
        NativeGit.ObjBlob => "blob"u8,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>The id git gives an object of this type and body.</summary>
    public static Oid Hash(int type, ReadOnlySpan<byte> body)
    {
        Span<byte> id = stackalloc byte[Sha1.Size];
        Sha1.GitObjectId(TypeBytes(type), body, id);
        return Oid.FromBytes(id);
    }

    public static List<TreeEntry> ParseTree(ReadOnlySpan<byte> body)
    {
        var entries = new List<TreeEntry>();
        var pos = 0;
        while (pos < body.Length)
        {
            var space = body[pos..].IndexOf((byte)' ');
            var nul = body[pos..].IndexOf((byte)0);
            if (space < 0 || nul < space || pos + nul + 21 > body.Length)
                throw new InvalidDataException("corrupt tree object");
            var mode = 0;
            foreach (var b in body.Slice(pos, space)) mode = mode * 8 + (b - '0');
            var name = Encoding.Latin1.GetString(body.Slice(pos + space + 1, nul - space - 1));
            var id = Oid.FromBytes(body.Slice(pos + nul + 1, 20));
            // As git reads it (a 100664 of early git's is a 100644), so the index gets git's mode.
            entries.Add(new TreeEntry(name, EntryMode.Canonical(mode), id));
            pos += nul + 21;
        }
        return entries;
    }

    /// <summary>Serialises entries in git's order (sub-trees sort as if named "name/").</summary>
    public static byte[] FormatTree(IEnumerable<TreeEntry> entries)
    {
        var sorted = entries.ToList();
        sorted.Sort(CompareEntries);
        var size = 0;
        foreach (var e in sorted) size += EntrySize(e);
        var body = new byte[size];
        var at = 0;
        foreach (var e in sorted) at += WriteEntry(body.AsSpan(at), e);
        return body;
    }

    /// <summary>An entry's size in a raw tree: octal mode, space, name, NUL, 20-byte id.</summary>
    public static int EntrySize(TreeEntry e) => OctalDigits(e.Mode) + 1 + e.Name.Length + 1 + 20;

    /// <summary>Writes one raw tree entry at the start of <paramref name="output"/>; returns its size (<see cref="EntrySize"/>).</summary>
    public static int WriteEntry(Span<byte> output, TreeEntry e)
    {
        // Octal mode without leading zeros, as git writes it (40000 for a tree).
        var at = OctalDigits(e.Mode);
        for (int k = at - 1, m = e.Mode; k >= 0; k--, m >>= 3) output[k] = (byte)('0' + (m & 7));
        output[at++] = (byte)' ';
        at += Encoding.Latin1.GetBytes(e.Name, output[at..]);
        output[at++] = 0;
        e.Id.CopyTo(output[at..]);
        return at + 20;
    }

    private static int OctalDigits(int mode)
    {
        var n = 1;
        for (var m = (uint)mode >> 3; m > 0; m >>= 3) n++;
        return n;
    }

    /// <summary>git's tree order: names compared as bytes, a tree's name as if it ended in '/'.</summary>
    public static int CompareEntries(TreeEntry a, TreeEntry b)
    {
        ReadOnlySpan<char> x = a.Name, y = b.Name;
        var common = Math.Min(x.Length, y.Length);
        var c = x[..common].SequenceCompareTo(y[..common]);
        if (c != 0) return c;
        var nextA = x.Length > common ? x[common] : a.IsTree ? '/' : '\0';
        var nextB = y.Length > common ? y[common] : b.IsTree ? '/' : '\0';
        return nextA.CompareTo(nextB);
    }

    /// <summary>
    /// A commit's parts as text: the message and identities decoded from the commit's
    /// <c>encoding</c> header (UTF-8 without one, invalid bytes as U+FFFD), as git log shows them;
    /// the bytes they were decoded from are kept (<see cref="CommitData.Written"/>) for rewriting.
    /// </summary>
    public static CommitData ParseCommit(ReadOnlySpan<byte> body)
    {
        var split = body.IndexOf("\n\n"u8);
        var header = split < 0 ? body : body[..split];
        var messageBytes = split < 0 ? [] : body[(split + 2)..].ToArray();
        string? encoding = null;
        foreach (var range in header.Split((byte)'\n'))
            if (header[range] is var line && line.StartsWith("encoding "u8)) encoding = Encoding.UTF8.GetString(line[9..]);
        var text = TextEncoding(encoding);
        Oid tree = default;
        var parents = new List<Oid>();
        Signature? author = null, committer = null;
        byte[] authorLine = [], committerLine = [];
        foreach (var range in header.Split((byte)'\n'))
        {
            var line = header[range];
            if (line.StartsWith("tree "u8)) tree = new Oid(Encoding.ASCII.GetString(line[5..]));
            else if (line.StartsWith("parent "u8)) parents.Add(new Oid(Encoding.ASCII.GetString(line[7..])));
            else if (line.StartsWith("author "u8)) (author, authorLine) = (Signature.Parse(text.GetString(line[7..])), line[7..].ToArray());
            else if (line.StartsWith("committer "u8)) (committer, committerLine) = (Signature.Parse(text.GetString(line[10..])), line[10..].ToArray());
            // Other headers (gpgsig, mergetag) are dropped on purpose: a rewritten commit's
            // signature would be invalid. The encoding header is kept with the message it describes.
        }
        if (author is null || committer is null) throw new InvalidDataException("corrupt commit object");
        var message = text.GetString(messageBytes);
        return new CommitData(tree, parents, author, committer, message)
        {
            Written = new CommitBytes(author, authorLine, committer, committerLine, message, messageBytes, encoding),
        };
    }

    /// <summary>
    /// A commit's body. What a rewrite leaves as it was is written back byte for byte, as
    /// git cherry-pick and rebase keep it: the author and committer lines, and the message with
    /// its <c>encoding</c> header (a Latin-1 message stays Latin-1, invalid UTF-8 stays as it
    /// was); a changed message is written as UTF-8, without an encoding header.
    /// </summary>
    public static byte[] FormatCommit(CommitData c)
    {
        var buffer = new MemoryStream();
        void Text(string value) => buffer.Write(Encoding.UTF8.GetBytes(value));
        Text($"tree {c.Tree.Hex}\n");
        foreach (var p in c.Parents) Text($"parent {p.Hex}\n");
        var kept = c.Written;
        Text("author ");
        if (kept is not null && c.Author == kept.Author) buffer.Write(kept.AuthorLine);
        else Text(c.Author.ToGitFormat());
        Text("\ncommitter ");
        if (kept is not null && c.Committer == kept.Committer) buffer.Write(kept.CommitterLine);
        else Text(c.Committer.ToGitFormat());
        Text("\n");
        if (kept is not null && c.Message == kept.Message)
        {
            if (kept.Encoding is { } encoding) Text($"encoding {encoding}\n");
            Text("\n");
            buffer.Write(kept.MessageBytes);
        }
        else Text("\n" + c.Message);
        return buffer.ToArray();
    }

    /// <summary>The encoding an <c>encoding</c> header names (git takes iconv's names), UTF-8 when none or unknown here.</summary>
    private static Encoding TextEncoding(string? name)
    {
        if (name is null) return Encoding.UTF8;
        if (name.ToLowerInvariant() is "iso-8859-1" or "iso8859-1" or "latin1" or "latin-1") return Encoding.Latin1;
        try
        {
            return CodePagesEncodingProvider.Instance.GetEncoding(name) ?? Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return Encoding.UTF8;
        }
    }
}

/// <summary>Conversions between raw tree paths (one char per byte) and display text.</summary>
public static class RawPath
{
    /// <summary>The raw form of a path given as UTF-8 text.</summary>
    public static string FromText(string text) => Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(text));

    /// <summary>The raw form of a path given as bytes.</summary>
    public static string FromBytes(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    /// <summary>The bytes of a raw path.</summary>
    public static byte[] ToBytes(string raw) => Encoding.Latin1.GetBytes(raw);

    /// <summary>A raw path as text for people (invalid UTF-8 shows as U+FFFD).</summary>
    public static string ToText(string raw) => Encoding.UTF8.GetString(Encoding.Latin1.GetBytes(raw));
}
