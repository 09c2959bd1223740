using System.Text;

namespace Carry.Formats.Mbox;

/// <summary>
/// Turns one mail as people send it into the plain form the patch reader understands, doing
/// what <c>git mailinfo</c> does before <c>git am</c> applies it: CRLF line ends become LF,
/// blank lines before the headers go, an <c>hg export</c> header becomes <c>From:</c>/<c>Date:</c>,
/// a quoted-printable or base64 body is decoded, and <c>From:</c>, <c>Date:</c>, <c>Subject:</c>
/// lines at the top of the body (in-body headers) replace the mail's own. The result is
/// <c>From:</c>, <c>Date:</c>, <c>Subject:</c> (when known), a blank line and the body. The
/// original bytes are kept elsewhere; this form is only read.
/// </summary>
public static class MailInfo
{
    private static readonly string[] InBody = ["From", "Date", "Subject"];

    /// <summary>The mail in plain form; a mail that needs nothing comes back as the same array.</summary>
    /// <param name="mail">One mail (with or without its mbox <c>From </c> line).</param>
    public static byte[] Normalize(byte[] mail)
    {
        var text = Latin1(mail);
        var plain = text.Replace("\r\n", "\n");
        var lines = plain.Split('\n').ToList();
        var first = 0;
        while (first < lines.Count - 1 && lines[first].Trim().Length == 0) first++;
        if (lines[first].StartsWith("# HG changeset patch", StringComparison.Ordinal))
            return Encode(FromHg(lines, first));

        var start = first;
        if (lines[start].StartsWith("From ", StringComparison.Ordinal) && !lines[start].StartsWith("From: ", StringComparison.Ordinal)) start++;
        var (headers, bodyStart) = ReadHeaders(lines, start);
        if (headers.Count == 0) return plain.Length == text.Length && first == 0 ? mail : Encode(string.Join('\n', lines.Skip(first)));

        var body = string.Join('\n', lines.Skip(bodyStart));
        var decoded = MimeBody.Decode(headers, body);
        var changed = decoded != body || first > 0 || plain.Length != text.Length;

        // In-body headers: From:/Date:/Subject: lines at the very top of the body, up to a blank line.
        var bodyLines = decoded.Split('\n').ToList();
        var at = 0;
        while (at < bodyLines.Count && bodyLines[at].Length == 0) at++;
        var (inBody, after) = ReadHeaders(bodyLines, at, InBody);
        if (inBody.Count > 0)
        {
            foreach (var (name, value) in inBody) headers.RemoveAll(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
            headers.AddRange(inBody);
            decoded = string.Join('\n', bodyLines.Skip(after));
            changed = true;
        }
        if (!changed) return mail;

        var sb = new StringBuilder();
        foreach (var name in InBody)
            if (Get(headers, name) is { } value) sb.Append(name).Append(": ").Append(value.Replace("\n", "\n ")).Append('\n');
        sb.Append('\n').Append(decoded.TrimStart('\n'));
        return Encode(sb.ToString());
    }

    /// <summary>Headers from line <paramref name="start"/> (folded lines joined), and the line after the blank line that ends them.</summary>
    internal static (List<(string Name, string Value)> Headers, int BodyStart) ReadHeaders(List<string> lines, int start, string[]? only = null)
    {
        var headers = new List<(string Name, string Value)>();
        var i = start;
        for (; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Length == 0) { i++; break; }
            if ((line[0] == ' ' || line[0] == '\t') && headers.Count > 0)
            {
                headers[^1] = (headers[^1].Name, headers[^1].Value + "\n" + line.TrimStart());
                continue;
            }
            var colon = line.IndexOf(':');
            if (colon <= 0 || line[..colon].Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '-'))
                || (only is not null && !only.Contains(line[..colon], StringComparer.OrdinalIgnoreCase)))
                return only is null && headers.Count > 0 ? (headers, i) : ([], start);
            headers.Add((line[..colon], line[(colon + 1)..].Trim()));
        }
        return (headers, i);
    }

    internal static string? Get(List<(string Name, string Value)> headers, string name) =>
        headers.LastOrDefault(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>
    /// <c>hg export</c>: "# User", "# Date UNIX OFFSET" (seconds west of UTC), other "# " lines,
    /// then the message and the diff; as git am reads it.
    /// </summary>
    private static string FromHg(List<string> lines, int first)
    {
        string? user = null, date = null;
        var i = first + 1;
        for (; i < lines.Count && lines[i].StartsWith('#'); i++)
        {
            var line = lines[i];
            if (line.StartsWith("# User ", StringComparison.Ordinal)) user = line[7..].Trim();
            else if (line.StartsWith("# Date ", StringComparison.Ordinal) && date is null)
            {
                var parts = line[7..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 2 && long.TryParse(parts[0], out var unix) && int.TryParse(parts[1], out var west))
                    date = Rfc2822(DateTimeOffset.FromUnixTimeSeconds(unix).ToOffset(TimeSpan.FromSeconds(-west)));
            }
        }
        var message = lines.Skip(i).ToList();
        while (message.Count > 0 && message[0].Trim().Length == 0) message.RemoveAt(0);
        var sb = new StringBuilder();
        if (user is not null) sb.Append("From: ").Append(user).Append('\n');
        if (date is not null) sb.Append("Date: ").Append(date).Append('\n');
        if (message.Count > 0 && !message[0].StartsWith("diff ", StringComparison.Ordinal))
        {
            sb.Append("Subject: ").Append(message[0]).Append('\n');
            message.RemoveAt(0);
        }
        return sb.Append('\n').Append(string.Join('\n', message).TrimStart('\n')).ToString();
    }

    private static string Rfc2822(DateTimeOffset when)
    {
        var offset = when.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        var abs = offset.Duration();
        return when.ToString("ddd, d MMM yyyy HH:mm:ss ", System.Globalization.CultureInfo.InvariantCulture) + $"{sign}{abs.Hours:00}{abs.Minutes:00}";
    }

    internal static string QuotedPrintable(string body)
    {
        var bytes = new List<byte>(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c == '=' && i + 1 < body.Length && body[i + 1] == '\n') { i++; continue; }
            if (c == '=' && i + 2 < body.Length && Uri.IsHexDigit(body[i + 1]) && Uri.IsHexDigit(body[i + 2]))
            {
                bytes.Add(Convert.ToByte(body.Substring(i + 1, 2), 16));
                i += 2;
                continue;
            }
            bytes.Add((byte)c);
        }
        return Latin1([.. bytes]);
    }

    internal static string? Base64(string body)
    {
        try
        {
            return Latin1(Convert.FromBase64String(string.Concat(body.Where(c => !char.IsWhiteSpace(c)))));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    // Latin-1 maps bytes to chars one to one, so the mail's bytes (UTF-8 or not) survive the text handling.
    internal static string Latin1(byte[] bytes) => Encoding.Latin1.GetString(bytes);

    internal static byte[] Encode(string text) => Encoding.Latin1.GetBytes(text);
}
