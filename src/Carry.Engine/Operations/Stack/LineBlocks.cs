using System.Text;
using Carry.Git;

namespace Carry.Operations.Stack;

/// <summary>
/// One run of changed lines between two versions of a file: <c>OldCount</c> lines from
/// <c>OldStart</c> replaced by <c>NewCount</c> lines from <c>NewStart</c> (1-based; a count of 0
/// means an empty range just before that line).
/// </summary>
public sealed record LineBlock(int OldStart, int OldCount, int NewStart, int NewCount)
{
    /// <summary>The old lines the block touches: its own, or for a pure insertion the lines either side.</summary>
    public IEnumerable<int> OldLines => OldCount > 0 ? Enumerable.Range(OldStart, OldCount) : [OldStart - 1, OldStart];

    /// <summary>The new lines the block touches: its own, or for a pure deletion the lines either side.</summary>
    public IEnumerable<int> NewLines => NewCount > 0 ? Enumerable.Range(NewStart, NewCount) : [NewStart - 1, NewStart];
}

/// <summary>Line blocks of a diff between two texts, and texts rebuilt from chosen blocks.</summary>
public static class LineBlocks
{
    /// <summary>
    /// True when a file's bytes can be diffed and rebuilt line by line exactly: no NUL byte, and
    /// a final newline (or empty).
    /// </summary>
    public static bool IsLineText(byte[] bytes) =>
        Array.IndexOf(bytes, (byte)0) < 0 && (bytes.Length == 0 || bytes[^1] == (byte)'\n');

    /// <summary>The blocks of changed lines from <paramref name="before"/> to <paramref name="after"/> (both <see cref="IsLineText"/>).</summary>
    public static List<LineBlock> Of(byte[] before, byte[] after)
    {
        // Latin-1 keeps every byte one character, so lines compare exactly as bytes do.
        var hunks = TextDiff.Hunks(Encoding.Latin1.GetString(before), Encoding.Latin1.GetString(after));
        var blocks = new List<LineBlock>();
        int o = 0, n = 0, bo = 0, bn = 0, oc = 0, nc = 0;
        var open = false;
        void Close()
        {
            if (open) blocks.Add(new LineBlock(bo, oc, bn, nc));
            open = false;
            oc = nc = 0;
        }
        foreach (var line in hunks)
        {
            if (line.StartsWith("@@", StringComparison.Ordinal))
            {
                Close();
                var parts = line.Split(' ');
                (o, var ol) = Range(parts[1]);
                (n, var nl) = Range(parts[2]);
                if (ol == 0) o++;
                if (nl == 0) n++;
                continue;
            }
            if (line.Length == 0 || line[0] == ' ') { Close(); o++; n++; continue; }
            if (line[0] == '\\') continue;
            if (!open) { open = true; bo = o; bn = n; }
            if (line[0] == '-') { oc++; o++; }
            else if (line[0] == '+') { nc++; n++; }
        }
        Close();
        return blocks;
    }

    private static (int Start, int Count) Range(string field)
    {
        var body = field[1..];
        var comma = body.IndexOf(',');
        return comma < 0 ? (int.Parse(body), 1) : (int.Parse(body[..comma]), int.Parse(body[(comma + 1)..]));
    }

    /// <summary><paramref name="before"/> with only <paramref name="chosen"/> of its blocks towards <paramref name="after"/> applied.</summary>
    public static byte[] Apply(byte[] before, byte[] after, IEnumerable<LineBlock> chosen)
    {
        var old = Lines(before);
        var now = Lines(after);
        foreach (var b in chosen.OrderByDescending(b => b.OldStart))
        {
            old.RemoveRange(b.OldStart - 1, b.OldCount);
            old.InsertRange(b.OldStart - 1, now.GetRange(b.NewStart - 1, b.NewCount));
        }
        return [.. old.SelectMany(l => l)];
    }

    private static List<byte[]> Lines(byte[] text)
    {
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
            if (text[i] == (byte)'\n') { lines.Add(text[start..(i + 1)]); start = i + 1; }
        if (start < text.Length) lines.Add(text[start..]);
        return lines;
    }
}
