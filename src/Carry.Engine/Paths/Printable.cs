using System.Text;

namespace Carry.Paths;

/// <summary>
/// Text from outside (a patch name in a pulled stack, a commit subject) made safe for a
/// terminal: control characters, DEL, C1 controls and bidirectional overrides (which can hide
/// or reorder what is shown) become visible escapes, so nothing received can drive the terminal.
/// </summary>
public static class Printable
{
    /// <summary>True for characters that would act on a terminal rather than show.</summary>
    public static bool IsControl(char c) =>
        c < 0x20 || c is >= '\u007f' and <= '\u009f' || c is >= '\u202a' and <= '\u202e' || c is >= '\u2066' and <= '\u2069' || c is '\u200e' or '\u200f';

    /// <summary><paramref name="text"/> with every control character shown as <c>\xNN</c> or <c>\u{NNNN}</c>.</summary>
    public static string Of(string text)
    {
        if (!text.Any(IsControl)) return text;
        var sb = new StringBuilder(text.Length + 8);
        foreach (var c in text)
            if (!IsControl(c)) sb.Append(c);
            else if (c < 0x100) sb.Append($"\\x{(int)c:x2}");
            else sb.Append($"\\u{{{(int)c:x4}}}");
        return sb.ToString();
    }

    /// <summary>
    /// A file name as git prints one (quote.c's <c>quote_c_style</c>): as it is when it holds no
    /// control character, double quote or backslash; else in double quotes, with <c>\t</c>,
    /// <c>\n</c>, <c>\"</c>, <c>\\</c> and the like, and every other control character as the
    /// octal of its UTF-8 bytes (<c>\033</c>). A name from a patch or a tree is someone else's
    /// text: printed raw, an escape sequence in it would act on the user's terminal. Other
    /// non-ASCII letters are kept, as with git's <c>core.quotePath=false</c>.
    /// </summary>
    public static string QuotedName(string name)
    {
        if (!name.Any(c => IsControl(c) || c is '"' or '\\')) return name;
        var sb = new StringBuilder(name.Length + 8).Append('"');
        foreach (var c in name)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\a': sb.Append("\\a"); break;
                case '\b': sb.Append("\\b"); break;
                case '\t': sb.Append("\\t"); break;
                case '\n': sb.Append("\\n"); break;
                case '\v': sb.Append("\\v"); break;
                case '\f': sb.Append("\\f"); break;
                case '\r': sb.Append("\\r"); break;
                default:
                    if (!IsControl(c)) sb.Append(c);
                    else foreach (var b in Encoding.UTF8.GetBytes(c.ToString())) sb.Append('\\').Append(Convert.ToString(b, 8).PadLeft(3, '0'));
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    /// <summary><see cref="QuotedName"/> for a message: in single quotes when git would print it bare.</summary>
    public static string NameInMessage(string name)
    {
        var quoted = QuotedName(name);
        return ReferenceEquals(quoted, name) ? $"'{name}'" : quoted;
    }

    /// <summary>Why <paramref name="text"/> is not acceptable as a name or line of a stack from outside, or null.</summary>
    /// <param name="text">The text.</param>
    /// <param name="maxLength">The longest accepted.</param>
    public static string? Problem(string text, int maxLength)
    {
        if (text.Length > maxLength) return $"it is longer than {maxLength} characters ({text.Length})";
        return text.Any(IsControl) ? "it contains control characters" : null;
    }
}
