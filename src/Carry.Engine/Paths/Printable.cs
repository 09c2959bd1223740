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

    /// <summary>Why <paramref name="text"/> is not acceptable as a name or line of a stack from outside, or null.</summary>
    /// <param name="text">The text.</param>
    /// <param name="maxLength">The longest accepted.</param>
    public static string? Problem(string text, int maxLength)
    {
        if (text.Length > maxLength) return $"it is longer than {maxLength} characters ({text.Length})";
        return text.Any(IsControl) ? "it contains control characters" : null;
    }
}
