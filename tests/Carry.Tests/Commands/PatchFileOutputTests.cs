using Carry.Tests.Support;

namespace Carry.Tests.Commands;

/// <summary>Whole-output snapshots of import and export: quilt series, patch files, mails, branches.</summary>
[Collection(FixedClockCollection.Name)]
public sealed class PatchFileOutputTests
{
    [Fact]
    public void Export_and_import()
    {
        using var source = TempRepo.WithStack(2);
        using var target = TempRepo.WithBase();
        using var files = new TempDir("files");
        var t = new Transcript().Name(source.Dir, "<source>").Name(target.Dir, "<target>").Name(files.Path, "<files>");
        t.Ok(source, "export", "quilt", Path.Combine(files.Path, "quilt"));
        t.Ok(source, "export", "mbox", Path.Combine(files.Path, "mails/"), "--cover-letter");
        t.Ok(source, "export", "mbox", Path.Combine(files.Path, "series.mbox"));
        File.WriteAllText(Path.Combine(files.Path, "readme.diff"),
            "--- a/README.md\n+++ b/README.md\n@@ -1 +1,2 @@\n Sample project\n+Imported from a plain diff.\n");

        t.Ok(target, "init", "--base", "base");
        t.Ok(target, "import", "quilt", Path.Combine(files.Path, "quilt"));
        t.Ok(target, "pop", "-a");
        t.Ok(target, "delete", "patch-number-1", "patch-number-2");
        t.Ok(target, "import", "mbox", Path.Combine(files.Path, "series.mbox"));
        t.Ok(target, "import", "patch", Path.Combine(files.Path, "readme.diff"));
        target.Git("switch", "-q", "-c", "feature", "base");
        target.AddPatchCommit(3);
        target.Git("switch", "-q", "main");
        t.Note("branch 'feature': base + one commit");
        t.Ok(target, "import", "branch", "base..feature");
        t.Ok(target, "series");
        t.Match("Export_and_import");
    }
}
