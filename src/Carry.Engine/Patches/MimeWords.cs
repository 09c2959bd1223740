using System.Text;

namespace Carry.Patches;

/// <summary>
/// Decodes RFC 2047 encoded words (<c>=?UTF-8?q?J=C3=A9r=C3=B4me?=</c>), which
/// <c>git format-patch</c> writes in <c>From:</c> and <c>Subject:</c> for non-ASCII text.
/// Words in charsets other than UTF-8, Latin-1 and ASCII are left as written.
/// </summary>
internal static class MimeWords
{
    public static string Decode(string value)
    {
        if (!value.Contains("=?", StringComparison.Ordinal))
            return value;
        var result = new StringBuilder(value.Length);
        var pos = 0;
        var lastWasEncoded = false;
        while (pos < value.Length)
        {
            var start = value.IndexOf("=?", pos, StringComparison.Ordinal);
            if (start < 0 || !TryDecodeWord(value, start, out var decoded, out var end))
            {
                var next = start < 0 ? value.Length : start + 2;
                result.Append(value, pos, next - pos);
                lastWasEncoded = false;
                pos = next;
                continue;
            }
            var between = value.AsSpan(pos, start - pos);
            // Blanks between two encoded words are folding, not text (RFC 2047 section 6.2).
            if (!(lastWasEncoded && between.IsWhiteSpace()))
                result.Append(between);
            result.Append(decoded);
            lastWasEncoded = true;
            pos = end;
        }
        return result.ToString();
    }

    private static bool TryDecodeWord(string value, int start, out string decoded, out int end)
    {
        decoded = "";
        end = 0;
        var charsetEnd = value.IndexOf('?', start + 2);
        if (charsetEnd < 0 || charsetEnd + 2 >= value.Length || value[charsetEnd + 2] != '?')
            return false;
        var textEnd = value.IndexOf("?=", charsetEnd + 3, StringComparison.Ordinal);
        if (textEnd < 0)
            return false;
        var charset = value[(start + 2)..charsetEnd];
        var star = charset.IndexOf('*'); // RFC 2231 language suffix
        if (star >= 0)
            charset = charset[..star];
        Encoding? encoding = charset.ToUpperInvariant() switch
        {
            "UTF-8" or "UTF8" => Encoding.UTF8,
            "ISO-8859-1" or "LATIN1" => Encoding.Latin1,
            "US-ASCII" or "ASCII" => Encoding.ASCII,
            _ => null,
        };
        if (encoding is null)
            return false;
        var text = value[(charsetEnd + 3)..textEnd];
        byte[]? bytes = char.ToUpperInvariant(value[charsetEnd + 1]) switch
        {
            'Q' => DecodeQ(text),
            'B' => DecodeB(text),
            _ => null,
        };
        if (bytes is null)
            return false;
        decoded = encoding.GetString(bytes);
        end = textEnd + 2;
        return true;
    }

    private static byte[]? DecodeQ(string text)
    {
        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '_')
                bytes.Add((byte)' ');
            else if (c == '=' && i + 2 < text.Length && IsHex(text[i + 1]) && IsHex(text[i + 2]))
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else if (c > 0x7f)
                return null;
            else
                bytes.Add((byte)c);
        }
        return bytes.ToArray();
    }

    private static byte[]? DecodeB(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);
}
