using Carry.Formats;

namespace Carry.Tests.Engine.Formats;

/// <summary>A regenerated patch keeps its header text but never a diffstat that no longer matches its diff.</summary>
public sealed class DiffstatTests
{
    [Fact]
    public void The_diffstat_after_the_separator_is_dropped_and_other_notes_stay()
    {
        var header = "From: A <a@example.com>\nSubject: [PATCH] fix\n\nBody.\n---\nv2: reworded\n\n" +
            " src/main.c         | 12 +++++++-----\n docs/logo.png      | Bin 0 -> 1024 bytes\n" +
            " 2 files changed, 7 insertions(+), 5 deletions(-)\n create mode 100644 docs/logo.png\n" +
            " rename old.c => new.c (98%)\n\n";
        var kept = PatchWriter.WithoutDiffstat(header);
        Assert.Equal("From: A <a@example.com>\nSubject: [PATCH] fix\n\nBody.\n---\nv2: reworded\n\n\n", kept);
    }

    [Fact]
    public void A_header_without_separator_is_left_alone()
    {
        const string header = "Description: fix\n | looks like a stat | 1 +\n";
        Assert.Equal(header, PatchWriter.WithoutDiffstat(header));
    }
}
