using Carry.Tests.Support;

namespace Carry.Tests.Stories.PatchFiles;

/// <summary>
/// Patches that try to write outside the tree, into .git, or through a symbolic link are
/// refused with a clear message, and the repository is exactly as before.
/// </summary>
public sealed class HostilePatchTests
{
    public static TheoryData<string, string, string> Hostile => new()
    {
        { "climb", "--- a/../outside\n+++ b/../outside\n@@ -0,0 +1 @@\n+pwned\n", "'..' component" },
        { "hooks", "diff --git a/.git/hooks/post-checkout b/.git/hooks/post-checkout\nnew file mode 100755\n--- /dev/null\n+++ b/.git/hooks/post-checkout\n@@ -0,0 +1,2 @@\n+#!/bin/sh\n+echo pwned\n", ".git directory" },
        { "nested-git", "--- a/sub/.GIT/config\n+++ b/sub/.GIT/config\n@@ -0,0 +1 @@\n+[core]\n", ".git directory" },
        // -p0 keeps the leading '/' (with -p1, GNU patch and carry read it as a relative path).
        { "absolute", "--- /dev/null\n+++ /tmp/carry-absolute\n@@ -0,0 +1 @@\n+pwned\n", "absolute path" },
        {
            "symlink-then-write",
            "diff --git a/link b/link\nnew file mode 120000\n--- /dev/null\n+++ b/link\n@@ -0,0 +1 @@\n+/tmp\n\\ No newline at end of file\n" +
            "diff --git a/link/x b/link/x\nnew file mode 100644\n--- /dev/null\n+++ b/link/x\n@@ -0,0 +1 @@\n+pwned\n",
            "through the symbolic link 'link'"
        },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Is_refused_and_changes_nothing(string name, string patch, string reason)
    {
        using var repo = TempRepo.WithBase();
        repo.CarryOk("init", "--base", "base");
        var file = Path.Combine(repo.Dir, "..", $"{Path.GetFileName(repo.Dir)}-{name}.diff");
        File.WriteAllText(file, "Description: " + name + "\n\n" + patch);
        try
        {
            var before = Snapshot.Take(repo);
            var stackBefore = repo.Git("rev-parse", "refs/carry/main");
            var run = repo.CarryFails("import", "patch", file, "-p", name == "absolute" ? "0" : "1");
            Assert.Contains("does not apply", run.Err);
            Assert.Contains(reason, run.Err);
            Assert.Contains("nothing was changed", run.Err);
            Assert.Equal(before, Snapshot.Take(repo));
            Assert.Equal(stackBefore, repo.Git("rev-parse", "refs/carry/main"));
            Assert.False(File.Exists("/tmp/carry-absolute"));
            Assert.False(File.Exists(Path.Combine(repo.Dir, "..", "outside")));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_symlink_from_an_earlier_patch_cannot_be_written_through_either()
    {
        using var repo = TempRepo.WithBase();
        repo.CarryOk("init", "--base", "base");
        var dir = Path.Combine(Path.GetTempPath(), "carry-hostile-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            File.WriteAllText(Path.Combine(dir, "series"), "link.diff\nwrite.diff\n");
            File.WriteAllText(Path.Combine(dir, "link.diff"),
                "diff --git a/link b/link\nnew file mode 120000\n--- /dev/null\n+++ b/link\n@@ -0,0 +1 @@\n+/tmp\n\\ No newline at end of file\n");
            File.WriteAllText(Path.Combine(dir, "write.diff"), "--- a/link/x\n+++ b/link/x\n@@ -0,0 +1 @@\n+pwned\n");
            var before = Snapshot.Take(repo);
            var run = repo.CarryFails("import", "quilt", dir);
            Assert.Contains("patch 'write.diff' does not apply", run.Err);
            Assert.Contains("symbolic link 'link'", run.Err);
            Assert.Equal(before, Snapshot.Take(repo));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_series_naming_a_file_outside_its_folder_is_refused()
    {
        using var repo = TempRepo.WithBase();
        repo.CarryOk("init", "--base", "base");
        var dir = Path.Combine(Path.GetTempPath(), "carry-hostile-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            File.WriteAllText(Path.Combine(dir, "series"), "../../etc/passwd\n");
            var before = Snapshot.Take(repo);
            var run = repo.CarryFails("import", "quilt", dir);
            Assert.Contains("not a path inside the series folder", run.Err);
            Assert.Equal(before, Snapshot.Take(repo));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
