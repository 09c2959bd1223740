using Carry.Patches;
using Carry.Tests.Support;
using Xunit.Abstractions;

namespace Carry.Tests.Stories.PatchFiles;

/// <summary>
/// The real Debian series: import, export, compare with the original files byte for byte and
/// with the tree <c>quilt push -a</c> builds; then the cases a maintainer meets (an edited
/// patch, a patch that needs fuzz, mails).
/// </summary>
[Trait("Speed", "Slow")]
[Trait(CarryProcess.Trait, "story")]
public sealed class OpensshQuiltTests(OpensshRepos corpus) : IClassFixture<OpensshRepos>
{
    [SkippableTheory]
    [InlineData("9.2p1-2+deb12u9")]
    [InlineData("9.2p1-2+deb12u10")]
    public void Import_then_export_gives_the_same_files_and_quilts_tree(string revision)
    {
        RequireCorpusAndQuilt();
        using var repo = corpus.NewStack();
        var series = corpus.SeriesDir(revision);
        var run = repo.CarryOk("import", "quilt", series);
        Assert.Contains($"Imported {Corpus.ReadSeries(series).Count} patches", run.Out);
        Invariants.Check(repo);

        var exported = Path.Combine(repo.Dir, "..", Path.GetFileName(repo.Dir) + "-export");
        try
        {
            repo.CarryOk("export", "quilt", exported);
            Assert.Equal("", CorpusRepos.DiffSeriesFolders(series, exported));
        }
        finally
        {
            Directory.Delete(exported, recursive: true);
        }
        CorpusRepos.AssertQuiltTree(repo, corpus.BaseTag, "HEAD", series, fuzz: 0);
    }

    [SkippableFact]
    public void Editing_one_mid_series_patch_changes_only_that_file_on_export()
    {
        RequireCorpusAndQuilt();
        using var repo = corpus.NewStack();
        var series = corpus.SeriesDir("9.2p1-2+deb12u10");
        repo.CarryOk("import", "quilt", series);
        // debian-banner is 13th of 53; revert-ipqos-defaults, higher up, edits the same file.
        var text = repo.Read("servconf.c");
        Assert.Contains("options->debian_banner = 1;", text);
        repo.Write("servconf.c", text.Replace("options->debian_banner = 1;", "options->debian_banner = 1; /* show it */"));
        repo.CarryOk("refresh", "-p", "debian-banner");

        var exported = Path.Combine(Path.GetTempPath(), "carry-export-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var run = repo.CarryOk("export", "quilt", exported);
            Assert.Contains("(52 unchanged)", run.Out);
            Assert.Equal("differs debian-banner.patch", CorpusRepos.DiffSeriesFolders(series, exported));
            var patch = File.ReadAllText(Path.Combine(exported, "debian-banner.patch"));
            Assert.Contains("+\t\toptions->debian_banner = 1; /* show it */\n", patch);
            // Same style: the mail header kept up to its '---', git headers and index lines as
            // before; the old diffstat is dropped, since it no longer matches the diff.
            var header = File.ReadAllText(Path.Combine(series, "debian-banner.patch")).Split("diff --git")[0];
            Assert.StartsWith(header[..(header.IndexOf("\n---\n", StringComparison.Ordinal) + 5)], patch);
            Assert.Contains(" 7 files changed", header);
            Assert.DoesNotContain("files changed", patch.Split("diff --git")[0]);
            // And the regenerated file applies where the original did, giving the stack's tree.
            repo.CarryOk("goto", "debian-banner");
            Assert.Equal(repo.Git("rev-parse", "HEAD^{tree}"), ApplyOn(repo, "HEAD^", Path.Combine(exported, "debian-banner.patch")));
        }
        finally
        {
            Directory.Delete(exported, recursive: true);
        }
    }

    [SkippableFact]
    public void A_patch_needing_fuzz_is_refused_by_name_and_hunk_and_fuzz_makes_it_match_quilt()
    {
        RequireCorpusAndQuilt();
        using var repo = corpus.NewStack();
        var series = corpus.SeriesDir("9.2p1-2+deb12u9");
        // Upstream moves on: the first context line of ssh-argv0's first hunk changes.
        var patch = UnifiedDiffReader.Parse(File.ReadAllBytes(Path.Combine(series, "ssh-argv0.patch")));
        var diff = patch.Files[0];
        var path = diff.Path(1);
        var hunk = diff.Hunks[0];
        var firstContext = System.Text.Encoding.UTF8.GetString(hunk.Lines[0].Content.Span).TrimEnd('\n');
        var lines = File.ReadAllLines(Path.Combine(repo.Dir, path)).ToList();
        var at = Enumerable.Range(0, lines.Count).Where(i => lines[i] == firstContext)
            .OrderBy(i => Math.Abs(i - (hunk.OldStart - 1))).DefaultIfEmpty(-1).First();
        Assert.True(at >= 0, $"context line '{firstContext}' not found in {path}");
        lines[at] += " (edited upstream)";
        File.WriteAllText(Path.Combine(repo.Dir, path), string.Join('\n', lines) + "\n");
        repo.Git("commit", "-qam", "upstream edit");
        repo.Git("tag", "edited");
        repo.Git("update-ref", "-d", "refs/carry/work");
        repo.CarryOk("init", "--base", "edited");
        var before = Snapshot.Take(repo);

        var refused = repo.CarryFails("import", "quilt", series);
        Assert.Contains("patch 'ssh-argv0.patch' does not apply", refused.Err);
        Assert.Contains($"{path}: hunk 1:", refused.Err);
        Assert.Contains("--fuzz 1", refused.Err);
        Assert.Equal(before, Snapshot.Take(repo));

        var run = repo.CarryOk("import", "quilt", series, "--fuzz", "2");
        Assert.Contains("ssh-argv0: fuzz 1", run.Out);
        CorpusRepos.AssertQuiltTree(repo, "edited", "HEAD", series, fuzz: 2);
    }

    [SkippableFact]
    public void Mails_round_trip_through_export_and_import()
    {
        RequireCorpusAndQuilt();
        using var repo = corpus.NewStack();
        repo.CarryOk("import", "quilt", corpus.SeriesDir("9.2p1-2+deb12u9"));
        var mails = Path.Combine(Path.GetTempPath(), "carry-mbox-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            repo.CarryOk("export", "mbox", mails + "/", "--cover-letter");
            Assert.Equal(46, Directory.GetFiles(mails).Length);
            Assert.Contains("[PATCH 0/45]", File.ReadAllText(Path.Combine(mails, "0000-cover-letter.patch")));
            // openssh's patches are mails already: unchanged, each is its original file.
            Assert.Equal(File.ReadAllBytes(Path.Combine(corpus.SeriesDir("9.2p1-2+deb12u9"), "gssapi.patch")),
                File.ReadAllBytes(Path.Combine(mails, "0001-gssapi.patch")));

            using var other = corpus.NewStack();
            var run = other.CarryOk("import", "mbox", mails);
            Assert.Contains("Imported 45 patches", run.Out);
            Assert.Equal(repo.Git("rev-parse", "HEAD^{tree}"), other.Git("rev-parse", "HEAD^{tree}"));
            Assert.Equal(repo.Git("log", "--format=%an <%ae> %ad%n%B", corpus.BaseTag + "..HEAD"),
                other.Git("log", "--format=%an <%ae> %ad%n%B", corpus.BaseTag + "..HEAD"));
        }
        finally
        {
            Directory.Delete(mails, recursive: true);
        }
    }

    /// <summary>git apply of a patch file onto a commit's tree, in a throw-away index.</summary>
    private static string ApplyOn(TempRepo repo, string commit, string patchFile)
    {
        var index = Path.Combine(Path.GetTempPath(), "carry-apply-" + Guid.NewGuid().ToString("N"));
        try
        {
            var env = $"GIT_INDEX_FILE={index}";
            Sh(repo, $"{env} git read-tree {commit} && {env} git apply --cached '{patchFile}' && {env} git write-tree", out var tree);
            return tree.Trim();
        }
        finally
        {
            File.Delete(index);
        }
    }

    private static void Sh(TempRepo repo, string script, out string stdout) =>
        Assert.True(Corpus.Run("sh", ["-c", script], repo.Dir, out stdout), stdout);

    /// <summary>Skipped, with the reason, when the corpora or quilt are missing (CI has both and fails on a skip).</summary>
    private void RequireCorpusAndQuilt() =>
        Skip.If(corpus.Reason is not null || !Corpus.HasProgram("quilt"), corpus.Reason ?? "quilt is not installed");
}

/// <summary>glibc: three series of ~110 patches on 19k files, one with a binary stanza without data.</summary>
[Trait("Speed", "Slow")]
public sealed class GlibcQuiltTests(GlibcRepos corpus) : IClassFixture<GlibcRepos>
{
    private const string Binary = "timezone/testdata/XT6";

    [SkippableTheory]
    [InlineData("2.36-9+deb12u7")]
    [InlineData("2.36-9+deb12u10")]
    [InlineData("2.36-9+deb12u14")]
    public void Import_then_export_gives_the_same_files_and_quilts_tree(string revision)
    {
        Skip.If(corpus.Reason is not null || !Corpus.HasProgram("quilt"), $"{corpus.Reason ?? "quilt is not installed"}");
        var repo = corpus.SharedStack("work-" + revision.Replace('+', '-'));
        var series = corpus.SeriesDir(revision);
        var before = Snapshot.Take(repo);

        // By default the binary change without data stops the import, naming patch and file.
        var refused = repo.CarryFails("import", "quilt", series);
        Assert.Contains("patch 'git-updates.diff' does not apply", refused.Err);
        Assert.Contains(Binary, refused.Err);
        Assert.Contains("--binary-without-data skip", refused.Err);
        Assert.Equal(before, Snapshot.Take(repo));

        var run = repo.CarryOk("import", "quilt", series, "--binary-without-data", "skip");
        Assert.Contains($"git-updates: skipped {Binary}", run.Out);
        Assert.Contains($"Imported {Corpus.ReadSeries(series).Count} patches", run.Out);
        Assert.Equal("", repo.Git("status", "--porcelain"));

        var exported = Path.Combine(Path.GetTempPath(), "carry-export-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            repo.CarryOk("export", "quilt", exported);
            Assert.Equal("", CorpusRepos.DiffSeriesFolders(series, exported));
        }
        finally
        {
            Directory.Delete(exported, recursive: true);
        }
        // GNU patch writes an empty file for the binary stanza; Carry leaves it out and says so.
        CorpusRepos.AssertQuiltTree(repo, corpus.BaseTag, "HEAD", series, fuzz: 0, Binary);
    }
}
