using System.Buffers;

namespace Carry.Patches;

/// <summary>
/// Applies text hunks to one file's bytes the way GNU patch does: each hunk is looked for at
/// its stated line shifted by the drift of the hunks before it, then at growing distances
/// below and above; if that fails, again ignoring 1, 2 … up to the fuzz factor context lines
/// at its edges. A hunk with less context on one side than the other sits at the start or
/// end of the file, and must match there unless fuzz frees it. Context lines are copied from
/// the file, not from the patch, so fuzzed lines keep the file's text.
/// </summary>
internal sealed class TextPatcher
{
    private readonly ReadOnlyMemory<byte> _input;
    private readonly bool _looseBlanks; // --ignore-whitespace
    private readonly int[] _starts; // line n (1-based) is [_starts[n-1], _starts[n])
    private readonly int _inputLines;
    private readonly ArrayBufferWriter<byte> _output;
    private int _lastFrozen; // lines of the input already copied or deleted
    private int _inOffset;   // drift found so far, added to each hunk's stated line
    private bool _afterNewline = true;

    private TextPatcher(ReadOnlyMemory<byte> input, bool looseBlanks)
    {
        _input = input;
        _looseBlanks = looseBlanks;
        var span = input.Span;
        _starts = PatchLines.LineStarts(span);
        _inputLines = _starts.Length - 1;
        _output = new ArrayBufferWriter<byte>(Math.Max(256, span.Length + span.Length / 8));
    }

    /// <summary>Applies <paramref name="hunks"/> to <paramref name="input"/>; the content is null when a hunk failed.</summary>
    public static (byte[]? Content, HunkOutcome[] Outcomes, ApplyFailure? Failure) Apply(
        ReadOnlyMemory<byte> input, IReadOnlyList<Hunk> hunks, int maxFuzz, bool ignoreWhitespace = false)
    {
        var patcher = new TextPatcher(input, ignoreWhitespace);
        var outcomes = new HunkOutcome[hunks.Count];
        ApplyFailure? failure = null;
        for (var k = 0; k < hunks.Count; k++)
        {
            var (outcome, problem) = patcher.ApplyHunk(hunks[k], k + 1, maxFuzz);
            outcomes[k] = outcome;
            // Like GNU patch, go on after a failed hunk, so the report names every hunk that fails.
            failure ??= problem;
        }
        if (failure is not null)
            return (null, outcomes, failure);
        patcher.CopyTill(patcher._inputLines);
        return (patcher._output.WrittenSpan.ToArray(), outcomes, null);
    }

    private (HunkOutcome, ApplyFailure?) ApplyHunk(Hunk hunk, int index, int maxFuzz)
    {
        var pattern = new ReadOnlyMemory<byte>[hunk.Lines.Count];
        var patLines = 0;
        foreach (var line in hunk.Lines)
            if (line.InOld)
                pattern[patLines++] = line.Content;
        var prefix = hunk.LeadingContext;
        var suffix = hunk.TrailingContext;
        var context = Math.Max(prefix, suffix);
        // An empty old range names the line after which to insert; GNU patch turns that into
        // "insert before the next line" ("do append rather than insert").
        var first = hunk.OldStart + (patLines == 0 ? 1 : 0);

        var where = 0;
        var fuzz = 0;
        for (var limit = Math.Min(maxFuzz, context); fuzz <= limit; fuzz++)
        {
            where = Locate(pattern.AsSpan(0, patLines), first, prefix, suffix, fuzz);
            if (where != 0)
                break;
        }
        if (where == 0)
        {
            return (new HunkOutcome(index, false, 0, 0, 0), new ApplyFailure(ApplyFailureKind.HunkNotFound, index,
                $"hunk #{index} (@@ -{hunk.OldStart},{hunk.OldCount} +{hunk.NewStart},{hunk.NewCount} @@) does not match " +
                $"near line {Math.Max(1, first + _inOffset)}" + (maxFuzz > 0 ? $", even with fuzz {Math.Min(maxFuzz, context)}" : "")));
        }

        var old = 1;
        foreach (var line in hunk.Lines)
        {
            switch (line.Kind)
            {
                case HunkLineKind.Context:
                    old++;
                    break;
                case HunkLineKind.Removed:
                    if (!CopyTill(where + old - 2))
                        return Misordered(index);
                    _lastFrozen++;
                    old++;
                    break;
                case HunkLineKind.Added:
                    if (!CopyTill(where + old - 2))
                        return Misordered(index);
                    Write(line.Content.Span);
                    break;
            }
        }
        return (new HunkOutcome(index, true, where, where - first, fuzz), null);
    }

    private static (HunkOutcome, ApplyFailure?) Misordered(int index) =>
        (new HunkOutcome(index, false, 0, 0, 0), new ApplyFailure(ApplyFailureKind.MisorderedHunks, index,
            $"hunk #{index} would change lines that an earlier hunk already passed (misordered or overlapping hunks)"));

    /// <summary>GNU patch 2.7's locate_hunk: the 1-based line where the pattern matches, or 0.</summary>
    private int Locate(ReadOnlySpan<ReadOnlyMemory<byte>> pattern, int first, int prefix, int suffix, int fuzz)
    {
        var patLines = pattern.Length;
        var firstGuess = first + _inOffset;
        if (patLines == 0)
            return firstGuess; // an empty range matches anywhere
        var context = Math.Max(prefix, suffix);
        var prefixFuzz = fuzz + prefix - context;
        var suffixFuzz = fuzz + suffix - context;
        var maxWhere = _inputLines - (patLines - suffixFuzz) + 1;
        // Never before lines an earlier hunk already passed. (GNU patch 2.7, which quilt and
        // dpkg-source run on Debian, and which the tests compare against; later releases let
        // ignored context overlap them.)
        var minWhere = _lastFrozen + 1;
        var maxPosOffset = maxWhere - firstGuess;
        var maxNegOffset = firstGuess - minWhere;
        var maxOffset = Math.Max(maxPosOffset, maxNegOffset);
        if (firstGuess <= maxNegOffset)
            maxNegOffset = firstGuess - 1; // never try lines before the first

        if (prefixFuzz < 0 && first <= 1)
        {
            // Less context above than below: the hunk sits at the start of the file.
            if (suffixFuzz < 0 && (patLines != _inputLines || prefix < _lastFrozen))
                return 0; // ... and at its end too: it must be the whole file
            var offset = 1 - firstGuess;
            if (_lastFrozen <= prefix && offset <= maxPosOffset && Matches(pattern, firstGuess + offset, 0, suffixFuzz))
                return Found(firstGuess, offset);
            return 0;
        }
        if (prefixFuzz < 0)
            prefixFuzz = 0;
        if (suffixFuzz < 0)
        {
            // Less context below than above: the hunk sits at the end of the file.
            var offset = firstGuess - (_inputLines - patLines + 1);
            if (offset <= maxNegOffset && Matches(pattern, firstGuess - offset, prefixFuzz, 0))
                return Found(firstGuess, -offset);
            return 0;
        }

        var minOffset = maxPosOffset < 0 ? firstGuess - maxWhere : maxNegOffset < 0 ? firstGuess - minWhere : 0;
        for (var offset = minOffset; offset <= maxOffset; offset++)
        {
            if (offset <= maxPosOffset && Matches(pattern, firstGuess + offset, prefixFuzz, suffixFuzz))
                return Found(firstGuess, offset);
            if (offset <= maxNegOffset && Matches(pattern, firstGuess - offset, prefixFuzz, suffixFuzz))
                return Found(firstGuess, -offset);
        }
        return 0;
    }

    private int Found(int firstGuess, int offset)
    {
        _inOffset += offset;
        return firstGuess + offset;
    }

    /// <summary>Does the pattern, less its fuzzed edges, equal the input from line <paramref name="where"/> on?</summary>
    private bool Matches(ReadOnlySpan<ReadOnlyMemory<byte>> pattern, int where, int prefixFuzz, int suffixFuzz)
    {
        var input = _input.Span;
        for (int p = prefixFuzz, line = where + prefixFuzz; p < pattern.Length - suffixFuzz; p++, line++)
        {
            var expected = pattern[p].Span;
            if (line < 1 || line > _inputLines)
            {
                if (!expected.IsEmpty)
                    return false;
                continue;
            }
            var actual = input[_starts[line - 1].._starts[line]];
            if (!actual.SequenceEqual(expected) && !(_looseBlanks && Blanks.SameButBlanks(actual, expected)))
                return false;
        }
        return true;
    }

    /// <summary>Copies input lines up to <paramref name="line"/>; false if that line was already passed.</summary>
    private bool CopyTill(int line)
    {
        if (_lastFrozen > line)
            return false;
        if (line > _lastFrozen && _lastFrozen < _inputLines)
        {
            var to = Math.Min(line, _inputLines);
            Write(_input.Span[_starts[_lastFrozen].._starts[to]]);
        }
        _lastFrozen = line;
        return true;
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
            return;
        // A line written after one that had no newline (the old last line, passed by a fuzzed
        // hunk) needs one now. GNU patch 2.7 glues the two lines together here; that corrupts
        // both, so this is a deliberate difference.
        if (!_afterNewline)
            _output.Write("\n"u8);
        _output.Write(bytes);
        _afterNewline = bytes[^1] == (byte)'\n';
    }
}
