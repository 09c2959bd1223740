using System.Text;
using System.Text.RegularExpressions;
using Carry.Operations.Series;
using Carry.Patches;
using Xunit.Abstractions;

using Carry.Tests.Support;

namespace Carry.Tests.Engine.Patches;

/// <summary>
/// Differential test of hunk placement: random files full of repeated lines, a random edit
/// turned into a patch by <c>diff -U n</c>, applied to a randomly disturbed copy with fuzz
/// 0-3 by GNU patch and by Carry. Offsets, fuzz, failures and contents must agree.
/// Set CARRY_DIFFERENTIAL_CASES to run more cases.
/// </summary>
[Trait("Speed", "Slow")]
public sealed partial class RandomEditsVsGnuPatchTests(ITestOutputHelper output)
{
    private static readonly int Cases =
        int.TryParse(Environment.GetEnvironmentVariable("CARRY_DIFFERENTIAL_CASES"), out var n) ? n : 150;

    [SkippableFact]
    public void Random_edits_on_disturbed_files_apply_like_GNU_patch()
    {
        Skip.If(!Corpus.HasProgram("patch") || !Corpus.HasProgram("diff"), "GNU patch or diff is not installed");
        var dir = Directory.CreateTempSubdirectory("carry-diff-").FullName;
        try
        {
            var random = new Random(20240607);
            var mismatches = new List<string>();
            int offsets = 0, fuzzed = 0, failed = 0, joined = 0;
            string? firstExample = null;
            for (var c = 0; c < Cases; c++)
            {
                var original = RandomFile(random);
                var edited = Edit(original, random, random.Next(1, 6));
                var target = Edit(original, random, random.Next(0, 5));
                var context = random.Next(1, 5);
                var fuzz = random.Next(0, 4);
                File.WriteAllBytes(Path.Combine(dir, "old"), Join(original));
                File.WriteAllBytes(Path.Combine(dir, "new"), Join(edited));
                Corpus.Run("diff", [$"-U{context}", "--label", "a/f", "--label", "b/f", "old", "new"], dir, out var diffText);
                if (!diffText.StartsWith("--- a/f", StringComparison.Ordinal))
                    continue; // no difference
                var patchBytes = Encoding.UTF8.GetBytes(diffText);
                File.WriteAllBytes(Path.Combine(dir, "p.diff"), patchBytes);
                Directory.CreateDirectory(Path.Combine(dir, "t"));
                File.WriteAllBytes(Path.Combine(dir, "t", "f"), Join(target));
                var gnuOk = Corpus.Run("patch", ["-p1", $"-F{fuzz}", "--no-backup-if-mismatch", "-f", "--reject-file=-",
                    "-i", "../p.diff"], Path.Combine(dir, "t"), out var gnuText);

                var diff = UnifiedDiffReader.Parse(patchBytes).Files[0];
                var ours = HunkApplier.Apply(diff, Join(target), new ApplyOptions { Fuzz = fuzz });
                offsets += ours.Hunks.Count(h => h.Applied && h.Offset != 0);
                fuzzed += ours.Hunks.Count(h => h.Applied && h.Fuzz != 0);
                failed += ours.Hunks.Count(h => !h.Applied);

                var gnu = GnuHunk().Matches(gnuText).ToDictionary(m => int.Parse(m.Groups[1].Value));
                foreach (var h in ours.Hunks)
                {
                    var (ok, off, fz) = gnu.TryGetValue(h.Index, out var m)
                        ? (m.Groups[2].Value == "succeeded", m.Groups[4].Success ? int.Parse(m.Groups[4].Value) : 0,
                            m.Groups[3].Success ? int.Parse(m.Groups[3].Value) : 0)
                        : (true, 0, 0);
                    if (ok != h.Applied || (ok && (off != h.Offset || fz != h.Fuzz)))
                        mismatches.Add($"case {c} (-U{context} -F{fuzz}) hunk #{h.Index}: GNU {(ok ? $"{off}/{fz}" : "FAILED")}, " +
                            $"Carry {(h.Applied ? $"{h.Offset}/{h.Fuzz}" : "FAILED")}");
                }
                if (gnuOk != ours.Succeeded)
                    mismatches.Add($"case {c}: GNU {(gnuOk ? "ok" : "failed")}, Carry {ours.Status}\n{gnuText}");
                else if (gnuOk && !File.ReadAllBytes(Path.Combine(dir, "t", "f")).AsSpan().SequenceEqual(ours.Content))
                {
                    if (OnlyGnuJoinedLines(File.ReadAllBytes(Path.Combine(dir, "t", "f")), ours.Content!))
                        joined++;
                    else
                        mismatches.Add($"case {c} (-U{context} -F{fuzz}): contents differ");
                }
                if (mismatches.Count > 0 && firstExample is null)
                    firstExample = $"patch:\n{diffText}\ntarget:\n{Encoding.UTF8.GetString(Join(target))}<EOF>\nGNU:\n{gnuText}" +
                        $"\nGNU result:\n{File.ReadAllText(Path.Combine(dir, "t", "f"))}<EOF>\nCarry result:\n{PatchText.Text(ours.Content)}<EOF>";
            }
            output.WriteLine($"{Cases} cases: hunks with offset {offsets}, with fuzz {fuzzed}, failed {failed}; " +
                $"GNU patch glued a line onto an unterminated last line in {joined}");
            Assert.True(mismatches.Count == 0, string.Join("\n", mismatches.Take(10)) + "\n" + firstExample);
            Assert.True(offsets > 0 && fuzzed > 0 && failed > 0, "the random cases should exercise offset, fuzz and failure");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// GNU patch 2.7 writes an added line straight after an input line that had no newline (the
    /// file's old last line, passed by a fuzzed hunk), gluing the two lines together; Carry adds
    /// the newline. True when that single newline is the only difference.
    /// </summary>
    private static bool OnlyGnuJoinedLines(byte[] gnu, byte[] ours)
    {
        var i = 0;
        while (i < gnu.Length && i < ours.Length && gnu[i] == ours[i])
            i++;
        return ours.Length == gnu.Length + 1 && i < ours.Length && ours[i] == (byte)'\n'
            && ours.AsSpan(i + 1).SequenceEqual(gnu.AsSpan(i));
    }

    /// <summary>Lines from a tiny vocabulary, so the same context occurs in several places.</summary>
    private static List<string> RandomFile(Random random)
    {
        var lines = new List<string>();
        var count = random.Next(5, 60);
        for (var i = 0; i < count; i++)
            lines.Add(random.Next(3) == 0 ? $"unique {i}" : ((char)('a' + random.Next(5))).ToString());
        if (random.Next(6) == 0)
            lines[^1] += "\\EOF"; // marker: no newline at the end of this file
        return lines;
    }

    private static List<string> Edit(List<string> lines, Random random, int edits)
    {
        var result = new List<string>(lines);
        for (var e = 0; e < edits; e++)
        {
            var at = random.Next(result.Count + 1);
            var kind = random.Next(3);
            if (kind == 0 || result.Count == 0 || at == result.Count)
                result.Insert(at, random.Next(2) == 0 ? $"new {random.Next(1000)}" : ((char)('a' + random.Next(5))).ToString());
            else if (kind == 1)
                result.RemoveAt(at);
            else
                result[at] = $"changed {random.Next(1000)}" + (result[at].EndsWith("\\EOF", StringComparison.Ordinal) ? "\\EOF" : "");
        }
        // Only the last line may lack its newline.
        for (var i = 0; i < result.Count - 1; i++)
            result[i] = result[i].Replace("\\EOF", "", StringComparison.Ordinal);
        return result;
    }

    private static byte[] Join(List<string> lines)
    {
        var text = string.Concat(lines.Select(l => l + "\n"));
        if (text.EndsWith("\\EOF\n", StringComparison.Ordinal))
            text = text[..^"\\EOF\n".Length];
        return Encoding.UTF8.GetBytes(text);
    }

    [GeneratedRegex(@"^Hunk #(\d+) (succeeded|FAILED|ignored) at \d+(?: with fuzz (\d+))?(?: \(offset (-?\d+) lines?\))?", RegexOptions.Multiline)]
    private static partial Regex GnuHunk();
}
