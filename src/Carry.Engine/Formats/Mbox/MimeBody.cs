using System.Text;

namespace Carry.Formats.Mbox;

/// <summary>
/// A mail body as <c>git mailinfo</c> reads it: the transfer encoding undone (quoted-printable,
/// base64), multipart bodies taken apart (every part decoded and put one after the other, the
/// MIME preamble, boundaries and part headers left out, nested multiparts too), <c>format=flowed</c>
/// undone, and the message
/// text (up to where the patch starts) turned into UTF-8 from the charset the mail names.
/// Text is kept as Latin-1 strings (one char per byte) so that the patch's bytes survive.
/// </summary>
internal static class MimeBody
{
    /// <summary>The decoded body of a mail or part with <paramref name="headers"/>.</summary>
    public static string Decode(List<(string Name, string Value)> headers, string body)
    {
        var type = MailInfo.Get(headers, "Content-Type") ?? "";
        if (type.TrimStart().StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
            return Parameter(type, "boundary") is { Length: > 0 } boundary ? Parts(body, boundary) : body;
        var decoded = MailInfo.Get(headers, "Content-Transfer-Encoding")?.Trim().ToLowerInvariant() switch
        {
            "quoted-printable" => MailInfo.QuotedPrintable(body),
            "base64" => MailInfo.Base64(body) ?? body,
            _ => body,
        };
        if (string.Equals(Parameter(type, "format"), "flowed", StringComparison.OrdinalIgnoreCase))
            decoded = Unflow(decoded, string.Equals(Parameter(type, "delsp"), "yes", StringComparison.OrdinalIgnoreCase));
        return Parameter(type, "charset") is { } charset ? MessageToUtf8(decoded, charset) : decoded;
    }

    /// <summary>
    /// RFC 3676 <c>format=flowed</c> undone as git mailinfo undoes it: one leading space of each
    /// line goes (space-stuffing), a line ending in a space is joined with the next (without that
    /// space when <c>delsp=yes</c>), and the signature line <c>-- </c> stays as it is.
    /// </summary>
    private static string Unflow(string text, bool delsp)
    {
        var sb = new StringBuilder(text.Length);
        var pending = new StringBuilder();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var last = i == lines.Length - 1;
            var line = lines[i];
            if (last && line.Length == 0) break;
            if (line == "-- ")
            {
                sb.Append(pending).Append(line).Append('\n');
                pending.Clear();
                continue;
            }
            if (line.StartsWith(' ')) line = line[1..];
            if (line.EndsWith(' '))
            {
                pending.Append(line, 0, line.Length - (delsp ? 1 : 0));
                continue;
            }
            sb.Append(pending).Append(line);
            pending.Clear();
            if (!last) sb.Append('\n');
        }
        return sb.Append(pending).ToString();
    }

    private static string Parts(string body, string boundary)
    {
        var lines = body.Split('\n');
        var sb = new StringBuilder();
        var part = new List<string>();
        var inPart = false;
        void Flush()
        {
            if (inPart)
            {
                var (headers, start) = MailInfo.ReadHeaders(part, 0);
                if (headers.Count == 0) start = part.Count > 0 && part[0].Length == 0 ? 1 : 0;
                var text = Decode(headers, string.Join('\n', part.Skip(start)));
                sb.Append(text);
                if (text.Length > 0 && text[^1] != '\n') sb.Append('\n');
            }
            part.Clear();
        }
        foreach (var line in lines)
        {
            if (line.TrimEnd() == "--" + boundary) { Flush(); inPart = true; continue; }
            if (line.TrimEnd() == "--" + boundary + "--") { Flush(); inPart = false; continue; }
            if (inPart) part.Add(line);
        }
        Flush();
        return sb.ToString();
    }

    /// <summary>A parameter of a header value (<c>boundary="x"</c>, <c>charset=UTF-8</c>), unquoted, or null.</summary>
    private static string? Parameter(string value, string name)
    {
        foreach (var piece in value.Split(';').Skip(1))
        {
            var eq = piece.IndexOf('=');
            if (eq > 0 && piece[..eq].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
                return piece[(eq + 1)..].Trim().Trim('"');
        }
        return null;
    }

    /// <summary>
    /// The message part (up to a line that starts the patch) re-encoded from <paramref name="charset"/>
    /// to UTF-8, as git mailinfo re-encodes the commit message; the patch is left as it is.
    /// </summary>
    private static string MessageToUtf8(string text, string charset)
    {
        if (charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("us-ascii", StringComparison.OrdinalIgnoreCase)) return text;
        Encoding? from;
        try
        {
            from = charset.ToLowerInvariant() is "iso-8859-1" or "latin1" or "latin-1" ? Encoding.Latin1 : CodePagesEncodingProvider.Instance.GetEncoding(charset);
        }
        catch (ArgumentException)
        {
            from = null;
        }
        if (from is null) return text;
        var end = PatchStart(text);
        var message = MailInfo.Encode(text[..end]);
        return MailInfo.Latin1(Encoding.UTF8.GetBytes(from.GetString(message))) + text[end..];
    }

    private static int PatchStart(string text)
    {
        var at = 0;
        while (at < text.Length)
        {
            var nl = text.IndexOf('\n', at);
            var line = nl < 0 ? text[at..] : text[at..nl];
            if (line.TrimEnd() == "---" || line.StartsWith("diff -", StringComparison.Ordinal) || line.StartsWith("Index: ", StringComparison.Ordinal))
                return at;
            if (nl < 0) break;
            at = nl + 1;
        }
        return text.Length;
    }
}
