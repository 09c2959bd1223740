using Carry.Patches;
using static Carry.Tests.Engine.Patches.PatchText;

namespace Carry.Tests.Engine.Patches;

public sealed class HunkApplierTests
{
    private static FileDiff Diff(params string[] body) =>
        UnifiedDiffReader.Parse(Lines(["--- a/f", "+++ b/f", .. body])).Files[0];

    private static string Numbered(int from, int to) =>
        string.Concat(Enumerable.Range(from, to - from + 1).Select(i => $"line {i}\n"));

    [Fact]
    public void Applies_exactly_at_the_stated_line()
    {
        var result = HunkApplier.Apply(Diff("@@ -1,3 +1,3 @@", " a", "-b", "+B", " c"), Utf8("a\nb\nc\n"));
        Assert.Equal(ApplyStatus.Clean, result.Status);
        Assert.Equal("a\nB\nc\n", Text(result.Content));
        Assert.Equal(new HunkOutcome(1, true, 1, 0, 0), Assert.Single(result.Hunks));
    }

    [Fact]
    public void Finds_a_moved_hunk_and_carries_its_offset_to_the_next_hunks()
    {
        var diff = Diff(
            "@@ -2,3 +2,3 @@", " line 2", "-line 3", "+LINE 3", " line 4",
            "@@ -10,3 +10,3 @@", " line 10", "-line 11", "+LINE 11", " line 12");
        var original = "extra\nextra\nextra\nextra\nextra\n" + Numbered(1, 20);
        var result = HunkApplier.Apply(diff, Utf8(original));

        Assert.Equal(ApplyStatus.Offset, result.Status);
        Assert.Equal([new HunkOutcome(1, true, 7, 5, 0), new HunkOutcome(2, true, 15, 5, 0)], result.Hunks);
        Assert.Equal(5, result.MaxOffset);
        Assert.Equal(original.Replace("line 3\n", "LINE 3\n").Replace("line 11\n", "LINE 11\n"), Text(result.Content));
    }

    [Fact]
    public void Prefers_the_nearest_match_and_below_on_a_tie()
    {
        // (A hunk without context below would be anchored to the end of the file; this one is not.)
        var diff = Diff("@@ -10,3 +10,3 @@", " x", "-y", "+Y", " z");
        var below = HunkApplier.Apply(diff, Utf8(Numbered(1, 7) + "x\ny\nz\n" + Numbered(11, 12) + "x\ny\nz\n"));
        Assert.Equal(new HunkOutcome(1, true, 8, -2, 0), below.Hunks[0]);

        var tie = HunkApplier.Apply(diff, Utf8(Numbered(1, 7) + "x\ny\nz\n" + Numbered(11, 11) + "x\ny\nz\n"));
        Assert.Equal(new HunkOutcome(1, true, 12, 2, 0), tie.Hunks[0]);
    }

    [Fact]
    public void Fuzz_ignores_edge_context_and_keeps_the_file_s_own_lines()
    {
        var diff = Diff("@@ -1,5 +1,5 @@", " one", " two", "-three", "+THREE", " four", " five");
        var original = Utf8("ONE\ntwo\nthree\nfour\nfive\n");

        var strict = HunkApplier.Apply(diff, original);
        Assert.Equal(ApplyStatus.Failed, strict.Status);
        Assert.Equal(ApplyFailureKind.HunkNotFound, strict.Failure!.Kind);
        Assert.Equal(1, strict.Failure.Hunk);
        Assert.Contains("hunk #1", strict.Failure.Message);

        var fuzzy = HunkApplier.Apply(diff, original, new ApplyOptions { Fuzz = 2 });
        Assert.Equal(ApplyStatus.Fuzz, fuzzy.Status);
        Assert.Equal(1, fuzzy.MaxFuzz);
        Assert.Equal("ONE\ntwo\nTHREE\nfour\nfive\n", Text(fuzzy.Content));
    }

    [Fact]
    public void A_hunk_with_less_leading_context_is_anchored_to_the_start_of_the_file()
    {
        // Diff gives fewer context lines above only at the top of a file; GNU patch holds such a
        // hunk to line 1 instead of matching "a b" further down.
        var diff = Diff("@@ -1,2 +1,3 @@", "+header", " a", " b");
        Assert.Equal("header\na\nb\nz\n", Text(HunkApplier.Apply(diff, Utf8("a\nb\nz\n")).Content));
        Assert.Equal(ApplyFailureKind.HunkNotFound, HunkApplier.Apply(diff, Utf8("x\na\nb\n")).Failure!.Kind);
    }

    [Fact]
    public void Every_failing_hunk_is_reported_not_just_the_first()
    {
        var diff = Diff("@@ -1 +1 @@", "-nope", "+x", "@@ -3 +3 @@", " c", "@@ -5 +5 @@", "-nope either", "+y");
        var result = HunkApplier.Apply(diff, Utf8("a\nb\nc\nd\ne\n"));
        Assert.Equal([false, true, false], result.Hunks.Select(h => h.Applied));
        Assert.Equal(1, result.Failure!.Hunk);
        Assert.Null(result.Content);
    }

    [Fact]
    public void Missing_final_newlines_are_handled_both_ways()
    {
        var addNewline = Diff("@@ -1,2 +1,2 @@", " a", "-b", "\\ No newline at end of file", "+b");
        Assert.Equal("a\nb\n", Text(HunkApplier.Apply(addNewline, Utf8("a\nb")).Content));
        Assert.Equal("a\nb", Text(HunkApplier.Apply(addNewline, Utf8("a\nb\n"), new ApplyOptions { Reverse = true }).Content));
        // The context must match byte for byte: a file that has the newline does not match.
        Assert.False(HunkApplier.Apply(addNewline, Utf8("a\nb\n")).Succeeded);

        var appendAfterUnterminated = Diff("@@ -1 +1,2 @@", "-last", "\\ No newline at end of file", "+last", "+more");
        Assert.Equal("last\nmore\n", Text(HunkApplier.Apply(appendAfterUnterminated, Utf8("last")).Content));
    }

    [Fact]
    public void Creates_files_that_do_not_exist_and_refuses_to_overwrite_content()
    {
        var create = UnifiedDiffReader.Parse(Lines("--- /dev/null", "+++ b/f", "@@ -0,0 +1,2 @@", "+one", "+two")).Files[0];
        Assert.Equal("one\ntwo\n", Text(HunkApplier.Apply(create, null).Content));
        Assert.Equal("one\ntwo\n", Text(HunkApplier.Apply(create, []).Content));
        Assert.Equal(ApplyFailureKind.FileExists, HunkApplier.Apply(create, Utf8("x\n")).Failure!.Kind);
    }

    [Fact]
    public void Deletes_files_only_when_the_patch_removes_all_their_content()
    {
        var delete = UnifiedDiffReader.Parse(Lines("--- a/f", "+++ /dev/null", "@@ -1,2 +0,0 @@", "-one", "-two")).Files[0];
        var deleted = HunkApplier.Apply(delete, Utf8("one\ntwo\n"));
        Assert.True(deleted.Deletes);
        Assert.Null(deleted.Content);

        var notEmpty = HunkApplier.Apply(delete, Utf8("one\ntwo\nthree\n"));
        Assert.Equal(ApplyFailureKind.DeletedFileNotEmpty, notEmpty.Failure!.Kind);
        Assert.Equal(ApplyFailureKind.FileMissing, HunkApplier.Apply(delete, null).Failure!.Kind);
    }

    [Fact]
    public void Empty_files_can_be_filled_and_emptied()
    {
        var fill = Diff("@@ -0,0 +1 @@", "+hello");
        Assert.Equal("hello\n", Text(HunkApplier.Apply(fill, []).Content));
        var empty = HunkApplier.Apply(fill, Utf8("hello\n"), new ApplyOptions { Reverse = true });
        Assert.Equal(0, empty.Content?.Length);
        Assert.False(empty.Deletes);
    }

    [Fact]
    public void Reverse_undoes_what_forward_did()
    {
        var diff = Diff(
            "@@ -2,3 +2,4 @@", " line 2", "-line 3", "+three", "+3", " line 4",
            "@@ -8,3 +9,3 @@", " line 8", "-line 9", "+nine", " line 10");
        var original = Utf8(Numbered(1, 12));
        var forward = HunkApplier.Apply(diff, original);
        Assert.Equal(ApplyStatus.Clean, forward.Status);
        var back = HunkApplier.Apply(diff, forward.Content, new ApplyOptions { Reverse = true });
        Assert.Equal(ApplyStatus.Clean, back.Status);
        Assert.Equal(original, back.Content);
    }

    [Fact]
    public void A_change_already_present_is_recognised()
    {
        var diff = Diff("@@ -1,3 +1,3 @@", " a", "-b", "+B", " c");
        var result = HunkApplier.Apply(diff, Utf8("a\nB\nc\n"));
        Assert.False(result.Succeeded);
        Assert.True(result.LooksAlreadyApplied);
    }

    [Fact]
    public void CRLF_lines_match_byte_for_byte()
    {
        var crlf = UnifiedDiffReader.Parse("--- a/f\r\n+++ b/f\r\n@@ -1,2 +1,2 @@\r\n a\r\n-b\r\n+B\r\n").Files[0];
        Assert.Equal("a\r\nB\r\n", Text(HunkApplier.Apply(crlf, Utf8("a\r\nb\r\n")).Content));
        Assert.False(HunkApplier.Apply(Diff("@@ -1,2 +1,2 @@", " a", "-b", "+B"), Utf8("a\r\nb\r\n")).Succeeded);
    }

    [Fact]
    public void Hunks_can_be_applied_without_a_file_diff()
    {
        var hunks = Diff("@@ -2 +2 @@", "-b", "+B").Hunks;
        var result = HunkApplier.ApplyHunks(Utf8("a\nb\n"), hunks);
        Assert.Equal("a\nB\n", Text(result.Content));
    }
}
