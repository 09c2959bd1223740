using Carry.Git;

namespace Carry.Tests.Engine.Git;

/// <summary>GIT_AUTHOR_DATE and GIT_COMMITTER_DATE are read in git's formats, so scripts and tests get reproducible commits.</summary>
public sealed class IdentityTests
{
    [Theory]
    [InlineData("@1764756000 +0100", 1764756000L, 60)]
    [InlineData("1764756000 -0530", 1764756000L, -330)]
    [InlineData("@1764756000", 1764756000L, 0)]
    [InlineData("2025-12-03T11:00:00+01:00", 1764756000L, 60)]
    [InlineData("2025-12-03 10:00:00Z", 1764756000L, 0)]
    [InlineData("Wed, 03 Dec 2025 11:00:00 +0100", 1764756000L, 60)]
    public void Git_date_formats_are_read(string text, long seconds, int offset) =>
        Assert.Equal((seconds, offset), Identity.ParseDate(text));

    [Theory]
    [InlineData("yesterday")]
    [InlineData("12345")]
    public void Other_text_is_no_date(string text) => Assert.Null(Identity.ParseDate(text));
}
