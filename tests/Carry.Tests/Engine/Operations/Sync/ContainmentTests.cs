using System.Text;
using Carry.Operations.Sync;
using CsCheck;

namespace Carry.Tests.Engine.Operations.Sync;

/// <summary>
/// The set-aside rule on its own (no processes, so many random cases): a tree holds a patch's
/// change only when every block of it is there, where the block lands, whitespace aside.
/// </summary>
public sealed class ContainmentTests
{
    private static string Text(IEnumerable<string> lines) => string.Concat(lines.Select(l => l + "\n"));

    private static readonly string[] Before =
    [
        "int read_chunk(struct buf *b, size_t len)", "{", "    char *p = b->data;", "    size_t max = b->size;",
        "    memcpy(p, b->in, len);", "    b->used = len;", "    return 0;", "}",
    ];

    [Fact]
    public void A_rewrite_around_a_security_fix_without_its_added_check_does_not_hold_it()
    {
        // The fix: one added condition. Upstream rewrote the lines around it, most of the patch's
        // neighbourhood looks alike, but the essential check is missing.
        string[] patched = [.. Before[..4], "    if (len > max) return -1;", .. Before[4..]];
        string[] upstream = [Before[0], "{", "    char *dst = b->data;", "    size_t max = b->size;", "    memcpy(dst, b->in, len);", "    b->used = len;", "    return 0;", "}"];
        Assert.False(Containment.TextHolds(Text(Before), Text(patched), Text(upstream)));

        string[] upstreamFixed = [.. upstream[..4], "\tif (len>max)   return -1;", .. upstream[4..]];
        Assert.True(Containment.TextHolds(Text(Before), Text(patched), Text(upstreamFixed)));

        // The same check far from where the fix goes (another function) is not the fix.
        string[] elsewhere = [.. upstream, "static int other(size_t len, size_t max)", "{", "    if (len > max) return -1;", "}"];
        Assert.False(Containment.TextHolds(Text(Before), Text(patched), Text(elsewhere)));
    }

    [Fact]
    public void A_removed_line_must_be_gone_where_the_block_lands()
    {
        string[] patched = [.. Before.Where((_, i) => i != 5)];
        Assert.False(Containment.TextHolds(Text(Before), Text(patched), Text(Before)));
        string[] upstream = [.. Before.Select(l => l == "    memcpy(p, b->in, len);" ? "    memmove(p, b->in, len);" : l).Where((_, i) => i != 5)];
        Assert.True(Containment.TextHolds(Text(Before), Text(patched), Text(upstream)));
    }

    /// <summary>What upstream did with one block of the patch.</summary>
    private enum Present { Absent, Exact, Spaces, Elsewhere }

    private enum Kind { Replace, Insert, Delete }

    private sealed record Part(Kind Kind, Present Present, bool RewriteNeighbour);

    [Fact]
    public void Holds_exactly_when_every_block_is_present_where_it_lands()
    {
        var part = Gen.Select(Gen.Enum<Kind>(), Gen.Enum<Present>(), Gen.Bool, (k, p, n) => new Part(k, p, n));
        Gen.Select(part.Array[1, 4], Gen.Int[0, 59].Array[0, 6], Gen.Int[0, 59].Array[0, 4])
            .Sample(c => Check(c.Item1, c.Item2, c.Item3), iter: 3000);
    }

    private static bool Check(Part[] parts, int[] upstreamInserts, int[] upstreamRewrites)
    {
        var before = Enumerable.Range(1, 60).Select(i => $"line {i} of the file").ToList();
        var patched = new List<string?>(before);
        var upstream = new List<string?>(before);
        var extra = new Dictionary<int, List<string>>(); // upstream lines inserted after index
        void InsertAfter(int at, string line) { if (!extra.TryGetValue(at, out var l)) extra[at] = l = []; l.Add(line); }
        var spots = new HashSet<int>();
        var patchInserts = new Dictionary<int, string>();
        for (var j = 0; j < parts.Length; j++)
        {
            var (kind, present, neighbour) = parts[j];
            var at = 8 + 12 * j;
            for (var k = at - 2; k <= at + 2; k++) spots.Add(k);
            var added = $"fix {j}: if (guard_{j}) return -{j};";
            var spaced = $"\t fix {j}:  if (guard_{j})   return -{j};  ";
            if (neighbour) upstream[at - 1] = before[at - 1] + " (upstream's rewrite)";
            switch (kind)
            {
                case Kind.Replace:
                    patched[at] = added;
                    if (present == Present.Exact) upstream[at] = added;
                    else if (present == Present.Spaces) upstream[at] = spaced;
                    else if (present == Present.Elsewhere) InsertAfter(0, added);
                    break;
                case Kind.Insert:
                    patchInserts[at] = added;
                    if (present == Present.Exact) InsertAfter(at, added);
                    else if (present == Present.Spaces) InsertAfter(at, spaced);
                    else if (present == Present.Elsewhere) InsertAfter(59, added);
                    break;
                case Kind.Delete:
                    patched[at] = null;
                    if (present is Present.Exact or Present.Spaces) upstream[at] = null;
                    else if (present == Present.Elsewhere) upstream[at + 1] = null; // a neighbour deleted instead
                    break;
            }
        }
        foreach (var i in upstreamRewrites.Where(i => !spots.Contains(i) && upstream[i] is not null)) upstream[i] += " (reworded)";
        foreach (var i in upstreamInserts.Where(i => !spots.Contains(i) && !spots.Contains(i + 1))) InsertAfter(i, $"upstream's own line after {i}");

        var patchLines = new List<string>();
        var upstreamLines = new List<string>();
        for (var i = 0; i < before.Count; i++)
        {
            if (patched[i] is { } p) patchLines.Add(p);
            if (patchInserts.TryGetValue(i, out var ins)) patchLines.Add(ins);
            if (upstream[i] is { } u) upstreamLines.Add(u);
            if (extra.TryGetValue(i, out var more)) upstreamLines.AddRange(more);
        }
        var expected = parts.All(p => p.Present is Present.Exact or Present.Spaces);
        var actual = Containment.TextHolds(Text(before), Text(patchLines), Text(upstreamLines));
        if (expected != actual)
            throw new Xunit.Sdk.XunitException($"expected {expected} for {string.Join(", ", parts.Select(p => p.ToString()))}\n--- upstream\n{Text(upstreamLines)}");
        return true;
    }
}
