using System.Text;

namespace Carry.Patches;

/// <summary>
/// The free text before a patch's first file diff: mail headers, the commit message or DEP-3
/// fields, and after a <c>---</c> line the notes git puts there (diffstat, remarks). The bytes
/// are kept whole in <see cref="Raw"/> so an unchanged patch can be written back identically;
/// fields are a convenience view.
/// </summary>
public sealed class PatchHeader
{
    private PatchHeader(ReadOnlyMemory<byte> raw, ReadOnlyMemory<byte> message, ReadOnlyMemory<byte> notes,
        bool hasSeparator, IReadOnlyList<HeaderField> fields, string? mboxCommit)
    {
        Raw = raw;
        Message = message;
        Notes = notes;
        HasNotesSeparator = hasSeparator;
        Fields = fields;
        MboxCommit = mboxCommit;
    }

    /// <summary>The whole header exactly as in the patch file.</summary>
    public ReadOnlyMemory<byte> Raw { get; }

    /// <summary>The part before the <c>---</c> separator line (all of <see cref="Raw"/> when there is none).</summary>
    public ReadOnlyMemory<byte> Message { get; }

    /// <summary>The part after the <c>---</c> separator line (diffstat and notes); empty when there is none.</summary>
    public ReadOnlyMemory<byte> Notes { get; }

    /// <summary>True when the header has git's <c>---</c> line between message and notes.</summary>
    public bool HasNotesSeparator { get; }

    /// <summary>Fields found in <see cref="Message"/>, in order.</summary>
    public IReadOnlyList<HeaderField> Fields { get; }

    /// <summary>The commit id from an mbox <c>From &lt;id&gt; Mon Sep 17 00:00:00 2001</c> first line.</summary>
    public string? MboxCommit { get; }

    /// <summary>The header as text (UTF-8, invalid bytes as U+FFFD).</summary>
    public string Text => Encoding.UTF8.GetString(Raw.Span);

    /// <summary>The first field named <paramref name="name"/> (case-insensitive), or null.</summary>
    /// <param name="name">Field name without the colon.</param>
    public string? Get(string name)
    {
        foreach (var field in Fields)
            if (string.Equals(field.Name, name, StringComparison.OrdinalIgnoreCase))
                return field.Value;
        return null;
    }

    /// <summary>Every field named <paramref name="name"/> (case-insensitive), in order; DEP-3 allows repeats (<c>Author:</c>, <c>Bug:</c>).</summary>
    /// <param name="name">Field name without the colon.</param>
    public IEnumerable<string> GetAll(string name) =>
        Fields.Where(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase)).Select(f => f.Value);

    /// <summary>The mail <c>Subject:</c>, unfolded and with MIME encoded words decoded.</summary>
    public string? Subject => Get("Subject") is { } s ? MimeWords.Decode(Unfold(s)) : null;

    /// <summary>The author: mail <c>From:</c> (MIME decoded), else the first DEP-3 <c>Author:</c>.</summary>
    public string? Author => Get("From") is { } f ? MimeWords.Decode(Unfold(f)) : Get("Author");

    /// <summary>The mail <c>Date:</c> field as written.</summary>
    public string? Date => Get("Date");

    /// <summary>The DEP-3 <c>Description:</c> (or <c>Subject:</c>) field.</summary>
    public string? Description => Get("Description") ?? Subject;

    private static string Unfold(string value) => value.Replace("\n", " ");

    /// <summary>Splits <paramref name="raw"/> into message, notes and fields.</summary>
    /// <param name="raw">The header bytes (everything before the first file diff).</param>
    internal static PatchHeader Parse(ReadOnlyMemory<byte> raw)
    {
        var span = raw.Span;
        var fields = new List<HeaderField>();
        string? mboxCommit = null;
        HeaderFieldBuilder? current = null;
        var messageEnd = raw.Length;
        var notesStart = raw.Length;
        var hasSeparator = false;
        var lineNumber = 0;
        var pos = 0;
        while (pos < span.Length)
        {
            lineNumber++;
            var newline = span[pos..].IndexOf((byte)'\n');
            var end = newline < 0 ? span.Length : pos + newline + 1;
            var text = TrimEol(span[pos..end]);
            if (text.TrimEnd(" \t"u8).SequenceEqual("---"u8))
            {
                messageEnd = pos;
                notesStart = end;
                hasSeparator = true;
                break;
            }
            if (lineNumber == 1 && TryMboxCommit(text, out var commit))
            {
                mboxCommit = commit;
            }
            else if (current is not null && !text.IsEmpty && (text[0] == (byte)' ' || text[0] == (byte)'\t'))
            {
                current.AddContinuation(text[1..]);
            }
            else
            {
                if (current is not null)
                    fields.Add(current.Build());
                current = FieldNameLength(text) is var nameLength and > 0
                    ? new HeaderFieldBuilder(text[..nameLength], text[(nameLength + 1)..], lineNumber)
                    : null;
            }
            pos = end;
        }
        if (current is not null)
            fields.Add(current.Build());
        return new PatchHeader(raw, raw[..messageEnd], raw[notesStart..], hasSeparator, fields, mboxCommit);
    }

    private static ReadOnlySpan<byte> TrimEol(ReadOnlySpan<byte> line)
    {
        if (!line.IsEmpty && line[^1] == (byte)'\n')
            line = line[..^1];
        if (!line.IsEmpty && line[^1] == (byte)'\r')
            line = line[..^1];
        return line;
    }

    /// <summary>Length of <c>Name</c> in <c>Name: value</c>, or 0 when the line is not a field.</summary>
    private static int FieldNameLength(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty || !char.IsAsciiLetter((char)text[0]))
            return 0;
        var i = 1;
        while (i < text.Length && (char.IsAsciiLetterOrDigit((char)text[i]) || text[i] == (byte)'-' || text[i] == (byte)'_'))
            i++;
        if (i >= text.Length || text[i] != (byte)':')
            return 0;
        // "Name:" alone, or followed by a blank; "http://…" or "Note:x" is prose, not a field.
        return i + 1 == text.Length || text[i + 1] == (byte)' ' || text[i + 1] == (byte)'\t' ? i : 0;
    }

    private static bool TryMboxCommit(ReadOnlySpan<byte> text, out string? commit)
    {
        commit = null;
        if (!text.StartsWith("From "u8))
            return false;
        var rest = text[5..];
        var space = rest.IndexOf((byte)' ');
        var id = space < 0 ? rest : rest[..space];
        if (id.Length < 7 || id.Length > 64 || id.ContainsAnyExcept("0123456789abcdef"u8))
            return false;
        commit = Encoding.ASCII.GetString(id);
        return true;
    }

    private sealed class HeaderFieldBuilder(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, int line)
    {
        private readonly string _name = Encoding.UTF8.GetString(name);
        private readonly StringBuilder _value = new(GitText.Decode(value.TrimStart(" \t"u8)));

        public void AddContinuation(ReadOnlySpan<byte> text)
        {
            _value.Append('\n');
            // DEP-3 writes an empty line of a multi-line field as " .".
            if (!text.SequenceEqual("."u8))
                _value.Append(GitText.Decode(text));
        }

        public HeaderField Build() => new(_name, _value.ToString().TrimEnd(), line);
    }
}
