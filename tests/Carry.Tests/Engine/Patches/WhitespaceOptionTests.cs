using Carry.Patches;
using static Carry.Tests.Engine.Patches.PatchText;

namespace Carry.Tests.Engine.Patches;

/// <summary><c>--ignore-whitespace</c> and <c>--whitespace=error|fix</c> on one file (the parity vectors compare them with git apply).</summary>
public sealed class WhitespaceOptionTests
{
    private static FileDiff Diff(params string[] body) =>
        UnifiedDiffReader.Parse(Lines(["--- a/f", "+++ b/f", .. body])).Files[0];

    [Theory]
    [InlineData("a  b\n", "a\tb\n", true)]
    [InlineData("a b\r\n", "a b\n", true)]
    [InlineData("\t x\n", " x\n", true)]
    [InlineData("ab\n", "a b\n", false)]
    [InlineData("a \n", "a\n", false)]
    public void Blanks_match_blanks_never_nothing(string file, string patch, bool same) =>
        Assert.Equal(same, Blanks.SameButBlanks(Utf8(file), Utf8(patch)));

    [Fact]
    public void Ignoring_whitespace_keeps_the_files_own_context_lines()
    {
        var diff = Diff("@@ -1,3 +1,3 @@", " int\tx;", "-int  y;", "+int z;", " w");
        Assert.False(HunkApplier.Apply(diff, Utf8("int x;\nint y;\nw\n")).Succeeded);
        var result = HunkApplier.Apply(diff, Utf8("int x;\nint y;\nw\n"), new ApplyOptions { IgnoreWhitespace = true });
        Assert.Equal("int x;\nint z;\nw\n", Text(result.Content));
    }

    [Fact]
    public void Fix_strips_line_ends_spaces_before_tabs_and_blank_lines_at_the_end()
    {
        var diff = Diff("@@ -1,1 +1,5 @@", " a", "+b  ", "+  \tc", "+", "+ ");
        var result = HunkApplier.Apply(diff, Utf8("a\n"), new ApplyOptions { Whitespace = WhitespaceAction.Fix });
        Assert.Equal("a\nb\n\tc\n", Text(result.Content));
    }

    [Fact]
    public void Error_refuses_and_names_the_line()
    {
        var diff = Diff("@@ -1,1 +1,2 @@", " a", "+b\t");
        var result = HunkApplier.Apply(diff, Utf8("a\n"), new ApplyOptions { Whitespace = WhitespaceAction.Error });
        Assert.Equal(ApplyFailureKind.WhitespaceError, result.Failure?.Kind);
        Assert.Contains("'b\\t'", result.Failure!.Message, StringComparison.Ordinal);
        Assert.True(HunkApplier.Apply(Diff("@@ -1,1 +1,2 @@", " a", "+b"), Utf8("a\n"), new ApplyOptions { Whitespace = WhitespaceAction.Error }).Succeeded);
    }
}
