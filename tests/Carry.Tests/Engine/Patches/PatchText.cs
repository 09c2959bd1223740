using System.Text;
using Carry.Operations.Series;

namespace Carry.Tests.Engine.Patches;

/// <summary>Builds patch text from lines, so significant blanks stay visible in test sources.</summary>
internal static class PatchText
{
    /// <summary>The lines joined with <c>\n</c>, with a final newline.</summary>
    public static string Lines(params string[] lines) => string.Join("\n", lines) + "\n";

    /// <summary>UTF-8 bytes of <see cref="Lines"/>.</summary>
    public static byte[] Bytes(params string[] lines) => Encoding.UTF8.GetBytes(Lines(lines));

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static string Text(byte[]? bytes) => bytes is null ? "<null>" : Encoding.UTF8.GetString(bytes);

    public static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);
}
