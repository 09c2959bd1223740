using System.Diagnostics;
using Carry.Patches;
using CsCheck;
using Xunit.Abstractions;
using static Carry.Tests.Engine.Patches.PatchText;

using Carry.Tests.Support;

namespace Carry.Tests.Engine.Patches;

/// <summary>
/// Smoke test: mutated real patches and random bytes never make the reader throw anything but
/// <see cref="PatchFormatException"/>, and what it accepts never makes the appliers throw.
/// Set CARRY_FUZZ_ITER to run longer, or CARRY_FUZZ_SECONDS for a timed run (the documented
/// long run: <c>CARRY_FUZZ_SECONDS=600 dotnet test --filter ParserFuzzTests</c>, see docs/formats.md).
/// </summary>
[Trait("Speed", "Slow")]
public sealed class ParserFuzzTests(ITestOutputHelper output)
{
    private static readonly long Iterations =
        long.TryParse(Environment.GetEnvironmentVariable("CARRY_FUZZ_ITER"), out var n) ? n : 10000;

    private static readonly int Seconds =
        int.TryParse(Environment.GetEnvironmentVariable("CARRY_FUZZ_SECONDS"), out var s) ? s : 0;

    private static long _tried;

    private static readonly string[] InterestingLines =
    [
        "@@ -1,2 +1,2 @@", "@@ -0,0 +1 @@", "@@ -1 +0,0 @@", "@@ -99999999999 +1 @@", "@@ -3,1000000 +3,2 @@",
        "@@@ -1 -1 +1 @@@", "diff --git a/x b/x", "diff --git \"a/\\1 b/x", "diff --git a/x y", "--- a/x", "+++ b/x",
        "--- /dev/null", "+++ /dev/null", "--- \"a/q\\303\"", "GIT binary patch", "literal 2000000000", "literal 0",
        "delta 5", "zcmV?d00001", "\\ No newline at end of file", "Binary files a/x and b/x differ",
        "Binary files  and  differ", "rename from x", "rename to ", "copy to \"", "copy from a", "index zz..yy 1x",
        "index 0000000..e69de29", "new file mode 0", "deleted file mode 100644", "old mode 99", "similarity index 1000%",
        "", " ", "-", "+", "***************", "*** a/x", "Only in a: b", "Index: x", "====", "---", "From: =?UTF-8?q?=C3?=",
        "Subject: =?utf-8?b?////?=", "Description: x", " .",
    ];

    private static readonly byte[] Interesting = "\n \t\r-+@\\\",0123456789/.aAz"u8.ToArray();

    [Fact]
    public void Mutated_patches_and_random_bytes_only_ever_raise_PatchFormatException()
    {
        var seeds = Seeds();
        var watch = Stopwatch.StartNew();
        var mutated = Gen.Select(Gen.Int[0, seeds.Count - 1], Gen.Int[1, 6], Gen.Int)
            .Select((seed, count, rng) => Mutate(seeds[seed], count, new Random(rng)));
        var structured = Gen.Int[0, InterestingLines.Length - 1].Array[0, 30]
            .Select(ix => Utf8(string.Join("\n", ix.Select(i => InterestingLines[i]))));
        _tried = 0;
        if (Seconds > 0)
        {
            // A timed run: most of the time on mutated real patches, where the bugs hide.
            mutated.Sample(Exercise, time: Math.Max(1, Seconds * 7 / 10), print: Describe);
            structured.Sample(Exercise, time: Math.Max(1, Seconds * 2 / 10), print: Describe);
            Gen.Byte.Array[0, 400].Sample(Exercise, time: Math.Max(1, Seconds / 10), print: Describe);
        }
        else
        {
            mutated.Sample(Exercise, iter: Iterations, print: Describe);
            structured.Sample(Exercise, iter: Iterations / 2, print: Describe);
            Gen.Byte.Array[0, 400].Sample(Exercise, iter: Iterations / 3, print: Describe);
        }
        var line = $"{seeds.Count} seed patches, {Interlocked.Read(ref _tried)} inputs in {watch.ElapsedMilliseconds} ms, no crash";
        output.WriteLine(line);
        if (Environment.GetEnvironmentVariable("CARRY_FUZZ_LOG") is { } log) File.AppendAllText(log, $"{DateTime.UtcNow:u} {line}\n");
    }

    private static string Describe(byte[] bytes) => Convert.ToBase64String(bytes);

    private static void Exercise(byte[] bytes)
    {
        Interlocked.Increment(ref _tried);
        PatchFile patch;
        try
        {
            patch = UnifiedDiffReader.Parse(bytes, "fuzz.patch");
        }
        catch (PatchFormatException e)
        {
            Assert.True(e.Line >= 1 && e.Line <= bytes.Count(b => b == (byte)'\n') + 1, $"line {e.Line} out of range");
            return;
        }
        _ = (patch.Header.Subject, patch.Header.Author, patch.Header.Description);
        CorpusParseTests.AssertReassembles(bytes, patch);

        // Whatever the reader accepts, the appliers must handle without throwing.
        var original = Utf8("a\nb\nc\n");
        var files = new Dictionary<string, byte[]>();
        foreach (var diff in patch.Files)
        {
            foreach (var options in new[] { ApplyOptions.Default, new ApplyOptions { Fuzz = 3, Reverse = true } })
            {
                HunkApplier.Apply(diff, original, options);
                HunkApplier.Apply(diff, null, options);
            }
            if (diff.NewPath?.TryStrip(1, out var path, out _) == true)
                files[path] = original;
        }
        PatchApplier.Apply(patch, new DictionaryFileSource(files), new ApplyOptions { Fuzz = 2 });
        PatchApplier.Apply(patch, new DictionaryFileSource(files), new ApplyOptions { Strip = 0, Reverse = true });
    }

    private static byte[] Mutate(byte[] seed, int count, Random random)
    {
        var bytes = new List<byte>(seed);
        for (var k = 0; k < count; k++)
        {
            var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            var lineStart = at;
            while (lineStart > 0 && bytes[lineStart - 1] != (byte)'\n')
                lineStart--;
            var lineEnd = bytes.IndexOf((byte)'\n', at) is var e and >= 0 ? e + 1 : bytes.Count;
            switch (random.Next(7))
            {
                case 0 when bytes.Count > 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1 when bytes.Count > 0:
                    bytes[at] = Interesting[random.Next(Interesting.Length)];
                    break;
                case 2:
                    bytes.RemoveRange(lineStart, lineEnd - lineStart);
                    break;
                case 3:
                    bytes.InsertRange(lineStart, bytes.GetRange(lineStart, lineEnd - lineStart));
                    break;
                case 4:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 5:
                    bytes.InsertRange(lineStart, Utf8(InterestingLines[random.Next(InterestingLines.Length)] + "\n"));
                    break;
                default:
                    bytes.InsertRange(lineEnd, bytes.GetRange(lineStart, lineEnd - lineStart));
                    bytes.RemoveRange(lineStart, lineEnd - lineStart);
                    break;
            }
        }
        return bytes.ToArray();
    }

    /// <summary>Hand-written patches covering every feature, plus the small real openssh patches when the corpora are there.</summary>
    private static List<byte[]> Seeds()
    {
        List<byte[]> seeds =
        [
            Bytes("From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001",
                "From: =?UTF-8?q?J=C3=A9r=C3=B4me?= <j@example.org>", "Subject: [PATCH] x", "", "body", "---", " f | 2 +-", "",
                "diff --git a/f b/f", "index 1111111..2222222 100644", "--- a/f", "+++ b/f", "@@ -1,3 +1,3 @@ fn", " a", "-b",
                "\\ No newline at end of file", "+B", " c", "diff --git a/x y b/x y", "old mode 100644", "new mode 100755",
                "diff --git \"a/t\\303\\251\" \"b/t\\303\\251\"", "similarity index 90%", "rename from \"t\\303\\251\"",
                "rename to \"t\\303\\251\"", "-- ", "2.39.5"),
            Bytes("Description: d", " more", "Index: p/f", "=====", "--- p.orig/f\t2020-01-01 00:00:00.000000000 +0000",
                "+++ p/f\t2020-01-01 00:00:00.000000000 +0000", "@@ -0,0 +1,2 @@", "+x", "+y", "Only in p: q",
                "diff -ruN a/g b/g", "Binary files a/g and b/g differ", "--- a/h", "+++ /dev/null", "@@ -1 +0,0 @@", "-h"),
            Bytes("diff --git a/bin b/bin", "index 0000000..1111111", "GIT binary patch", "literal 11",
                "Sc${NkVrF4vW@hG4=Kuf^B?7(x", "", "literal 0", "HcmV?d00001", "", "diff --git a/c b/d", "copy from c", "copy to d"),
            Utf8("--- a/w\r\n+++ b/w\r\n@@ -1,2 +1,2 @@\r\n a\r\n-b\r\n+c\r\n"),
        ];
        var root = Corpus.TryGet("openssh_9.2p1-2+deb12u10.debian.tar.xz", out _);
        if (root is not null)
        {
            seeds.AddRange(Directory.GetFiles(Path.Combine(root, "debian", "patches"), "*.patch")
                .Order(StringComparer.Ordinal)
                .Select(File.ReadAllBytes)
                .Where(b => b.Length < 16_000));
        }
        return seeds;
    }
}
