using System.Buffers;
using System.Text;

namespace Carry.Patches;

/// <summary>
/// Text of a patch header or mail read as git reads a message it takes to be UTF-8 (commit.c,
/// verify_utf8): valid UTF-8 as it is, and each byte that is not as a Latin-1 character. So
/// git am turns a mail's 8-bit <c>From: J\xf6rg</c> (no RFC 2047 word, whatever charset the
/// mail names) into "Jörg" rather than losing the letter.
/// </summary>
internal static class GitText
{
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes)) return Encoding.UTF8.GetString(bytes);
        var text = new StringBuilder(bytes.Length);
        while (!bytes.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(bytes, out var rune, out var used) == OperationStatus.Done)
            {
                text.Append(rune.ToString());
                bytes = bytes[used..];
            }
            else
            {
                text.Append((char)bytes[0]);
                bytes = bytes[1..];
            }
        }
        return text.ToString();
    }
}
