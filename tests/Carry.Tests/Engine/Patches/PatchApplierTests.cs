using Carry.Patches;
using static Carry.Tests.Engine.Patches.PatchText;

namespace Carry.Tests.Engine.Patches;

public sealed class PatchApplierTests
{
    private static DictionaryFileSource Files(params (string Path, string Content)[] files) =>
        new(files.ToDictionary(f => f.Path, f => Utf8(f.Content)));

    private static Dictionary<string, FileChange> ChangesOf(PatchApplyResult result)
    {
        Assert.True(result.Succeeded, string.Join("; ", result.Files.Select(f => f.Result.Failure?.Message)));
        return result.Changes.ToDictionary(c => c.Path);
    }

    [Fact]
    public void Given_a_tree_when_a_git_patch_renames_creates_deletes_and_chmods_then_every_change_is_listed()
    {
        var patch = UnifiedDiffReader.Parse(Lines(
            "diff --git a/old.c b/src/new.c",
            "similarity index 80%",
            "rename from old.c",
            "rename to src/new.c",
            "index 1111111..2222222 100644",
            "--- a/old.c",
            "+++ b/src/new.c",
            "@@ -1,2 +1,2 @@",
            " int x;",
            "-int y;",
            "+int z;",
            "diff --git a/README b/README",
            "new file mode 100644",
            "index 0000000..3333333",
            "--- /dev/null",
            "+++ b/README",
            "@@ -0,0 +1 @@",
            "+hello",
            "diff --git a/junk.txt b/junk.txt",
            "deleted file mode 100644",
            "index 4444444..0000000",
            "--- a/junk.txt",
            "+++ /dev/null",
            "@@ -1 +0,0 @@",
            "-junk",
            "diff --git a/run.sh b/run.sh",
            "old mode 100644",
            "new mode 100755"));
        var source = Files(("old.c", "int x;\nint y;\n"), ("junk.txt", "junk\n"), ("run.sh", "#!/bin/sh\n"));

        var changes = ChangesOf(PatchApplier.Apply(patch, source));

        Assert.Equal(["old.c", "src/new.c", "README", "junk.txt", "run.sh"], changes.Keys);
        Assert.True(changes["old.c"].IsDeletion);
        Assert.Equal("int x;\nint z;\n", Text(changes["src/new.c"].Content));
        Assert.Equal(0x81a4, changes["src/new.c"].Mode);
        Assert.Equal("hello\n", Text(changes["README"].Content));
        Assert.True(changes["junk.txt"].IsDeletion);
        Assert.Equal(0x81ed, changes["run.sh"].Mode);
        Assert.Equal("#!/bin/sh\n", Text(changes["run.sh"].Content));
    }

    [Fact]
    public void Given_a_patch_that_edits_one_file_twice_then_the_second_edit_sees_the_first()
    {
        var patch = UnifiedDiffReader.Parse(Lines(
            "--- a/f", "+++ b/f", "@@ -1 +1 @@", "-a", "+b",
            "--- a/f", "+++ b/f", "@@ -1 +1 @@", "-b", "+c"));
        var changes = ChangesOf(PatchApplier.Apply(patch, Files(("f", "a\n"))));
        Assert.Equal("c\n", Text(Assert.Single(changes.Values).Content));

        var undone = ChangesOf(PatchApplier.Apply(patch, Files(("f", "c\n")), new ApplyOptions { Reverse = true }));
        Assert.Equal("a\n", Text(undone["f"].Content));
    }

    [Theory]
    [InlineData("../../etc/passwd", "'..'")]
    [InlineData(".git/hooks/post-checkout", ".git")]
    public void Given_an_untrusted_patch_when_a_name_escapes_the_tree_then_nothing_is_written(string name, string reason)
    {
        var patch = UnifiedDiffReader.Parse(Lines(
            $"diff --git a/{name} b/{name}",
            "new file mode 100755",
            "--- /dev/null",
            $"+++ b/{name}",
            "@@ -0,0 +1 @@",
            "+evil",
            "--- a/ok.txt",
            "+++ b/ok.txt",
            "@@ -1 +1 @@",
            "-a",
            "+b"));
        var result = PatchApplier.Apply(patch, Files(("ok.txt", "a\n")));

        Assert.False(result.Succeeded);
        Assert.Equal(ApplyStatus.Failed, result.Status);
        var refused = result.Files[0];
        Assert.Equal(ApplyFailureKind.UnsafePath, refused.Result.Failure!.Kind);
        Assert.Contains(reason, refused.Result.Failure.Message);
        Assert.Null(refused.Path);
        Assert.Equal(["ok.txt"], result.Changes.Select(c => c.Path));
    }

    [Fact]
    public void Given_a_plain_diff_between_foo_orig_and_foo_then_the_existing_file_is_patched()
    {
        var patch = UnifiedDiffReader.Parse(Lines("--- src/foo.c.orig", "+++ src/foo.c", "@@ -1 +1 @@", "-a", "+b"));
        var result = PatchApplier.Apply(patch, Files(("src/foo.c", "a\n")), new ApplyOptions { Strip = 0 });
        Assert.Equal("src/foo.c", Assert.Single(ChangesOf(result)).Key);
        Assert.Equal("src/foo.c", result.Files[0].Path);
    }

    [Fact]
    public void Given_a_binary_stanza_without_data_then_the_patch_fails_unless_asked_to_skip_it()
    {
        var patch = UnifiedDiffReader.Parse(Lines(
            "diff --git a/data.bin b/data.bin",
            "new file mode 100644",
            "index 0000000000..07b393bb7d",
            "Binary files /dev/null and b/data.bin differ",
            "--- a/f", "+++ b/f", "@@ -1 +1 @@", "-a", "+b"));
        var source = Files(("f", "a\n"));

        var strict = PatchApplier.Apply(patch, source);
        Assert.False(strict.Succeeded);
        Assert.Equal(ApplyFailureKind.BinaryWithoutData, strict.Files[0].Result.Failure!.Kind);

        var lenient = PatchApplier.Apply(patch, source, new ApplyOptions { BinaryWithoutData = BinaryWithoutDataPolicy.Skip });
        Assert.True(lenient.Succeeded);
        Assert.Equal(ApplyStatus.Skipped, lenient.Status);
        Assert.Equal("data.bin", lenient.Files[0].Path);
        Assert.Equal(["f"], lenient.Changes.Select(c => c.Path));
    }

    [Fact]
    public void Given_a_rename_onto_an_existing_file_then_it_is_refused()
    {
        var patch = UnifiedDiffReader.Parse(Lines(
            "diff --git a/a b/b", "similarity index 100%", "rename from a", "rename to b"));
        var result = PatchApplier.Apply(patch, Files(("a", "1\n"), ("b", "2\n")));
        Assert.Equal(ApplyFailureKind.FileExists, result.Files[0].Result.Failure!.Kind);
        Assert.Empty(result.Changes);
    }

    [Fact]
    public void Given_a_copy_then_undoing_it_removes_the_copy_only()
    {
        var patch = UnifiedDiffReader.Parse(Lines(
            "diff --git a/a b/b", "similarity index 90%", "copy from a", "copy to b",
            "--- a/a", "+++ b/b", "@@ -1,2 +1,2 @@", " x", "-y", "+Y"));
        var forward = ChangesOf(PatchApplier.Apply(patch, Files(("a", "x\ny\n"))));
        Assert.Equal("x\nY\n", Text(Assert.Single(forward.Values).Content));

        var undone = ChangesOf(PatchApplier.Apply(patch, Files(("a", "x\ny\n"), ("b", "x\nY\n")), new ApplyOptions { Reverse = true }));
        Assert.True(Assert.Single(undone.Values).IsDeletion);
        Assert.Equal("b", undone.Keys.Single());
    }

    [Fact]
    public void Given_a_file_that_is_created_and_deleted_in_one_patch_then_no_change_is_reported()
    {
        var patch = UnifiedDiffReader.Parse(Lines(
            "--- /dev/null", "+++ b/tmp", "@@ -0,0 +1 @@", "+x",
            "--- a/tmp", "+++ /dev/null", "@@ -1 +0,0 @@", "-x"));
        var result = PatchApplier.Apply(patch, Files());
        Assert.True(result.Succeeded);
        Assert.Empty(result.Changes);
    }

    [Fact]
    public void Given_a_failing_file_then_the_others_still_report_and_the_whole_patch_fails()
    {
        var patch = UnifiedDiffReader.Parse(Lines(
            "--- a/missing", "+++ b/missing", "@@ -1 +1 @@", "-a", "+b",
            "--- a/f", "+++ b/f", "@@ -1 +1 @@", "-a", "+b"));
        var result = PatchApplier.Apply(patch, Files(("f", "a\n")));
        Assert.False(result.Succeeded);
        Assert.Equal(ApplyFailureKind.FileMissing, result.Files[0].Result.Failure!.Kind);
        Assert.Equal(ApplyStatus.Clean, result.Files[1].Result.Status);
    }
}
