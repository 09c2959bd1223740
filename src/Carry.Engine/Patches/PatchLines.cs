namespace Carry.Patches;

/// <summary>
/// A patch file split into lines once, so the reader can look ahead (<c>---</c> followed by
/// <c>+++</c> and <c>@@</c>) and slice line contents without copying.
/// </summary>
internal sealed class PatchLines
{
    private readonly int[] _starts;

    public PatchLines(byte[] data, string? fileName)
    {
        Data = data;
        FileName = fileName;
        _starts = LineStarts(data);
    }

    /// <summary>The offset where each line starts, plus the end of the data (lines keep their '\n').</summary>
    internal static int[] LineStarts(ReadOnlySpan<byte> span)
    {
        var starts = new List<int>(span.Length / 32 + 2) { 0 };
        var pos = 0;
        while (pos < span.Length)
        {
            var newline = span[pos..].IndexOf((byte)'\n');
            pos = newline < 0 ? span.Length : pos + newline + 1;
            starts.Add(pos);
        }
        return starts.ToArray();
    }

    public byte[] Data { get; }

    public string? FileName { get; }

    /// <summary>Number of lines; a last line without a newline counts.</summary>
    public int Count => _starts.Length - 1;

    /// <summary>Byte offset where line <paramref name="index"/> (0-based) starts; <c>Start(Count)</c> is the end of data.</summary>
    public int Start(int index) => _starts[index];

    /// <summary>The whole line, terminator included.</summary>
    public ReadOnlySpan<byte> Line(int index) => Data.AsSpan(_starts[index], _starts[index + 1] - _starts[index]);

    /// <summary>The whole line as memory, terminator included.</summary>
    public ReadOnlyMemory<byte> LineMemory(int index) => Data.AsMemory(_starts[index], _starts[index + 1] - _starts[index]);

    /// <summary>The line without its <c>\n</c> and without a <c>\r</c> before it: for header lines, never for content.</summary>
    public ReadOnlySpan<byte> Text(int index)
    {
        var line = Line(index);
        if (!line.IsEmpty && line[^1] == (byte)'\n')
            line = line[..^1];
        if (!line.IsEmpty && line[^1] == (byte)'\r')
            line = line[..^1];
        return line;
    }

    /// <summary>True when line <paramref name="index"/> exists and starts with <paramref name="prefix"/>.</summary>
    public bool StartsWith(int index, ReadOnlySpan<byte> prefix) => index < Count && Line(index).StartsWith(prefix);

    /// <summary>Bytes of lines [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public ReadOnlyMemory<byte> Slice(int from, int to) => Data.AsMemory(_starts[from], _starts[to] - _starts[from]);

    /// <summary>An error at line <paramref name="index"/> (0-based; reported 1-based). Past the last line it is the end of the patch.</summary>
    public PatchFormatException Error(int index, string problem) =>
        index >= Count
            ? new(FileName, Math.Max(1, Count), problem + " (at the end of the patch)")
            : new(FileName, index + 1, problem);
}
