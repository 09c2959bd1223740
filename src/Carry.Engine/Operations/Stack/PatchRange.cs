using Carry.Model;

namespace Carry.Operations.Stack;

/// <summary>
/// Patch lists as people type them: names, and ranges <c>p3..p7</c> (both ends included, in
/// series order: applied, then unapplied), <c>p3..</c> (to the end of the series) and
/// <c>..p7</c> (from the bottom), as StGit accepts them.
/// </summary>
public static class PatchRange
{
    /// <summary>Expands every range in <paramref name="words"/>; plain names are kept as typed (checked later by the command).</summary>
    public static IReadOnlyList<string> Expand(StackState state, IEnumerable<string> words)
    {
        var series = state.All.ToList();
        var result = new List<string>();
        foreach (var word in words)
        {
            var dots = word.IndexOf("..", StringComparison.Ordinal);
            // A patch name cannot hold "..": whatever has it is a range.
            if (dots < 0 || state.Find(word) is not null)
            {
                result.Add(word);
                continue;
            }
            var (from, to) = (word[..dots], word[(dots + 2)..]);
            var first = from.Length == 0 ? 0 : IndexOf(state, series, from, word);
            var last = to.Length == 0 ? series.Count - 1 : IndexOf(state, series, to, word);
            if (first > last)
                throw new CarryException($"the range '{word}' is empty: '{from}' comes after '{to}' in the series",
                    $"write it bottom first: '{to}..{from}'.");
            result.AddRange(series.Skip(first).Take(last - first + 1).Select(p => p.Name));
        }
        return result;
    }

    private static int IndexOf(StackState state, List<Patch> series, string name, string range) =>
        state.Find(name) is { } patch ? series.IndexOf(patch)
            : throw new CarryException($"patch '{name}' (in the range '{range}') does not exist in the stack of '{state.Branch}'",
                "'carry series' lists the patches.");
}
