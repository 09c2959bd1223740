using System.Diagnostics;
using Carry.Patches;
using Xunit.Abstractions;

using Carry.Tests.Support;

namespace Carry.Tests.Engine.Patches;

[Trait("Speed", "Slow")]
public sealed class CorpusParseTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void Every_patch_of_every_Debian_revision_parses()
    {
        var dir = Corpus.DebianCorpora(out var reason);
        Skip.If(dir is null, $"{reason}");
        var failures = new List<string>();
        var count = 0;
        var diffs = 0;
        var hunks = 0;
        var parseTime = TimeSpan.Zero;
        foreach (var archive in Corpus.AllDebianArchives(dir))
        {
            var root = Corpus.TryGet(archive, out reason);
            Skip.If(root is null, $"{reason}");
            var patchesDir = Path.Combine(root, "debian", "patches");
            // Every patch file, including those only other series files (hurd, kfreebsd) list.
            var names = Directory.GetFiles(patchesDir, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(patchesDir, f))
                .Where(f => !f.StartsWith("series", StringComparison.Ordinal) && f != "README")
                .Order(StringComparer.Ordinal)
                .ToList();
            var watch = new Stopwatch();
            foreach (var name in names)
            {
                var bytes = File.ReadAllBytes(Path.Combine(patchesDir, name));
                watch.Start();
                try
                {
                    var patch = UnifiedDiffReader.Parse(bytes, name);
                    count++;
                    diffs += patch.Files.Count;
                    hunks += patch.Files.Sum(f => f.Hunks.Count);
                    Assert.NotEmpty(patch.Files);
                    AssertReassembles(bytes, patch);
                }
                catch (PatchFormatException e)
                {
                    failures.Add($"{archive}: {e.Message}");
                }
                watch.Stop();
            }
            output.WriteLine($"{archive}: {names.Count} patches parsed in {watch.Elapsed.TotalMilliseconds:F0} ms");
            parseTime += watch.Elapsed;
        }
        output.WriteLine($"{count} patches, {diffs} file diffs, {hunks} hunks; total parse time {parseTime.TotalMilliseconds:F0} ms");
        Assert.Empty(failures);
    }

    [SkippableFact]
    public void Parsing_glibc_s_largest_series_takes_milliseconds()
    {
        var root = Corpus.TryGet("glibc_2.36-9+deb12u14.debian.tar.xz", out var reason);
        Skip.If(root is null, $"{reason}");
        var patchesDir = Path.Combine(root, "debian", "patches");
        var files = Corpus.ReadSeries(patchesDir).Select(p => File.ReadAllBytes(Path.Combine(patchesDir, p.Name))).ToList();
        var best = TimeSpan.MaxValue;
        for (var round = 0; round < 5; round++)
        {
            var watch = Stopwatch.StartNew();
            foreach (var bytes in files)
                UnifiedDiffReader.Parse(bytes);
            best = watch.Elapsed < best ? watch.Elapsed : best;
        }
        output.WriteLine($"{files.Count} patches ({files.Sum(f => f.Length) / 1024} KiB): best of 5 warm runs {best.TotalMilliseconds:F1} ms");
        // A generous bound: only a pathological slowdown (quadratic scanning, regex per line) trips it.
        Assert.True(best < TimeSpan.FromSeconds(1), $"parsing took {best.TotalMilliseconds} ms");
    }

    [SkippableFact]
    public void Glibc_git_updates_keeps_the_binary_stanza_without_data()
    {
        var root = Corpus.TryGet("glibc_2.36-9+deb12u7.debian.tar.xz", out var reason);
        Skip.If(root is null, $"{reason}");
        var patch = UnifiedDiffReader.Parse(File.ReadAllBytes(Path.Combine(root, "debian", "patches", "git-updates.diff")));
        var xt6 = Assert.Single(patch.Files, f => f.IsBinary);
        Assert.Equal("timezone/testdata/XT6", xt6.Path(1));
        Assert.Equal(FileChangeKind.Added, xt6.Kind);
        Assert.False(xt6.Binary!.HasData);
        Assert.Equal("07b393bb7d", xt6.NewIndex);
    }

    /// <summary>Header, preambles, diffs and trailer are slices that put the file back together.</summary>
    internal static void AssertReassembles(byte[] bytes, PatchFile patch)
    {
        var joined = new List<byte>(bytes.Length);
        joined.AddRange(patch.Header.Raw.Span);
        foreach (var file in patch.Files)
        {
            joined.AddRange(file.Preamble.Span);
            joined.AddRange(file.Raw.Span);
        }
        joined.AddRange(patch.Trailer.Span);
        Assert.Equal(bytes, joined.ToArray());
    }
}
