using System.Text;

namespace Carry.Patches;

public static partial class UnifiedDiffReader
{
    /// <summary>The fields of git's extended header lines: modes, similarity percentages, index lines.</summary>
    private sealed partial class Reader
    {
        private int ParseMode(ReadOnlySpan<byte> text, int i)
        {
            text = text.Trim(" \t"u8);
            if (text.IsEmpty || text.Length > 7 || text.ContainsAnyExcept("01234567"u8))
                throw lines.Error(i, "expected an octal file mode such as 100644");
            var mode = 0;
            foreach (var b in text)
                mode = mode * 8 + (b - '0');
            return mode;
        }

        private int ParsePercent(ReadOnlySpan<byte> text, int i)
        {
            text = text.Trim(" \t"u8);
            if (text.Length < 2 || text.Length > 4 || text[^1] != (byte)'%' || text[..^1].ContainsAnyExcept("0123456789"u8))
                throw lines.Error(i, "expected a percentage such as 95%");
            var value = 0;
            foreach (var b in text[..^1])
                value = value * 10 + (b - '0');
            return value;
        }

        private void ParseIndex(ReadOnlySpan<byte> text, int i, out string oldIndex, out string newIndex, ref int? oldMode, ref int? newMode)
        {
            var dots = text.IndexOf(".."u8);
            var end = text.IndexOfAny(" \t"u8);
            if (end < 0)
                end = text.Length;
            if (dots <= 0 || dots + 2 >= end || text[..dots].ContainsAnyExcept("0123456789abcdef"u8)
                || text[(dots + 2)..end].ContainsAnyExcept("0123456789abcdef"u8))
                throw lines.Error(i, "expected 'index <old id>..<new id> [mode]'");
            oldIndex = Encoding.ASCII.GetString(text[..dots]);
            newIndex = Encoding.ASCII.GetString(text[(dots + 2)..end]);
            if (end < text.Length)
            {
                // "index a..b 100644": the mode is unchanged; explicit mode lines win.
                var mode = ParseMode(text[end..], i);
                oldMode ??= mode;
                newMode ??= mode;
            }
        }
    }
}
