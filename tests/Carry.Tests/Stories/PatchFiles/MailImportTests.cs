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
}
