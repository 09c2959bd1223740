using Carry.Git;
using Carry.Model;

namespace Carry.Operations.Series;

/// <summary>What became of a patch between two states of the series.</summary>
public enum RangeDiffKind
{
    /// <summary>In both, the same change and message.</summary>
    Unchanged,
    /// <summary>In both, the change or message differs: see the diff of the diffs.</summary>
    Changed,
    /// <summary>Only in the newer state.</summary>
    Added,
    /// <summary>Only in the older state (see <see cref="DropReason"/>).</summary>
    Dropped,
}

/// <summary>How a patch of one state was recognised in the other.</summary>
public enum MatchKind
{
    /// <summary>The same stable id: renames and rewrites followed.</summary>
    Id,
    /// <summary>The same imported file (<c>any/foo.diff</c>) or the same name: separate imports of one series.</summary>
    Name,
    /// <summary>The most similar change, as <c>git range-diff</c> pairs commits.</summary>
    Content,
}

/// <summary>Why a patch left the series.</summary>
public enum DropReason
{
    /// <summary>Removed by a person (<c>carry delete</c>, or absent from a newer import).</summary>
    Deleted,
    /// <summary>Upstream carries it: retired with its evidence.</summary>
    Landed,
}

/// <summary>A patch on one side of a range-diff.</summary>
/// <param name="Position">Its place in the series, from 1 (applied patches first, then unapplied).</param>
/// <param name="Patch">The patch.</param>
/// <param name="Applied">Whether it was applied in that state.</param>
/// <param name="Subject">Its commit's subject.</param>
public sealed record RangeSide(int Position, Patch Patch, bool Applied, string Subject);

/// <summary>One line of a range-diff: a patch of the older state, of the newer, or both.</summary>
/// <param name="Kind">What became of it.</param>
/// <param name="Old">The patch in the older state, or null when added.</param>
/// <param name="New">The patch in the newer state, or null when dropped.</param>
public sealed record RangeDiffEntry(RangeDiffKind Kind, RangeSide? Old, RangeSide? New)
{
    /// <summary>How the two sides were paired (null for added or dropped patches).</summary>
    public MatchKind? MatchedBy { get; init; }

    /// <summary>True when its place relative to the other paired patches changed.</summary>
    public bool Moved { get; init; }

    /// <summary>True when the name differs between the two sides.</summary>
    public bool Renamed => Old is not null && New is not null && Old.Patch.Name != New.Patch.Name;

    /// <summary>For a dropped patch: why.</summary>
    public DropReason? Reason { get; init; }

    /// <summary>For a patch dropped because it landed: the evidence recorded when it retired.</summary>
    public LandingEvidence? Evidence { get; init; }

    /// <summary>Other differences: applied or not, layer, upstream status, guards.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>For a changed patch: the hunks of the diff between the two patch texts (see <see cref="PatchText"/>).</summary>
    public IReadOnlyList<string> DiffOfDiffs { get; init; } = [];
}

/// <summary>
/// Compares two states of a stack patch by patch, in the manner of <c>git range-diff</c>, but
/// over the whole series (applied and unapplied patches, and retired ones for why a patch left).
/// Patches are paired by stable id first (renames and rewrites followed), then by imported file
/// or name (two imports of one quilt series have different ids), then by similarity of their
/// changes with git's own method: exact equal diffs, then the cheapest assignment where leaving
/// a patch unpaired costs <c>creationFactor</c> percent of its size.
/// </summary>
public static class RangeDiff
{
    /// <summary>git range-diff's default creation factor, in percent.</summary>
    public const int DefaultCreationFactor = 60;

    /// <summary>The range-diff from <paramref name="older"/> to <paramref name="newer"/>, in the newer series' order.</summary>
    public static IReadOnlyList<RangeDiffEntry> Compare(CarryRepository repo, StackState older, StackState newer, int creationFactor = DefaultCreationFactor)
    {
        var olds = Sides(repo, older);
        var news = Sides(repo, newer);
        var texts = PatchText.Read(repo, olds.Concat(news).Select(s => s.Patch.Commit));
        var pairs = new int[olds.Count];
        Array.Fill(pairs, -1);
        var taken = new bool[news.Count];
        var by = new MatchKind?[olds.Count];

        void PairBy(MatchKind kind, Func<RangeSide, string?> key)
        {
            var index = new Dictionary<string, int>();
            for (var j = 0; j < news.Count; j++)
                if (!taken[j] && key(news[j]) is { } k) index.TryAdd(k, j);
            for (var i = 0; i < olds.Count; i++)
            {
                if (pairs[i] >= 0 || key(olds[i]) is not { } k || !index.TryGetValue(k, out var j) || taken[j]) continue;
                (pairs[i], taken[j], by[i]) = (j, true, kind);
            }
        }
        PairBy(MatchKind.Id, s => s.Patch.Id);
        PairBy(MatchKind.Name, s => s.Patch.Source?.File);
        PairBy(MatchKind.Name, s => s.Patch.Name);
        PairBy(MatchKind.Content, s => texts[s.Patch.Commit].Diff);
        PairBySimilarity(olds, news, texts, pairs, taken, by, creationFactor);

        var moved = Moved(pairs);
        var oldOf = new int[news.Count];
        Array.Fill(oldOf, -1);
        for (var i = 0; i < olds.Count; i++) if (pairs[i] >= 0) oldOf[pairs[i]] = i;

        // git range-diff's order: the newer series, each dropped patch once every older patch before it was shown.
        var entries = new List<RangeDiffEntry>();
        var shown = new bool[olds.Count];
        for (int i = 0, j = 0; i < olds.Count || j < news.Count;)
        {
            while (i < olds.Count && shown[i]) i++;
            if (i < olds.Count && pairs[i] < 0)
            {
                entries.Add(Dropped(olds[i], newer));
                i++;
                continue;
            }
            for (; j < news.Count && oldOf[j] < 0; j++) entries.Add(new RangeDiffEntry(RangeDiffKind.Added, null, news[j]));
            if (j >= news.Count) continue;
            var k = oldOf[j];
            var (a, b) = (texts[olds[k].Patch.Commit], texts[news[j].Patch.Commit]);
            var diff = olds[k].Patch.Commit == news[j].Patch.Commit ? [] : WithoutLineNumbers(TextDiff.Hunks(a.Full, b.Full));
            entries.Add(new RangeDiffEntry(diff.Count == 0 ? RangeDiffKind.Unchanged : RangeDiffKind.Changed, olds[k], news[j])
            {
                MatchedBy = by[k],
                Moved = moved.Contains(k),
                Notes = Notes(olds[k], news[j]),
                DiffOfDiffs = diff,
            });
            shown[k] = true;
            j++;
        }
        return entries;
    }

    // As git range-diff shows it: "@@ -8,6 +8,7 @@ Author: …" becomes "@@ Author: …".
    private static List<string> WithoutLineNumbers(IReadOnlyList<string> hunks) =>
        [.. hunks.Select(l => l.StartsWith("@@ -", StringComparison.Ordinal) && l.IndexOf(" @@", 4, StringComparison.Ordinal) is var end and > 0
            ? ("@@" + l[(end + 3)..]).TrimEnd() : l)];

    private static List<RangeSide> Sides(CarryRepository repo, StackState state) =>
        [.. state.All.Select((p, i) => new RangeSide(i + 1, p, i < state.Applied.Count, repo.Objects.ReadCommit(p.Commit).Subject))];

    private static RangeDiffEntry Dropped(RangeSide old, StackState newer)
    {
        var retired = newer.Details.Retired.FirstOrDefault(r => r.Id == old.Patch.Id);
        var landed = retired ?? (old.Patch.Status.Kind == StatusKind.Landed ? old.Patch : null);
        return new RangeDiffEntry(RangeDiffKind.Dropped, old, null)
        {
            Reason = landed is null ? DropReason.Deleted : DropReason.Landed,
            Evidence = landed?.Status.Evidence,
        };
    }

    /// <summary>git range-diff's pairing: the cheapest assignment, unpaired patches costing a share of their size.</summary>
    private static void PairBySimilarity(List<RangeSide> olds, List<RangeSide> news, Dictionary<Oid, PatchText> texts,
        int[] pairs, bool[] taken, MatchKind?[] by, int creationFactor)
    {
        var rows = Enumerable.Range(0, olds.Count).Where(i => pairs[i] < 0).ToList();
        var cols = Enumerable.Range(0, news.Count).Where(j => !taken[j]).ToList();
        if (rows.Count == 0 || cols.Count == 0) return;
        var n = rows.Count + cols.Count;
        var cost = new long[n, n];
        for (var r = 0; r < rows.Count; r++)
        {
            var a = texts[olds[rows[r]].Patch.Commit];
            for (var c = 0; c < cols.Count; c++)
                cost[r, c] = TextDiff.Hunks(a.Full, texts[news[cols[c]].Patch.Commit].Full).Count;
            for (var c = cols.Count; c < n; c++) cost[r, c] = (long)a.Size * creationFactor / 100;
        }
        for (var c = 0; c < cols.Count; c++)
        {
            var create = (long)texts[news[cols[c]].Patch.Commit].Size * creationFactor / 100;
            for (var r = rows.Count; r < n; r++) cost[r, c] = create;
        }
        var assigned = Assignment.Solve(cost);
        for (var r = 0; r < rows.Count; r++)
        {
            if (assigned[r] >= cols.Count) continue;
            var (i, j) = (rows[r], cols[assigned[r]]);
            (pairs[i], taken[j], by[i]) = (j, true, MatchKind.Content);
        }
    }

    /// <summary>
    /// The paired patches whose order changed: those outside a longest run that kept its
    /// relative order, so moving one patch marks one patch, not every patch it jumped over.
    /// </summary>
    private static HashSet<int> Moved(int[] pairs)
    {
        var paired = Enumerable.Range(0, pairs.Length).Where(i => pairs[i] >= 0).ToList();
        // Longest increasing subsequence of the new positions, in old order (patience method).
        var tails = new List<int>();
        var previous = new int[paired.Count];
        for (var k = 0; k < paired.Count; k++)
        {
            var value = pairs[paired[k]];
            int lo = 0, hi = tails.Count;
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
                if (pairs[paired[tails[mid]]] < value) lo = mid + 1; else hi = mid;
            }
            previous[k] = lo > 0 ? tails[lo - 1] : -1;
            if (lo == tails.Count) tails.Add(k); else tails[lo] = k;
        }
        var kept = new HashSet<int>();
        for (var k = tails.Count > 0 ? tails[^1] : -1; k >= 0; k = previous[k]) kept.Add(paired[k]);
        return [.. paired.Where(i => !kept.Contains(i))];
    }

    private static List<string> Notes(RangeSide old, RangeSide now)
    {
        var notes = new List<string>();
        if (old.Applied != now.Applied) notes.Add(now.Applied ? "now applied" : "now unapplied");
        if (old.Patch.Layer != now.Patch.Layer) notes.Add($"layer {old.Patch.Layer} → {now.Patch.Layer}");
        if (old.Patch.Status.Kind != now.Patch.Status.Kind)
            notes.Add($"status {UpstreamStatus.KindName(old.Patch.Status.Kind)} → {UpstreamStatus.KindName(now.Patch.Status.Kind)}");
        if (old.Patch.Guards != now.Patch.Guards)
            notes.Add($"guards [{string.Join(' ', old.Patch.Guards)}] → [{string.Join(' ', now.Patch.Guards)}]");
        return notes;
    }
}
