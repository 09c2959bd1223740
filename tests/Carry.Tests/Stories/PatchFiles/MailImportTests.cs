using Carry.Tests.Support;

namespace Carry.Tests.Stories.PatchFiles;

/// <summary>Mails imported as git am users expect: one patch per mail, cover letters left out, whatever the command.</summary>
public sealed class MailImportTests
{
    [Fact]
    public void An_mbox_exported_with_its_cover_letter_imports_without_it()
    {
        using var source = TempRepo.WithStack(2);
        using var dir = new TempDir("mbox");
        var mbox = Path.Combine(dir.Path, "series.mbox");
        source.CarryOk("export", "mbox", mbox, "--cover-letter");
        Assert.Contains("[PATCH 0/2]", File.ReadAllText(mbox));

        using var repo = TempRepo.WithStack(0);
        var run = repo.CarryOk("import", "mbox", mbox);
        Assert.Contains("Imported 2 patches", run.Out);
        Assert.Equal("Patch number 2\nPatch number 1", repo.Git("log", "--format=%s", "base.."));
        Invariants.Check(repo);
    }

    [Fact]
    public void Import_patch_of_format_patch_stdout_makes_a_patch_per_mail_and_of_a_plain_diff_one()
    {
        using var source = TempRepo.WithBase(0);
        source.AddPatchCommit(1);
        source.Write("file-2.txt", "two\n");
        source.Git("add", "-A");
        source.Git("commit", "-q", "--author=Ann Other <ann@example.org>", "-m", "Second change", "-m", "Important body.");
        using var dir = new TempDir("stdout");
        var file = Path.Combine(dir.Path, "two.mbox");
        File.WriteAllText(file, source.Git("format-patch", "--stdout", "base") + "\n");

        using var repo = TempRepo.WithStack(0);
        var run = repo.CarryOk("import", "patch", file);
        Assert.Contains("Imported 2 patches", run.Out);
        Assert.Equal($"Second change|Ann Other\nPatch number 1|{source.Git("log", "-1", "--format=%an", "HEAD^")}", repo.Git("log", "--format=%s|%an", "base.."));
        Assert.Equal("Important body.", repo.Git("log", "-1", "--format=%b"));
        Assert.Equal(source.Git("rev-parse", "HEAD^{tree}"), repo.Git("rev-parse", "HEAD^{tree}"));
        Invariants.Check(repo);

        // One plain diff stays one patch, named after its file.
        var plain = Path.Combine(dir.Path, "fix.diff");
        File.WriteAllText(plain, "Fix the second line\n\n--- a/shared.txt\n+++ b/shared.txt\n@@ -1,3 +1,3 @@\n line 1\n-line 2\n+line two\n line 3\n");
        Assert.Contains("Imported 1 patch\n", repo.CarryOk("import", "patch", plain).Out);
        Assert.Contains("fix", repo.CarryOk("series").Out);
        Assert.Equal("Fix the second line", repo.Git("log", "-1", "--format=%s"));
    }

    [Fact]
    public void Import_mbox_takes_the_binary_without_data_option_its_hint_names()
    {
        using var repo = TempRepo.WithStack(0);
        using var dir = new TempDir("binary");
        var file = Path.Combine(dir.Path, "bin.mbox");
        File.WriteAllText(file, "From: A U Thor <a@example.org>\nSubject: [PATCH] Add data\n\n---\n"
            + "diff --git a/t.txt b/t.txt\nnew file mode 100644\n--- /dev/null\n+++ b/t.txt\n@@ -0,0 +1 @@\n+text\n"
            + "diff --git a/bin.dat b/bin.dat\nnew file mode 100644\nindex 0000000..1234567\nBinary files /dev/null and b/bin.dat differ\n");
        var refused = repo.CarryFails("import", "mbox", file);
        Assert.Contains("'--binary-without-data skip'", refused.Err);

        var run = repo.CarryOk("import", "mbox", "--binary-without-data", "skip", file);
        Assert.Contains("skipped bin.dat", run.Out);
        Assert.Equal("text", repo.Git("show", "HEAD:t.txt"));
        Invariants.Check(repo);
    }
}
