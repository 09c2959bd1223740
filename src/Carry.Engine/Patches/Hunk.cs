namespace Carry.Patches;

/// <summary>
/// One <c>@@ -a,b +c,d @@ section</c> block: where the change sits in the old and new file and
/// its lines in patch order.
/// </summary>
public sealed class Hunk
{
    /// <summary>Creates a hunk; the counts must agree with <paramref name="lines"/>.</summary>
    /// <param name="oldStart">First old line (1-based); for an empty old range, the line after which to insert (0 = start).</param>
    /// <param name="oldCount">Number of old lines (context + removed).</param>
    /// <param name="newStart">First new line, with the same convention.</param>
    /// <param name="newCount">Number of new lines (context + added).</param>
    /// <param name="section">Text after the closing <c>@@</c> (usually a function name), without the line terminator.</param>
    /// <param name="lines">The hunk's lines in patch order.</param>
    /// <param name="line">1-based line of the <c>@@</c> header in the patch file (0 when built in code).</param>
    public Hunk(int oldStart, int oldCount, int newStart, int newCount, ReadOnlyMemory<byte> section,
        IReadOnlyList<HunkLine> lines, int line = 0)
    {
        OldStart = oldStart;
        OldCount = oldCount;
        NewStart = newStart;
        NewCount = newCount;
        Section = section;
        Lines = lines;
        Line = line;
    }

    /// <summary>First old line (1-based); for an empty old range, the line after which the new lines go.</summary>
    public int OldStart { get; }

    /// <summary>Number of old lines (context + removed).</summary>
    public int OldCount { get; }

    /// <summary>First new line (1-based), same convention as <see cref="OldStart"/>.</summary>
    public int NewStart { get; }

    /// <summary>Number of new lines (context + added).</summary>
    public int NewCount { get; }

    /// <summary>Bytes after the closing <c>@@</c>, e.g. <c> static int main(void)</c>; kept as written.</summary>
    public ReadOnlyMemory<byte> Section { get; }

    /// <summary>The lines in patch order.</summary>
    public IReadOnlyList<HunkLine> Lines { get; }

    /// <summary>1-based line of the <c>@@</c> header in the patch file, for messages (0 when built in code).</summary>
    public int Line { get; }

    /// <summary>Context lines before the first change: how firmly the hunk is anchored above.</summary>
    public int LeadingContext
    {
        get
        {
            var n = 0;
            while (n < Lines.Count && Lines[n].Kind == HunkLineKind.Context)
                n++;
            return n;
        }
    }

    /// <summary>Context lines after the last change: how firmly the hunk is anchored below.</summary>
    public int TrailingContext
    {
        get
        {
            var n = 0;
            while (n < Lines.Count && Lines[Lines.Count - 1 - n].Kind == HunkLineKind.Context)
                n++;
            return n;
        }
    }

    /// <summary>The hunk that undoes this one (old and new sides swapped).</summary>
    public Hunk Reverse()
    {
        // Within each run of changed lines, removals are listed before additions, as diff writes
        // them; the applied result is the same either way, but the reversed hunk reads naturally.
        var lines = new HunkLine[Lines.Count];
        var n = 0;
        var i = 0;
        while (i < Lines.Count)
        {
            if (Lines[i].Kind == HunkLineKind.Context)
            {
                lines[n++] = Lines[i++];
                continue;
            }
            var end = i;
            while (end < Lines.Count && Lines[end].Kind != HunkLineKind.Context)
                end++;
            for (var j = i; j < end; j++)
                if (Lines[j].Kind == HunkLineKind.Added)
                    lines[n++] = Lines[j].Reverse();
            for (var j = i; j < end; j++)
                if (Lines[j].Kind == HunkLineKind.Removed)
                    lines[n++] = Lines[j].Reverse();
            i = end;
        }
        return new Hunk(NewStart, NewCount, OldStart, OldCount, Section, lines, Line);
    }
}
