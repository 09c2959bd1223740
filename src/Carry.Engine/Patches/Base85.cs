namespace Carry.Patches;

/// <summary>Git's base85 alphabet (not Ascii85): 5 characters carry 4 bytes, big-endian.</summary>
internal static class Base85
{
    private const string Alphabet =
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~";

    private static readonly sbyte[] Values = BuildValues();

    private static sbyte[] BuildValues()
    {
        var values = new sbyte[256];
        Array.Fill(values, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++)
            values[Alphabet[i]] = (sbyte)i;
        return values;
    }

    /// <summary>
    /// Decodes <paramref name="text"/> (a multiple of 5 characters) into <paramref name="output"/>
    /// (4 bytes per group). False on a character outside the alphabet or a group above 2^32-1.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> text, Span<byte> output)
    {
        for (int group = 0, o = 0; group + 5 <= text.Length; group += 5, o += 4)
        {
            ulong acc = 0;
            for (var k = 0; k < 5; k++)
            {
                var v = Values[text[group + k]];
                if (v < 0)
                    return false;
                acc = acc * 85 + (ulong)v;
            }
            if (acc > uint.MaxValue)
                return false;
            output[o] = (byte)(acc >> 24);
            output[o + 1] = (byte)(acc >> 16);
            output[o + 2] = (byte)(acc >> 8);
            output[o + 3] = (byte)acc;
        }
        return true;
    }

    /// <summary>Encodes <paramref name="data"/>, zero-padded to a multiple of 4 bytes.</summary>
    public static string Encode(ReadOnlySpan<byte> data)
    {
        var chars = new char[(data.Length + 3) / 4 * 5];
        for (int i = 0, c = 0; i < data.Length; i += 4, c += 5)
        {
            uint acc = 0;
            for (var k = 0; k < 4; k++)
                acc = (acc << 8) | (i + k < data.Length ? data[i + k] : 0u);
            for (var k = 4; k >= 0; k--)
            {
                chars[c + k] = Alphabet[(int)(acc % 85)];
                acc /= 85;
            }
        }
        return new string(chars);
    }
}
