using Carry.Patches;
using static Carry.Tests.Engine.Patches.PatchText;

namespace Carry.Tests.Engine.Patches;

public sealed class UnifiedDiffReaderTests
{
    [Fact]
    public void Reads_a_git_diff_with_index_line_and_hunk()
    {
        var patch = UnifiedDiffReader.Parse(Lines(
            "diff --git a/src/main.c b/src/main.c",
            "index 83db48f..bf269f4 100644",
            "--- a/src/main.c",
            "+++ b/src/main.c",
            "@@ -1,3 +1,3 @@ int main(void)",
            " one",
            "-two",
            "+TWO",
            " three"));

        var diff = Assert.Single(patch.Files);
        Assert.True(diff.IsGit);
        Assert.Equal(FileChangeKind.Modified, diff.Kind);
        Assert.Equal("a/src/main.c", diff.OldPath!.ToString());
        Assert.Equal("src/main.c", diff.Path(1));
        Assert.Equal("83db48f", diff.OldIndex);
        Assert.Equal("bf269f4", diff.NewIndex);
        Assert.Equal(0x81a4, diff.OldMode); // 0100644
        Assert.Equal(0x81a4, diff.NewMode);
        var hunk = Assert.Single(diff.Hunks);
        Assert.Equal((1, 3, 1, 3), (hunk.OldStart, hunk.OldCount, hunk.NewStart, hunk.NewCount));
        Assert.Equal(" int main(void)", Text(hunk.Section));
        Assert.Equal(5, hunk.Line);
        Assert.Equal([HunkLineKind.Context, HunkLineKind.Removed, HunkLineKind.Added, HunkLineKind.Context],
            hunk.Lines.Select(l => l.Kind));
        Assert.Equal("two\n", Text(hunk.Lines[1].Content));
        Assert.Equal((1, 1), (hunk.LeadingContext, hunk.TrailingContext));
    }

    [Fact]
    public void Reads_plain_diffs_with_timestamps_after_a_tab()
    {
        var patch = UnifiedDiffReader.Parse(Lines(
            "Description: fix the build",
            "",
            "Index: glibc-2.27/Makefile",
            "===================================================================",
            "--- glibc-2.27.orig/Makefile\t2018-02-01 16:17:18.000000000 +0000",
            "+++ glibc-2.27/Makefile\t2018-02-05 10:00:00.000000000 +0100",
            "@@ -1 +1 @@",
            "-a",
            "+b"));

        var diff = Assert.Single(patch.Files);
        Assert.False(diff.IsGit);
        Assert.Equal("glibc-2.27.orig/Makefile", diff.OldPath!.ToString());
        Assert.Equal("2018-02-01 16:17:18.000000000 +0000", diff.OldTimestamp);
        Assert.Equal("2018-02-05 10:00:00.000000000 +0100", diff.NewTimestamp);
        Assert.Equal("Makefile", diff.Path(1));
        Assert.Equal((1, 1, 1, 1), (diff.Hunks[0].OldStart, diff.Hunks[0].OldCount, diff.Hunks[0].NewStart, diff.Hunks[0].NewCount));
        Assert.Equal("Description: fix the build\n\n", Text(patch.Header.Raw));
        Assert.StartsWith("Index: glibc-2.27/Makefile\n====", Text(diff.Preamble));
        Assert.Equal(3, diff.Line - 2);
    }

    [Fact]
    public void Without_a_tab_a_name_ends_at_the_first_blank()
    {
        var patch = UnifiedDiffReader.Parse(Lines(
            "--- old/file.c  Mon Jan  1 10:00:00 2018",
            "+++ new/file.c  Mon Jan  1 10:00:00 2018",
            "@@ -1 +1 @@",
            "-a",
            "+b"));
        Assert.Equal("old/file.c", patch.Files[0].OldPath!.ToString());
        Assert.Equal("Mon Jan  1 10:00:00 2018", patch.Files[0].OldTimestamp);
    }

    [Fact]
    public void Diff_command_lines_and_Only_in_notes_between_files_are_kept()
    {
        var text = Lines(
            "diff -ruN a/one.txt b/one.txt",
            "--- a/one.txt\t2020-01-01 00:00:00.000000000 +0000",
            "+++ b/one.txt\t2020-01-02 00:00:00.000000000 +0000",
            "@@ -1 +1 @@",
            "-x",
            "+y",
            "Only in b: extra.txt",
            "diff -ruN a/two.txt b/two.txt",
            "--- a/two.txt\t1970-01-01 00:00:00.000000000 +0000",
            "+++ b/two.txt\t2020-01-02 00:00:00.000000000 +0000",
            "@@ -0,0 +1 @@",
            "+new");
        var patch = UnifiedDiffReader.Parse(text);

        Assert.Equal(2, patch.Files.Count);
        Assert.Equal("", Text(patch.Header.Raw));
        Assert.Equal("diff -ruN a/one.txt b/one.txt\n", Text(patch.Files[0].Preamble));
        Assert.Equal("Only in b: extra.txt\ndiff -ruN a/two.txt b/two.txt\n", Text(patch.Files[1].Preamble));
        Assert.Equal(new PatchNote(7, "Only in b: extra.txt"), Assert.Single(patch.OnlyIn));
        // diff -N marks the missing side with the epoch, not /dev/null.
        Assert.Equal(FileChangeKind.Added, patch.Files[1].Kind);
        CorpusParseTests.AssertReassembles(Utf8(text), patch);
    }

    [Fact]
    public void Reads_git_extended_headers_for_renames_copies_modes_new_and_deleted_files()
    {
        var patch = UnifiedDiffReader.Parse(Lines(
            "diff --git a/old name.txt b/new name.txt",
            "similarity index 90%",
            "rename from old name.txt",
            "rename to new name.txt",
            "index 1111111..2222222 100644",
            "--- a/old name.txt",
            "+++ b/new name.txt\t",
            "@@ -1 +1 @@",
            "-a",
            "+b",
            "diff --git a/src/x.c b/src/y.c",
            "similarity index 100%",
            "copy from src/x.c",
            "copy to src/y.c",
            "diff --git a/run.sh b/run.sh",
            "old mode 100644",
            "new mode 100755",
            "diff --git a/empty b/empty",
            "new file mode 100644",
            "index 0000000..e69de29",
            "diff --git a/gone.txt b/gone.txt",
            "deleted file mode 100644",
            "index 3b18e51..0000000",
            "--- a/gone.txt",
            "+++ /dev/null",
            "@@ -1 +0,0 @@",
            "-hello world",
            "diff --git a/dis.c b/dis.c",
            "dissimilarity index 75%",
            "index 1111111..2222222 100644",
            "--- a/dis.c",
            "+++ b/dis.c",
            "@@ -1 +1 @@",
            "-a",
            "+b"));

        var (rename, copy, mode, created, deleted, rewrite) =
            (patch.Files[0], patch.Files[1], patch.Files[2], patch.Files[3], patch.Files[4], patch.Files[5]);
        Assert.Equal(FileChangeKind.Renamed, rename.Kind);
        Assert.Equal(("old name.txt", "new name.txt"), (rename.OldPath!.Strip(1), rename.NewPath!.Strip(1)));
        Assert.Equal(90, rename.Similarity);
        Assert.Equal(FileChangeKind.Copied, copy.Kind);
        Assert.Equal(("src/x.c", "src/y.c"), (copy.OldPath!.Strip(1), copy.NewPath!.Strip(1)));
        Assert.True(copy.HasNoContentChange);
        Assert.Equal((0x81a4, 0x81ed), (mode.OldMode!.Value, mode.NewMode!.Value));
        Assert.Equal(FileChangeKind.Modified, mode.Kind);
        Assert.Equal(FileChangeKind.Added, created.Kind);
        Assert.Null(created.OldPath);
        Assert.Empty(created.Hunks);
        Assert.Equal(FileChangeKind.Deleted, deleted.Kind);
        Assert.Null(deleted.NewPath);
        Assert.Equal("gone.txt", deleted.Path(1));
        Assert.Equal(75, rewrite.Dissimilarity);
    }

    [Fact]
    public void A_rename_whose_names_have_spaces_takes_its_names_from_the_rename_lines()
    {
        var patch = UnifiedDiffReader.Parse(Lines(
            "diff --git a/my file b/your file",
            "similarity index 100%",
            "rename from my file",
            "rename to your file"));
        var diff = Assert.Single(patch.Files);
        Assert.Equal("a/my file", diff.OldPath!.ToString());
        Assert.Equal("b/your file", diff.NewPath!.ToString());
    }

    [Fact]
    public void Quoted_names_are_unquoted_to_their_raw_bytes()
    {
        var patch = UnifiedDiffReader.Parse(Lines(
            "diff --git \"a/t\\303\\251st\" \"b/t\\303\\251st\"",
            "index 1111111..2222222 100644",
            "--- \"a/t\\303\\251st\"",
            "+++ \"b/t\\303\\251st\"",
            "@@ -1 +1 @@",
            "-a",
            "+b",
            "diff --git a/plain \"b/tab\\there\"",
            "similarity index 100%",
            "rename from plain",
            "rename to \"tab\\there\""));

        Assert.Equal("tést", patch.Files[0].Path(1));
        Assert.Equal(Utf8("a/tést"), patch.Files[0].OldPath!.Raw.ToArray());
        Assert.Equal("tab\there", patch.Files[1].NewPath!.Strip(1));
    }

    [Fact]
    public void Names_are_bytes_and_need_not_be_UTF8()
    {
        byte[] bytes = [.. Utf8("--- a/caf"), 0xe9, .. Utf8("\n+++ b/caf"), 0xe9, .. Utf8("\n@@ -1 +1 @@\n-x\n+y\n")];
        var diff = UnifiedDiffReader.Parse(bytes).Files[0];
        Assert.Equal([.. Utf8("b/caf"), 0xe9], diff.NewPath!.Raw.ToArray());
        Assert.Equal([.. Utf8("caf"), 0xe9], diff.NewPath.StripToBytes(1));
    }

    [Fact]
    public void Dev_null_sides_make_created_and_deleted_files()
    {
        var patch = UnifiedDiffReader.Parse(Lines(
            "--- /dev/null",
            "+++ b/new.txt",
            "@@ -0,0 +1,2 @@",
            "+one",
            "+two",
            "--- a/old.txt",
            "+++ /dev/null",
            "@@ -1 +0,0 @@",
            "-bye"));
        Assert.Equal(FileChangeKind.Added, patch.Files[0].Kind);
        Assert.Null(patch.Files[0].OldPath);
        Assert.Equal("new.txt", patch.Files[0].Path(1));
        Assert.Equal(FileChangeKind.Deleted, patch.Files[1].Kind);
        Assert.Equal("old.txt", patch.Files[1].Path(1));
    }

    [Fact]
    public void No_newline_markers_remove_the_newline_of_the_line_before_them()
    {
        var hunk = UnifiedDiffReader.Parse(Lines(
            "--- a/f",
            "+++ b/f",
            "@@ -1,2 +1,2 @@",
            " keep",
            "-old",
            "\\ No newline at end of file",
            "+new",
            "\\ Kein Zeilenumbruch am Dateiende.")).Files[0].Hunks[0];
        Assert.Equal(3, hunk.Lines.Count);
        Assert.Equal("old", Text(hunk.Lines[1].Content));
        Assert.True(hunk.Lines[1].HasNoNewline);
        Assert.Equal("new", Text(hunk.Lines[2].Content));
        Assert.False(hunk.Lines[0].HasNoNewline);
    }

    [Fact]
    public void Hunk_header_counts_default_to_one_and_empty_context_lines_are_accepted()
    {
        var hunks = UnifiedDiffReader.Parse(Lines(
            "--- a/f",
            "+++ b/f",
            "@@ -3 +3 @@",
            "-a",
            "+b",
            "@@ -10,3 +10,3 @@",
            " x",
            "", // a context line whose space an editor removed
            "-y",
            "+z")).Files[0].Hunks;
        Assert.Equal((3, 1, 3, 1), (hunks[0].OldStart, hunks[0].OldCount, hunks[0].NewStart, hunks[0].NewCount));
        Assert.Equal("", Text(hunks[0].Section));
        Assert.Equal(HunkLineKind.Context, hunks[1].Lines[1].Kind);
        Assert.Equal("\n", Text(hunks[1].Lines[1].Content));
    }

    [Fact]
    public void Lines_that_start_like_headers_are_content_while_the_counts_last()
    {
        var hunk = UnifiedDiffReader.Parse(Lines(
            "--- a/f",
            "+++ b/f",
            "@@ -1,2 +1,2 @@",
            "--- not a header",
            "+++ not a header either",
            " @@ -1 +1 @@")).Files[0].Hunks[0];
        Assert.Equal(["-- not a header\n", "++ not a header either\n", "@@ -1 +1 @@\n"], hunk.Lines.Select(l => Text(l.Content)));
    }

    [Fact]
    public void CRLF_lines_keep_their_carriage_return_in_content()
    {
        var patch = UnifiedDiffReader.Parse("--- a/f\r\n+++ b/f\r\n@@ -1 +1 @@\r\n-old\r\n+new\r\n");
        var diff = Assert.Single(patch.Files);
        Assert.Equal("f", diff.Path(1));
        Assert.Equal("old\r\n", Text(diff.Hunks[0].Lines[0].Content));
        Assert.Equal("new\r\n", Text(diff.Hunks[0].Lines[1].Content));
    }

    [Fact]
    public void A_patch_file_without_its_final_newline_still_ends_its_last_line()
    {
        var hunk = UnifiedDiffReader.Parse("--- a/f\n+++ b/f\n@@ -1 +1 @@\n-old\n+new").Files[0].Hunks[0];
        Assert.Equal("new\n", Text(hunk.Lines[1].Content));
    }

    [Fact]
    public void Binary_files_differ_is_a_binary_change_without_data()
    {
        var patch = UnifiedDiffReader.Parse(Lines(
            "diff --git a/timezone/testdata/XT6 b/timezone/testdata/XT6",
            "new file mode 100644",
            "index 0000000000..07b393bb7d",
            "Binary files /dev/null and b/timezone/testdata/XT6 differ",
            "diff -ruN a/logo.png b/logo.png",
            "Binary files a/logo.png and b/logo.png differ"));

        Assert.Equal(2, patch.Files.Count);
        Assert.True(patch.Files[0].IsBinary);
        Assert.False(patch.Files[0].Binary!.HasData);
        Assert.Equal(FileChangeKind.Added, patch.Files[0].Kind);
        Assert.Equal("timezone/testdata/XT6", patch.Files[0].Path(1));
        Assert.False(patch.Files[1].IsGit);
        Assert.Equal(FileChangeKind.Modified, patch.Files[1].Kind);
        Assert.Equal("logo.png", patch.Files[1].Path(1));
        Assert.False(patch.Files[1].Binary!.HasData);
    }

    [Fact]
    public void An_empty_or_prose_only_file_is_a_patch_without_diffs()
    {
        Assert.Empty(UnifiedDiffReader.Parse([]).Files);
        var prose = UnifiedDiffReader.Parse(Lines("Just a note.", "--- not a diff"));
        Assert.Empty(prose.Files);
        Assert.Equal("Just a note.\n--- not a diff\n", prose.Header.Text);
    }

    [Fact]
    public void A_format_patch_mail_splits_into_header_notes_diffs_and_signature()
    {
        var text = Lines(
            "From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001",
            "From: =?UTF-8?q?J=C3=A9r=C3=B4me?= <j@example.org>",
            "Date: Sun, 9 Feb 2014 16:09:48 +0000",
            "Subject: [PATCH] Fix the",
            " frobnicator",
            "",
            "Longer explanation.",
            "",
            "Signed-off-by: J <j@example.org>",
            "---",
            " f | 2 +-",
            " 1 file changed",
            "",
            "diff --git a/f b/f",
            "index 1111111..2222222 100644",
            "--- a/f",
            "+++ b/f",
            "@@ -1 +1 @@",
            "-a",
            "+b",
            "-- ",
            "2.39.5",
            "");
        var patch = UnifiedDiffReader.Parse(text);

        Assert.Equal("0123456789abcdef0123456789abcdef01234567", patch.Header.MboxCommit);
        Assert.Equal("Jérôme <j@example.org>", patch.Header.Author);
        Assert.Equal("[PATCH] Fix the frobnicator", patch.Header.Subject);
        Assert.Equal("Sun, 9 Feb 2014 16:09:48 +0000", patch.Header.Date);
        Assert.Equal("J <j@example.org>", patch.Header.Get("signed-off-by"));
        Assert.True(patch.Header.HasNotesSeparator);
        Assert.Equal(" f | 2 +-\n 1 file changed\n\n", Text(patch.Header.Notes));
        Assert.EndsWith("Signed-off-by: J <j@example.org>\n", Text(patch.Header.Message));
        Assert.Equal("-- \n2.39.5\n\n", Text(patch.Trailer));
        CorpusParseTests.AssertReassembles(Utf8(text), patch);
    }

    [Fact]
    public void DEP3_fields_keep_continuation_lines_and_repeats()
    {
        var header = UnifiedDiffReader.Parse(Lines(
            "Description: Short summary",
            " Longer text, first line.",
            " .",
            " After an empty line.",
            "Author: A <a@example.org>",
            "Author: B <b@example.org>",
            "Origin: upstream, https://example.org/commit/1",
            "Forwarded: not-needed",
            "Last-Update: 2024-01-01",
            "Note:this line is prose",
            "",
            "--- a/f",
            "+++ b/f",
            "@@ -1 +1 @@",
            "-a",
            "+b")).Header;

        Assert.Equal("Short summary\nLonger text, first line.\n\nAfter an empty line.", header.Description);
        Assert.Equal(["A <a@example.org>", "B <b@example.org>"], header.GetAll("Author"));
        Assert.Equal("A <a@example.org>", header.Author);
        Assert.Equal("upstream, https://example.org/commit/1", header.Get("origin"));
        Assert.Equal("not-needed", header.Get("Forwarded"));
        Assert.Null(header.Get("Note"));
        Assert.False(header.HasNotesSeparator);
        Assert.Equal(1, header.Fields[0].Line);
    }

    [Theory]
    [InlineData("the patch ends inside the hunk", 5, "--- a/f", "+++ b/f", "@@ -1,3 +1,3 @@", " a", "-b")]
    [InlineData("expected a hunk line", 5, "--- a/f", "+++ b/f", "@@ -1,2 +1,2 @@", " a", "?b", " c")]
    [InlineData("more old lines than", 5, "--- a/f", "+++ b/f", "@@ -1 +1,2 @@", " a", " b")]
    [InlineData("missing '+'", 4, "diff --git a/f b/f", "--- a/f", "+++ b/f", "@@ -1 1 @@", "-a")]
    [InlineData("hunk header without a file header", 7, "--- a/f", "+++ b/f", "@@ -1 +1 @@", "-a", "+b", "junk", "@@ -5 +5 @@", "-c", "+d")]
    [InlineData("expected a context hunk range", 4, "*** a/f", "--- b/f", "***************", "*** 1 ****")]
    [InlineData("do not match its line ranges", 3, "*** a/f", "--- b/f", "***************", "*** 1,2 ****", "  a", "--- 1,2 ----", "  b")]
    [InlineData("octal file mode", 2, "diff --git a/f b/f", "old mode 10x644", "new mode 100755")]
    [InlineData("after the '+++' line", 5, "diff --git a/f b/f", "index 1111111..2222222 100644", "--- a/f", "+++ b/f", "no hunk")]
    [InlineData("'literal N' or 'delta N'", 4, "diff --git a/f b/f", "index 1111111..2222222", "GIT binary patch", "garbage")]
    [InlineData("base85", 5, "diff --git a/f b/f", "index 1111111..2222222", "GIT binary patch", "literal 4", "D[[[[[")]
    [InlineData("ambiguous", 1, "diff --git a/x y/z b/u v", "old mode 100644", "new mode 100755")]
    [InlineData("combined diffs", 4, "diff --cc f", "--- a/f", "+++ b/f", "@@@ -1,1 -1,1 +1,1 @@@")]
    public void Malformed_patches_fail_with_the_line_and_what_was_expected(string expected, int line, params string[] lines)
    {
        var e = Assert.Throws<PatchFormatException>(() => UnifiedDiffReader.Parse(Utf8(Lines(lines)), "bad.patch"));
        Assert.Contains(expected, e.Message);
        Assert.Equal(line, e.Line);
        Assert.Equal("bad.patch", e.FileName);
        Assert.StartsWith($"bad.patch:{line}: ", e.Message);
    }

    [Fact]
    public void Reversing_a_diff_swaps_sides_kinds_modes_and_hunks()
    {
        var diff = UnifiedDiffReader.Parse(Lines(
            "diff --git a/f b/f",
            "new file mode 100755",
            "index 0000000..2222222",
            "--- /dev/null",
            "+++ b/f",
            "@@ -0,0 +1 @@",
            "+x")).Files[0];
        var back = diff.Reverse();
        Assert.Equal(FileChangeKind.Deleted, back.Kind);
        Assert.Equal("b/f", back.OldPath!.ToString());
        Assert.Null(back.NewPath);
        Assert.Equal(0x81ed, back.OldMode);
        Assert.Equal("2222222", back.OldIndex);
        Assert.Equal((1, 1, 0, 0), (back.Hunks[0].OldStart, back.Hunks[0].OldCount, back.Hunks[0].NewStart, back.Hunks[0].NewCount));
        Assert.Equal(HunkLineKind.Removed, back.Hunks[0].Lines[0].Kind);
    }
}
