using System.Text;

namespace Carry.Patches;

/// <summary>
/// Reads patch files: unified diffs as written by <c>diff -u</c>, <c>diff -ruN</c>, quilt and git
/// (<c>diff --git</c> with its extended headers, quoted names and <c>GIT binary patch</c> data).
/// Bytes are not assumed to be UTF-8: names and contents stay bytes. Anything malformed raises
/// <see cref="PatchFormatException"/> with the line and what was expected; no other exception
/// escapes, whatever the input. Context diffs (<c>***</c>) and normal diffs (named by an
/// <c>Index:</c> line) are read into the same hunks (<see cref="OldStyleDiffs"/>); combined diffs
/// (<c>@@@</c>) are refused by name; ed scripts are read as prose.
/// </summary>
public static partial class UnifiedDiffReader
{
    /// <summary>Parses a patch file.</summary>
    /// <param name="data">The file's bytes; the result keeps slices of this array, so do not modify it afterwards.</param>
    /// <param name="fileName">The file's name, used in error messages.</param>
    /// <exception cref="PatchFormatException">The bytes are not a readable patch.</exception>
    public static PatchFile Parse(byte[] data, string? fileName = null) => new Reader(new PatchLines(data, fileName)).Read();

    /// <summary>Parses a patch given as text (encoded as UTF-8); convenient for tests and generated patches.</summary>
    /// <param name="text">The patch text.</param>
    /// <param name="fileName">The file's name, used in error messages.</param>
    /// <exception cref="PatchFormatException">The text is not a readable patch.</exception>
    public static PatchFile Parse(string text, string? fileName = null) => Parse(Encoding.UTF8.GetBytes(text), fileName);

    private sealed partial class Reader(PatchLines lines)
    {
        private readonly List<FileDiff> _files = [];
        private readonly List<PatchNote> _onlyIn = [];
        private int _headerEnd = -1;
        private int _lastDiffEnd;

        public PatchFile Read()
        {
            var i = 0;
            while (i < lines.Count)
            {
                var text = lines.Text(i);
                if (text.StartsWith("diff --git "u8))
                    ReadGitDiff(ref i);
                else if (IsPlainDiffStart(i))
                    ReadPlainDiff(ref i);
                else if (OldStyleDiffs.IsContextDiffStart(lines, i))
                    ReadContextDiff(ref i);
                else if (OldStyleDiffs.IsNormalCommand(text) && NormalDiffName(i) is { } normalName)
                    ReadNormalDiff(ref i, normalName);
                else if (DiffNames.IsBinaryFilesLine(text) && (_files.Count > 0 || (i > 0 && lines.Text(i - 1).StartsWith("diff "u8))))
                    ReadPlainBinary(ref i);
                else
                {
                    CheckGarbageLine(i, text);
                    i++;
                }
            }
            var headerEnd = _headerEnd < 0 ? lines.Count : _headerEnd;
            var header = PatchHeader.Parse(lines.Slice(0, headerEnd));
            var trailer = _files.Count == 0 ? ReadOnlyMemory<byte>.Empty : lines.Slice(_lastDiffEnd, lines.Count);
            return new PatchFile(lines.FileName, lines.Data, header, _files, trailer, _onlyIn);
        }

        /// <summary>
        /// A line outside any diff. Most are prose, but a hunk header here means hunks without a
        /// file header, and <c>***************</c> after <c>***</c>/<c>---</c> names means a
        /// context diff: both would otherwise be silently dropped.
        /// </summary>
        private void CheckGarbageLine(int i, ReadOnlySpan<byte> text)
        {
            if (_files.Count > 0 && text.StartsWith("@@ -"u8))
                throw lines.Error(i, "hunk header without a file header: expected '--- NAME' and '+++ NAME' lines before it");
            if (text.StartsWith("@@@ "u8) && (_files.Count > 0 || (i > 0 && lines.Text(i - 1).StartsWith("+++ "u8))))
                throw lines.Error(i, "combined diffs (@@@, from merges) cannot be applied; expected a unified hunk '@@ -a,b +c,d @@'");
            if (text.StartsWith("Only in "u8) && _headerEnd >= 0)
                _onlyIn.Add(new PatchNote(i + 1, Encoding.UTF8.GetString(text)));
        }

        /// <summary><c>--- NAME</c>, <c>+++ NAME</c>, then a hunk header: what GNU patch and git both require of a plain diff.</summary>
        private bool IsPlainDiffStart(int i)
        {
            if (!lines.StartsWith(i, "--- "u8) || !lines.StartsWith(i + 1, "+++ "u8))
                return false;
            if (HunkParser.IsHunkHeader(lines, i + 2))
                return true;
            if (_files.Count > 0)
                throw lines.Error(i + 2, "expected a hunk header '@@ -a,b +c,d @@' after the '+++' line");
            return false;
        }

        private void ReadPlainDiff(ref int i) => ReadTraditional(ref i, HunkParser.ParseHunks);

        /// <summary>A context diff (<c>diff -c</c>) of one file, read into unified hunks.</summary>
        private void ReadContextDiff(ref int i) => ReadTraditional(ref i, OldStyleDiffs.ReadContextHunks);

        private delegate List<Hunk> HunkReader(PatchLines lines, ref int i);

        /// <summary>A diff of one file under <c>---</c>/<c>+++</c> (or <c>***</c>/<c>---</c>) names, its hunks read by <paramref name="readHunks"/>.</summary>
        private void ReadTraditional(ref int i, HunkReader readHunks)
        {
            var start = i;
            var old = DiffNames.ParseHeaderName(lines.Text(i)[4..], lines, i);
            var @new = DiffNames.ParseHeaderName(lines.Text(i + 1)[4..], lines, i + 1);
            if (old.Path is null && @new.Path is null)
                throw lines.Error(i, "both sides of the diff are /dev/null");
            i += 2;
            var hunks = readHunks(lines, ref i);
            Add(start, i, PlainFile(old, @new, hunks));
        }

        /// <summary>
        /// The file a normal diff at line <paramref name="i"/> patches: named by the <c>Index:</c>
        /// or <c>diff A B</c> line just before it (GNU patch asks for a name otherwise; Carry
        /// reads such text as prose).
        /// </summary>
        private PatchPath? NormalDiffName(int i)
        {
            if (i == 0) return null;
            var before = lines.Text(i - 1);
            if (before.StartsWith("Index: "u8))
                return before[7..].Trim(" \t"u8) is { IsEmpty: false } name ? new PatchPath(name.ToArray()) : null;
            if (before.StartsWith("diff "u8) && !before.StartsWith("diff --git "u8))
            {
                var words = System.Text.Encoding.UTF8.GetString(before).Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return words.Length >= 3 && !words[^1].StartsWith('-') ? PatchPath.FromString(words[^1]) : null;
            }
            return null;
        }

        /// <summary>A normal diff (<c>diff</c> without -u or -c): hunks without context.</summary>
        private void ReadNormalDiff(ref int i, PatchPath name)
        {
            var start = i;
            var hunks = OldStyleDiffs.ReadNormalHunks(lines, ref i);
            Add(start, i, new FileDiff { OldPath = name, NewPath = name, Kind = FileChangeKind.Modified, Hunks = hunks });
        }

        private static FileDiff PlainFile(DiffNames.HeaderName old, DiffNames.HeaderName @new, List<Hunk> hunks)
        {
            var kind = FileChangeKind.Modified;
            if (old.Path is null || (DiffNames.IsEpoch(old.Timestamp) && hunks.All(h => h.OldCount == 0)))
                kind = FileChangeKind.Added;
            else if (@new.Path is null || (DiffNames.IsEpoch(@new.Timestamp) && hunks.All(h => h.NewCount == 0)))
                kind = FileChangeKind.Deleted;
            return new FileDiff
            {
                OldPath = old.Path,
                NewPath = @new.Path,
                Kind = kind,
                OldTimestamp = old.Timestamp,
                NewTimestamp = @new.Timestamp,
                Hunks = hunks,
            };
        }

        private void ReadPlainBinary(ref int i)
        {
            var (old, @new) = DiffNames.ParseBinaryFilesLine(lines.Text(i));
            if (old is null && @new is null)
                throw lines.Error(i, "expected two file names in 'Binary files A and B differ'");
            var kind = old is null ? FileChangeKind.Added : @new is null ? FileChangeKind.Deleted : FileChangeKind.Modified;
            Add(i, i + 1, new FileDiff { OldPath = old, NewPath = @new, Kind = kind, Binary = BinaryDiff.WithoutData });
            i++;
        }

        private void ReadGitDiff(ref int i)
        {
            var start = i;
            var gitRest = lines.Text(i)["diff --git "u8.Length..];
            var split = DiffNames.SplitGitLine(gitRest);
            var kind = FileChangeKind.Modified;
            int? oldMode = null, newMode = null, similarity = null, dissimilarity = null;
            var said = new List<(int Line, FileChangeKind Kind)>(); // which header lines said what, to catch contradictions as git does
            string? oldIndex = null, newIndex = null;
            byte[]? movedFrom = null, movedTo = null;
            i++;
            for (; i < lines.Count; i++)
            {
                var text = lines.Text(i);
                if (text.StartsWith("old mode "u8))
                    oldMode = ParseMode(text[9..], i);
                else if (text.StartsWith("new mode "u8))
                    newMode = ParseMode(text[9..], i);
                else if (text.StartsWith("deleted file mode "u8))
                {
                    oldMode = ParseMode(text[18..], i);
                    kind = FileChangeKind.Deleted;
                    said.Add((i, kind));
                }
                else if (text.StartsWith("new file mode "u8))
                {
                    newMode = ParseMode(text[14..], i);
                    kind = FileChangeKind.Added;
                    said.Add((i, kind));
                }
                else if (text.StartsWith("rename from "u8) || text.StartsWith("copy from "u8))
                {
                    kind = text[0] == (byte)'r' ? FileChangeKind.Renamed : FileChangeKind.Copied;
                    said.Add((i, kind));
                    movedFrom = DiffNames.ParseWholeName(text[(text.IndexOf("from "u8) + 5)..]) ??
                        throw lines.Error(i, "expected a file name after 'from'");
                }
                else if (text.StartsWith("rename to "u8) || text.StartsWith("copy to "u8))
                {
                    kind = text[0] == (byte)'r' ? FileChangeKind.Renamed : FileChangeKind.Copied;
                    said.Add((i, kind));
                    movedTo = DiffNames.ParseWholeName(text[(text.IndexOf("to "u8) + 3)..]) ??
                        throw lines.Error(i, "expected a file name after 'to'");
                }
                else if (text.StartsWith("similarity index "u8))
                    similarity = ParsePercent(text[17..], i);
                else if (text.StartsWith("dissimilarity index "u8))
                    dissimilarity = ParsePercent(text[20..], i);
                else if (text.StartsWith("index "u8))
                    ParseIndex(text[6..], i, out oldIndex, out newIndex, ref oldMode, ref newMode);
                else
                    break;
            }

            // "new file mode" with "rename from", "deleted file mode" with "new file mode"…: git
            // refuses such a header ("inconsistent header lines"); guessing which line is right
            // would create, delete or move the wrong file.
            for (var k = 1; k < said.Count; k++)
                if (said[k].Kind != said[0].Kind)
                    throw lines.Error(said[k].Line, $"inconsistent header lines {said[0].Line + 1} and {said[k].Line + 1}: a diff cannot be both a {Describe(said[0].Kind)} and a {Describe(said[k].Kind)}");

            DiffNames.HeaderName? minus = null, plus = null;
            IReadOnlyList<Hunk> hunks = [];
            BinaryDiff? binary = null;
            if (lines.StartsWith(i, "--- "u8) && lines.StartsWith(i + 1, "+++ "u8))
            {
                minus = DiffNames.ParseHeaderName(lines.Text(i)[4..], lines, i, git: true);
                plus = DiffNames.ParseHeaderName(lines.Text(i + 1)[4..], lines, i + 1, git: true);
                i += 2;
                if (!HunkParser.IsHunkHeader(lines, i))
                    throw lines.Error(i, "expected a hunk header '@@ -a,b +c,d @@' after the '+++' line");
                hunks = HunkParser.ParseHunks(lines, ref i);
            }
            else if (i < lines.Count && lines.Text(i).SequenceEqual("GIT binary patch"u8))
            {
                binary = ReadGitBinary(ref i);
            }
            else if (i < lines.Count && DiffNames.IsBinaryFilesLine(lines.Text(i)))
            {
                binary = BinaryDiff.WithoutData;
                i++;
            }

            // A created or deleted file's ---/+++ name must be the diff --git line's (git: "inconsistent
            // new/old filename"): creating f-blah for "diff --git a/f b/f" would be a guess.
            if (split is { } names)
            {
                if (kind == FileChangeKind.Deleted && minus is { Path: { } mp } && !mp.Equals(names.Old))
                    throw lines.Error(start + 1, $"inconsistent old file name: the 'diff --git' line names '{names.Old}', the '---' line '{mp}'");
                if (kind == FileChangeKind.Added && plus is { Path: { } pp } && !pp.Equals(names.New))
                    throw lines.Error(start + 1, $"inconsistent new file name: the 'diff --git' line names '{names.New}', the '+++' line '{pp}'");
            }

            // Names: ---/+++ are exact; the diff --git line is next; rename/copy lines lack the
            // prefixes, so they only decide when the diff --git line is ambiguous.
            PatchPath? oldPath = split?.Old, newPath = split?.New;
            if (split is null && movedFrom is not null && movedTo is not null)
                (oldPath, newPath) = DiffNames.PrefixRename(gitRest, movedFrom, movedTo);
            if (minus is { } m)
            {
                if (m.Path is null)
                    kind = kind == FileChangeKind.Modified ? FileChangeKind.Added : kind;
                else
                    oldPath = m.Path;
            }
            if (plus is { } p)
            {
                if (p.Path is null)
                    kind = kind == FileChangeKind.Modified ? FileChangeKind.Deleted : kind;
                else
                    newPath = p.Path;
            }
            if (kind == FileChangeKind.Added)
                oldPath = null;
            if (kind == FileChangeKind.Deleted)
                newPath = null;
            if (oldPath is null && newPath is null)
                throw lines.Error(start, "cannot tell the file name: the 'diff --git' line is ambiguous and no '---'/'+++' or rename lines follow");
            if ((kind is FileChangeKind.Renamed or FileChangeKind.Copied) && (oldPath is null || newPath is null || movedFrom is null || movedTo is null))
                throw lines.Error(start, "a rename or copy needs both 'from' and 'to' lines");
            // A change whose ---/+++ names differ after their prefix moves the file, as git applies it.
            if (kind == FileChangeKind.Modified && minus is not null && plus is not null && oldPath is not null && newPath is not null
                && !DiffNames.SameAfterPrefix(oldPath, newPath))
                kind = FileChangeKind.Renamed;

            Add(start, i, new FileDiff
            {
                OldPath = oldPath,
                NewPath = newPath,
                Kind = kind,
                IsGit = true,
                OldMode = oldMode,
                NewMode = newMode,
                OldIndex = oldIndex,
                NewIndex = newIndex,
                Similarity = similarity,
                Dissimilarity = dissimilarity,
                OldTimestamp = minus?.Timestamp,
                NewTimestamp = plus?.Timestamp,
                Hunks = hunks,
                Binary = binary,
            });
        }

        private static string Describe(FileChangeKind kind) => kind switch
        {
            FileChangeKind.Added => "new file",
            FileChangeKind.Deleted => "deletion",
            FileChangeKind.Renamed => "rename",
            FileChangeKind.Copied => "copy",
            _ => "modification",
        };

        private BinaryDiff ReadGitBinary(ref int i)
        {
            i++;
            if (i >= lines.Count || !GitBinaryPatch.IsBlockHeader(lines.Text(i)))
                throw lines.Error(i, "expected 'literal N' or 'delta N' after 'GIT binary patch'");
            var forward = GitBinaryPatch.ParseBlock(lines, ref i);
            BinaryHunk? reverse = null;
            if (i < lines.Count && GitBinaryPatch.IsBlockHeader(lines.Text(i)))
                reverse = GitBinaryPatch.ParseBlock(lines, ref i);
            return new BinaryDiff(forward, reverse);
        }

        /// <summary>Records a diff spanning lines [<paramref name="start"/>, <paramref name="end"/>) and its preamble.</summary>
        private void Add(int start, int end, FileDiff diff)
        {
            int preambleStart;
            if (_files.Count > 0)
                preambleStart = _lastDiffEnd;
            else
            {
                // Before the first diff, only the lines that belong to it (quilt's Index: and ====,
                // a diff command line, CVS's RCS lines) leave the header.
                preambleStart = start;
                while (preambleStart > 0 && IsPreambleLine(lines.Text(preambleStart - 1)))
                    preambleStart--;
                _headerEnd = preambleStart;
                for (var k = preambleStart; k < start; k++)
                    if (lines.Text(k).StartsWith("Only in "u8))
                        _onlyIn.Add(new PatchNote(k + 1, Encoding.UTF8.GetString(lines.Text(k))));
            }
            _files.Add(diff with { Line = start + 1, Preamble = lines.Slice(preambleStart, start), Raw = lines.Slice(start, end) });
            _lastDiffEnd = end;
        }

        private static bool IsPreambleLine(ReadOnlySpan<byte> text) =>
            text.StartsWith("Index: "u8) || text.StartsWith("===="u8) || text.StartsWith("diff "u8)
            || text.StartsWith("Only in "u8) || text.StartsWith("RCS file: "u8) || text.StartsWith("retrieving revision "u8)
            || text.StartsWith("Common subdirectories: "u8);
    }
}
