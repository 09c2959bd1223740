using System.Text;
using Carry.Formats.Quilt;
using Carry.Git;
using Carry.Model;
using Carry.Storage;
using Carry.Tests.Support;

namespace Carry.Tests.Stories.PatchFiles;

/// <summary>Import metadata in storage, series rebuilding, and the stack commands keeping what import saw.</summary>
public sealed class FormatsTests
{
    [Fact]
    public void Import_attributes_and_the_series_survive_the_stack_file()
    {
        var commit = new Oid("1111111111111111111111111111111111111111");
        var source = new PatchSource("quilt", "any/local foo%.diff", new Oid("2222222222222222222222222222222222222222"), 0, true, "0123456789abcdef", "fedcba9876543210");
        var state = new StackState("main", "refs/tags/base", commit, [new Patch("any-local-foo", "0011223344556677", commit, source)], [],
            new Oid("3333333333333333333333333333333333333333"));
        var text = StackFile.Format(state);
        Assert.Contains("file=any/local%20foo%25.diff", text);
        var back = StackFile.Parse(text);
        Assert.Equal(state.Applied[0], back.Applied[0]);
        Assert.Equal(state.Series, back.Series);
        Assert.Throws<FormatException>(() => StackFile.Parse(text.Replace("strip=0", "stripe=0")));
        Assert.Throws<FormatException>(() => StackFile.Parse(text.Replace(" change=0123456789abcdef", "")));
    }

    [Fact]
    public void The_series_file_comes_back_identical_and_keeps_comments_through_changes()
    {
        var raw = Encoding.UTF8.GetBytes("# top comment\na.diff\n\n# about b\nsub/b.diff -p0 # keep\nc.diff -R\n# trailer\n");
        var series = QuiltSeries.Parse(raw);
        Assert.Equal([("a.diff", 1, false), ("sub/b.diff", 0, false), ("c.diff", 1, true)], series.Entries.Select(e => (e.File, e.Strip, e.Reverse)));
        var same = series.Entries.Select(e => (e.File, e.Strip, e.Reverse, (string?)e.File)).ToList();
        Assert.Equal(raw, series.Rebuild(same));

        // b renamed, a deleted, c moved first, a new patch at the end.
        var changed = series.Rebuild([("c.diff", 1, true, "c.diff"), ("sub/bee.diff", 0, false, "sub/b.diff"), ("new.patch", 1, false, null)]);
        Assert.Equal("c.diff -R\n# top comment\n\n# about b\nsub/bee.diff -p0 # keep\nnew.patch\n# trailer\n", Encoding.UTF8.GetString(changed));
        Assert.Throws<FormatException>(() => QuiltSeries.Parse("x.diff --fuzz=3\n"u8.ToArray()));
    }

    [Fact]
    public void The_fuzz_hint_is_given_only_when_more_fuzz_could_help()
    {
        using var repo = TempRepo.WithStack(0);
        using var dir = new TempDir("fuzz");
        // No context lines at all: fuzz has nothing to ignore, so no amount of it helps.
        var bare = Path.Combine(dir.Path, "bare.patch");
        File.WriteAllText(bare, "--- a/README.md\n+++ b/README.md\n@@ -1 +1 @@\n-Not the project\n+New title\n");
        var refused = repo.CarryFails("import", "patch", bare);
        Assert.DoesNotContain("--fuzz", refused.Err);
        Assert.Contains("fix the patch so that it applies", refused.Err);

        // One context line on each side, one of them wrong: fuzz 1 can ignore it, fuzz 2 no more than that.
        var anchored = Path.Combine(dir.Path, "anchored.patch");
        File.WriteAllText(anchored, "--- a/shared.txt\n+++ b/shared.txt\n@@ -1,3 +1,3 @@\n line one\n-line 2\n+line two\n line 3\n");
        Assert.Contains("'--fuzz 1'", repo.CarryFails("import", "patch", anchored).Err);
        Assert.DoesNotContain("--fuzz", repo.CarryFails("import", "patch", "--fuzz", "1", bare).Err);
    }

    [Fact]
    public void Export_counts_one_patch_in_the_singular()
    {
        using var repo = TempRepo.WithStack(1);
        using var dir = new TempDir("one");
        Assert.Contains("Exported 1 patch to ", repo.CarryOk("export", "mbox", Path.Combine(dir.Path, "one.mbox")).Out);
        Assert.Contains("Exported 1 patch to ", repo.CarryOk("export", "quilt", Path.Combine(dir.Path, "q")).Out);
    }

    [Fact]
    public void Rename_edit_and_new_patches_export_as_expected()
    {
        using var repo = TempRepo.WithBase();
        repo.CarryOk("init", "--base", "base");
        var dir = Temp();
        var outDir = Temp();
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "sub"));
            File.WriteAllText(Path.Combine(dir, "series"), "# series\nsub/one.diff\ntwo.patch\n");
            File.WriteAllText(Path.Combine(dir, "sub", "one.diff"), "Description: First change\nAuthor: Jo Doe <jo@example.org>\nLast-Update: 2020-02-03\n\n--- a/shared.txt\n+++ b/shared.txt\n@@ -1,3 +1,3 @@\n line 1\n-line 2\n+line two\n line 3\n");
            File.WriteAllText(Path.Combine(dir, "two.patch"), "From: Max <max@example.org>\nDate: Sun, 9 Feb 2014 16:09:48 +0100\nSubject: [PATCH] Second change\n\nBody text.\n---\n f | 1 +\n\ndiff --git a/f b/f\nnew file mode 100644\nindex 0000000..e69de29\n--- /dev/null\n+++ b/f\n@@ -0,0 +1 @@\n+f\n");
            var run = repo.CarryOk("import", "quilt", dir);
            Assert.Contains("Imported 2 patches", run.Out);
            Invariants.Check(repo);
            Assert.Equal("Jo Doe <jo@example.org> 2020-02-03", repo.Git("log", "-1", "--format=%an <%ae> %ad", "--date=short", "HEAD^"));
            Assert.Equal("Max <max@example.org> 1391958588 +0100|Second change|Body text.", repo.Git("log", "-1", "--format=%an <%ae> %ad|%s|%b", "--date=raw").Trim());

            repo.CarryOk("rename", "sub-one", "first");
            repo.CarryOk("edit", "two", "-m", "Second change, reworded\n\nNew body.");
            repo.CarryOk("new", "third", "-m", "Third");
            repo.Write("third.txt", "3\n");
            repo.Git("add", "third.txt");
            repo.CarryOk("refresh");
            var export = repo.CarryOk("export", "quilt", outDir);
            Assert.Contains("two: regenerated", export.Out);
            Assert.Contains("third: new", export.Out);
            Assert.Equal("# series\nsub/first.diff\ntwo.patch\nthird.patch\n", File.ReadAllText(Path.Combine(outDir, "series")));
            Assert.Equal(File.ReadAllText(Path.Combine(dir, "sub", "one.diff")), File.ReadAllText(Path.Combine(outDir, "sub", "first.diff")));
            var two = File.ReadAllText(Path.Combine(outDir, "two.patch"));
            Assert.Contains("Subject: [PATCH] Second change, reworded\n\nNew body.\n---\n", two);
            Assert.Contains("diff --git a/f b/f\nnew file mode 100644\nindex 0000000..", two);
            Assert.Contains("Subject: [PATCH] Third", File.ReadAllText(Path.Combine(outDir, "third.patch")));

            // Undo keeps the series record too: the stack file before and after match.
            repo.CarryOk("undo");
            repo.CarryOk("redo");
            Assert.Contains("series ", repo.Git("show", "refs/carry/main:stack"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
            if (Directory.Exists(outDir)) Directory.Delete(outDir, recursive: true);
        }
    }

    [Fact]
    public void A_plain_patch_that_no_longer_fits_merges_3_way_from_its_index_blob_when_asked()
    {
        using var repo = TempRepo.WithBase();
        var preimage = repo.Git("rev-parse", "HEAD:shared.txt");
        // Upstream moved on: line 1 (the first context line) changed after the patch was made.
        repo.Write("shared.txt", TempRepo.SharedText(new Dictionary<int, string> { [1] = "line 1 upstream" }));
        repo.Commit("upstream edit");
        repo.Git("tag", "moved");
        repo.CarryOk("init", "--base", "moved");
        var file = Path.Combine(Path.GetTempPath(), "carry-3way-" + Guid.NewGuid().ToString("N")[..8] + ".diff");
        File.WriteAllText(file, $"diff --git a/shared.txt b/shared.txt\nindex {preimage[..10]}..1234567890 100644\n--- a/shared.txt\n+++ b/shared.txt\n@@ -1,7 +1,7 @@\n line 1\n line 2\n line 3\n-line 4\n+line four\n line 5\n line 6\n line 7\n");
        try
        {
            var before = Snapshot.Take(repo);
            var refused = repo.CarryFails("import", "patch", file);
            Assert.Contains("does not match", refused.Err);
            Assert.Equal(before, Snapshot.Take(repo));

            var run = repo.CarryOk("import", "patch", file, "--3way");
            Assert.Contains("3-way", run.Out);
            Assert.Contains($"blob {preimage}", run.Out); // the pre-image it merged from
            Assert.StartsWith("line 1 upstream\nline 2\nline 3\nline four\n", repo.Read("shared.txt"));
            Invariants.Check(repo);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_branch_range_becomes_patches_with_authors_and_messages()
    {
        using var repo = TempRepo.WithBase();
        repo.Git("checkout", "-q", "-b", "feature");
        repo.AddPatchCommit(1);
        repo.AddPatchCommit(2);
        repo.Git("checkout", "-q", "main");
        repo.CarryOk("init", "--base", "base");
        var run = repo.CarryOk("import", "branch", "base..feature");
        Assert.Contains("Imported 2 patches", run.Out);
        Assert.Equal(repo.Git("rev-parse", "feature^{tree}"), repo.Git("rev-parse", "HEAD^{tree}"));
        Assert.Equal(repo.Git("log", "--format=%an %at %B", "base..feature"), repo.Git("log", "--format=%an %at %B", "base..HEAD"));
        Assert.Contains("patch-number-2", repo.CarryOk("series").Out);
        Invariants.Check(repo);
    }

    [Theory]
    [InlineData("")]
    [InlineData("MIME-Version: 1.0\nContent-Type: text/plain; charset=ISO-8859-1\nContent-Transfer-Encoding: 8bit\n")]
    public void A_latin1_mail_keeps_its_accents_as_git_am_keeps_them(string mime)
    {
        // 8-bit From:/Subject: (no RFC 2047 word) and body in Latin-1: git am reads bytes that are not UTF-8 as Latin-1.
        var mail = Temp() + ".mbox";
        File.WriteAllBytes(mail, Encoding.Latin1.GetBytes("From 1234567890abcdef Mon Sep 17 00:00:00 2001\nFrom: J\u00f6rg <j@example.com>\n"
            + "Subject: [PATCH] caf\u00e9 fix\n" + mime + "\nbody \u00e9\n---\n--- /dev/null\n+++ b/latin.txt\n@@ -0,0 +1 @@\n+latin\n"));
        try
        {
            using var repo = TempRepo.WithStack(0);
            repo.CarryOk("import", "mbox", mail);
            using var am = TempRepo.WithBase();
            am.Git("am", "-q", mail);
            const string Format = "--format=%an|%s|%b";
            Assert.Equal("J\u00f6rg|caf\u00e9 fix|body \u00e9", am.Git("log", "-1", Format));
            Assert.Equal(am.Git("log", "-1", Format), repo.Git("log", "-1", Format));
            Invariants.Check(repo);
        }
        finally
        {
            File.Delete(mail);
        }
    }

    private static string Temp() => Path.Combine(Path.GetTempPath(), "carry-fmt-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public void An_empty_patch_is_exported_as_a_mail_like_the_others()
    {
        // git format-patch leaves empty commits out unless asked (--always); the export used to
        // look for the missing mail and crash.
        using var repo = TempRepo.WithStack(1);
        repo.CarryOk("new", "nothing-yet", "-m", "Nothing yet");
        var file = Path.Combine(Path.GetTempPath(), "carry-empty-" + Guid.NewGuid().ToString("N")[..8] + ".mbox");
        try
        {
            repo.CarryOk("export", "mbox", file);
            var text = File.ReadAllText(file);
            Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(text, "^From [0-9a-f]{40} ", System.Text.RegularExpressions.RegexOptions.Multiline).Count);
            Assert.Contains("Nothing yet", text);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
