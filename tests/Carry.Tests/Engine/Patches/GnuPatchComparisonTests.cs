using System.Text.RegularExpressions;
using Carry.Model;
using Carry.Patches;
using Xunit.Abstractions;

using Carry.Tests.Support;

namespace Carry.Tests.Engine.Patches;

/// <summary>
/// Applies real Debian series with <see cref="PatchApplier"/> and with GNU patch, and requires
/// the same files and the same per-hunk placement (offset, fuzz, failure).
/// </summary>
[Trait("Speed", "Slow")]
public sealed partial class GnuPatchComparisonTests(ITestOutputHelper output)
{
    [SkippableTheory]
    [InlineData("openssh_9.2p1-2+deb12u10.debian.tar.xz")]
    [InlineData("openssh_9.2p1-2+deb12u9.debian.tar.xz")]
    public void Openssh_series_in_order_matches_GNU_patch(string revision) =>
        CompareSeries("openssh_9.2p1.orig.tar.gz", revision, "openssh-9.2p1");

    [SkippableTheory]
    [InlineData("glibc_2.36-9+deb12u7.debian.tar.xz")]
    [InlineData("glibc_2.36-9+deb12u14.debian.tar.xz")] // deb12u10 passes too; left out to keep the suite quick
    public void Glibc_series_in_order_matches_GNU_patch(string revision) =>
        CompareSeries("glibc_2.36.orig.tar.xz", revision, "glibc-2.36");

    /// <summary>
    /// Each file diff of each openssh patch, applied alone to pristine upstream: without the
    /// patches before it many hunks land at offsets, need fuzz, or fail, which is what this compares.
    /// </summary>
    [SkippableTheory]
    [InlineData(0)]
    [InlineData(2)]
    public void Openssh_patches_each_alone_on_upstream_place_hunks_like_GNU_patch(int fuzz)
    {
        if (!Prepare("openssh_9.2p1.orig.tar.gz", "openssh_9.2p1-2+deb12u10.debian.tar.xz", "openssh-9.2p1",
                out var upstream, out var patchesDir))
            return;
        var scratch = Directory.CreateTempSubdirectory("carry-gnu-").FullName;
        try
        {
            var tally = new Tally();
            var mismatches = new List<string>();
            var diffIndex = 0;
            foreach (var (name, strip) in Corpus.ReadSeries(patchesDir))
            {
                var patch = UnifiedDiffReader.Parse(File.ReadAllBytes(Path.Combine(patchesDir, name)), name);
                foreach (var diff in patch.Files)
                {
                    var target = diff.Path(strip);
                    var original = ReadOrNull(Path.Combine(upstream, target));
                    var ours = HunkApplier.Apply(diff, original, new ApplyOptions { Fuzz = fuzz, Strip = strip });
                    tally.Add(ours);

                    var work = Path.Combine(scratch, (diffIndex++).ToString());
                    Directory.CreateDirectory(Path.Combine(work, Path.GetDirectoryName(target)!));
                    if (original is not null)
                        File.WriteAllBytes(Path.Combine(work, target), original);
                    File.WriteAllBytes(Path.Combine(work, "_.patch"), diff.Raw.ToArray());
                    var gnuOk = Corpus.Run("patch", [$"-p{strip}", $"-F{fuzz}", "--no-backup-if-mismatch", "-f",
                        "--reject-file=-", "-i", "_.patch"], work, out var gnuText);
                    var where = $"{name} {target} (-F{fuzz})";
                    var gnu = ParseGnuHunks(gnuText);
                    CompareHunks(where, ours, gnu, mismatches);
                    if (gnuOk != ours.Succeeded)
                        mismatches.Add($"{where}: GNU patch {(gnuOk ? "succeeded" : "failed")}, Carry {ours.Status} {ours.Failure?.Message}\n{gnuText}");
                    else if (gnuOk && !ours.Deletes && !ReadOrNull(Path.Combine(work, target)).AsSpan().SequenceEqual(ours.Content))
                        mismatches.Add($"{where}: contents differ");
                    Directory.Delete(work, recursive: true);
                }
            }
            output.WriteLine($"-F{fuzz}: {tally}");
            Assert.True(mismatches.Count == 0, string.Join("\n", mismatches.Take(20)));
            Assert.True(tally.Offset > 0 && tally.Failed > 0, "the differential run should exercise offsets and failures");
            if (fuzz > 0)
                Assert.True(tally.Fuzz > 0, "the differential run with fuzz should exercise fuzz");
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private void CompareSeries(string upstreamArchive, string debianArchive, string topFolder)
    {
        Skip.If(!Corpus.HasProgram("patch"), "GNU patch is not installed");
        var deb = Corpus.TryGet(debianArchive, out var reason);
        Skip.If(deb is null, $"{reason}");
        var patchesDir = Path.Combine(deb, "debian", "patches");
        var series = Corpus.ReadSeries(patchesDir)
            .Select(p => (p.Name, p.Strip, Patch: UnifiedDiffReader.Parse(File.ReadAllBytes(Path.Combine(patchesDir, p.Name)), p.Name)))
            .ToList();
        // Both sides get only the upstream files the series names: all of glibc's 19k files would
        // just slow the test down, and a name missing for one is missing for both.
        var named = series.SelectMany(s => s.Patch.Files
            .SelectMany(f => new[] { f.OldPath, f.NewPath })
            .Select(n => n is not null && n.TryStrip(s.Strip, out var path, out _) ? path : null)
            .OfType<string>());
        var scratch = Directory.CreateTempSubdirectory("carry-gnu-").FullName;
        try
        {
            Skip.If(!Corpus.ExtractMembers(upstreamArchive, topFolder, named, scratch, out reason), $"{reason}");
            var upstream = Path.Combine(scratch, topFolder);
            var gnuTree = Path.Combine(scratch, "gnu");
            foreach (var file in Directory.GetFiles(upstream, "*", SearchOption.AllDirectories))
            {
                var copy = Path.Combine(gnuTree, Path.GetRelativePath(upstream, file));
                Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
                File.Copy(file, copy);
            }
            Directory.CreateDirectory(gnuTree);
            var state = new Dictionary<string, byte[]?>(StringComparer.Ordinal);
            var source = new LayeredSource(state, upstream);
            var touched = new SortedSet<string>(StringComparer.Ordinal);
            var tally = new Tally();
            var mismatches = new List<string>();
            // A "Binary files … differ" stanza has no data: Carry skips and reports it, GNU patch writes an empty file.
            var options = new ApplyOptions { BinaryWithoutData = BinaryWithoutDataPolicy.Skip };
            var skipped = new List<string>();
            var byPatch = new Dictionary<ApplyStatus, int>();
            var applyTime = new System.Diagnostics.Stopwatch();
            foreach (var (name, strip, patch) in series)
            {
                applyTime.Start();
                var result = PatchApplier.Apply(patch, source, options with { Strip = strip });
                applyTime.Stop();
                var worst = result.Files.Select(f => f.Result.Status).Where(s => s != ApplyStatus.Skipped).DefaultIfEmpty().Max();
                byPatch[worst] = byPatch.GetValueOrDefault(worst) + 1;
                Assert.True(result.Succeeded, $"{name}: " + string.Join("; ", result.Files.Where(f => !f.Result.Succeeded)
                    .Select(f => $"{f.Path}: {f.Result.Failure?.Message}")));
                foreach (var change in result.Changes)
                {
                    state[change.Path] = change.Content;
                    touched.Add(change.Path);
                }
                foreach (var file in result.Files)
                {
                    tally.Add(file.Result);
                    if (file.Result.Status == ApplyStatus.Skipped)
                        skipped.Add(file.Path!);
                }

                var gnuOk = Corpus.Run("patch", [$"-p{strip}", "-F0", "--no-backup-if-mismatch", "-f", "--reject-file=-",
                    "-i", Path.Combine(patchesDir, name)], gnuTree, out var gnuText);
                Assert.True(gnuOk, $"GNU patch failed on {name}:\n{gnuText}");
                foreach (Match m in GnuFileLine().Matches(gnuText))
                    touched.Add(m.Groups[1].Value);
                var sections = GnuFileLine().Split(gnuText).Where((_, i) => i % 2 == 0).Skip(1).ToList();
                for (var k = 0; k < Math.Min(sections.Count, result.Files.Count); k++)
                    CompareHunks($"{name} {result.Files[k].Path}", result.Files[k].Result, ParseGnuHunks(sections[k]), mismatches);
                if (sections.Count != result.Files.Count)
                    mismatches.Add($"{name}: GNU patch reported {sections.Count} files, Carry {result.Files.Count}");
            }

            foreach (var path in touched)
            {
                var ours = source.Read(path);
                var gnu = ReadOrNull(Path.Combine(gnuTree, path));
                if (skipped.Contains(path))
                {
                    // GNU patch made up an empty file; Carry left it alone and said so.
                    Assert.Null(ours);
                    Assert.Equal(0, gnu?.Length);
                    continue;
                }
                if (ours is null != gnu is null || (ours is not null && !ours.AsSpan().SequenceEqual(gnu)))
                    mismatches.Add($"{path}: final contents differ (Carry {ours?.Length.ToString() ?? "absent"}, GNU {gnu?.Length.ToString() ?? "absent"})");
            }
            output.WriteLine($"{debianArchive}: patches {string.Join(", ", byPatch.OrderBy(p => p.Key).Select(p => $"{p.Value} {p.Key}"))}; " +
                $"{tally}; {touched.Count} paths compared; skipped without data: {string.Join(", ", skipped)}; " +
                $"Carry apply time (reading files from disk) {applyTime.ElapsedMilliseconds} ms");
            Assert.True(mismatches.Count == 0, string.Join("\n", mismatches.Take(20)));
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private bool Prepare(string upstreamArchive, string debianArchive, string topFolder, out string upstream, out string patchesDir)
    {
        upstream = patchesDir = "";
        Skip.If(!Corpus.HasProgram("patch"), "GNU patch is not installed");
        var up = Corpus.TryGet(upstreamArchive, out var reason);
        var deb = up is null ? null : Corpus.TryGet(debianArchive, out reason);
        Skip.If(up is null || deb is null, reason);
        upstream = Path.Combine(up, topFolder);
        patchesDir = Path.Combine(deb, "debian", "patches");
        return true;
    }

    private static void CompareHunks(string where, FileApplyResult ours, List<(int Index, bool Ok, int Offset, int Fuzz)> gnu,
        List<string> mismatches)
    {
        foreach (var h in ours.Hunks)
        {
            var g = gnu.FirstOrDefault(x => x.Index == h.Index);
            // GNU patch only mentions hunks that moved, needed fuzz or failed.
            var (ok, offset, fuzz) = g.Index == 0 ? (true, 0, 0) : (g.Ok, g.Offset, g.Fuzz);
            if (ok != h.Applied || (ok && (offset != h.Offset || fuzz != h.Fuzz)))
                mismatches.Add($"{where} hunk #{h.Index}: GNU {(ok ? $"offset {offset} fuzz {fuzz}" : "FAILED")}, " +
                    $"Carry {(h.Applied ? $"offset {h.Offset} fuzz {h.Fuzz}" : "FAILED")}");
        }
    }

    private static List<(int, bool, int, int)> ParseGnuHunks(string text) =>
        GnuHunkLine().Matches(text).Select(m => (
            int.Parse(m.Groups[1].Value),
            m.Groups[2].Value == "succeeded",
            m.Groups[4].Success ? int.Parse(m.Groups[4].Value) : 0,
            m.Groups[3].Success ? int.Parse(m.Groups[3].Value) : 0)).ToList();

    private static byte[]? ReadOrNull(string path) => File.Exists(path) ? File.ReadAllBytes(path) : null;

    [GeneratedRegex(@"^Hunk #(\d+) (succeeded|FAILED|ignored) at \d+(?: with fuzz (\d+))?(?: \(offset (-?\d+) lines?\))?", RegexOptions.Multiline)]
    private static partial Regex GnuHunkLine();

    [GeneratedRegex(@"^patching file (\S+).*$", RegexOptions.Multiline)]
    private static partial Regex GnuFileLine();

    /// <summary>Files changed so far over a pristine upstream folder.</summary>
    private sealed class LayeredSource(Dictionary<string, byte[]?> state, string root) : IFileSource
    {
        public byte[]? Read(string path) => state.TryGetValue(path, out var content) ? content : ReadOrNull(Path.Combine(root, path));
    }

    private sealed class Tally
    {
        public int Clean, Offset, Fuzz, Skipped, Failed, OffsetHunks, FuzzHunks;

        public void Add(FileApplyResult result)
        {
            switch (result.Status)
            {
                case ApplyStatus.Clean: Clean++; break;
                case ApplyStatus.Offset: Offset++; break;
                case ApplyStatus.Fuzz: Fuzz++; break;
                case ApplyStatus.Skipped: Skipped++; break;
                default: Failed++; break;
            }
            OffsetHunks += result.Hunks.Count(h => h.Applied && h.Offset != 0);
            FuzzHunks += result.Hunks.Count(h => h.Applied && h.Fuzz != 0);
        }

        public override string ToString() =>
            $"file diffs: {Clean} clean, {Offset} offset, {Fuzz} fuzz, {Skipped} skipped, {Failed} failed; " +
            $"hunks with offset {OffsetHunks}, with fuzz {FuzzHunks}";
    }
}
