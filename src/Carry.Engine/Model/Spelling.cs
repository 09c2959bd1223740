namespace Carry.Model;

/// <summary>
/// "Did you mean …?" for names typed by hand (patches, commands, layers): the known names within
/// a small edit distance, closest first, as git suggests commands (help.c uses a weighted
/// Damerau-Levenshtein distance; plain optimal-string-alignment distance is enough here).
/// </summary>
public static class Spelling
{
    /// <summary>The names close to <paramref name="typed"/>, closest first (at most <paramref name="max"/>).</summary>
    public static IReadOnlyList<string> Suggest(string typed, IEnumerable<string> known, int max = 3)
    {
        // A third of the length, at least one and at most three edits, as typos go; a typed
        // prefix of a longer name ('fix-pars' for 'fix-parser') counts too.
        var allowed = Math.Clamp(typed.Length / 3, 1, 3);
        return known.Distinct(StringComparer.Ordinal)
            .Select(name => (name, d: Distance(typed.ToLowerInvariant(), name.ToLowerInvariant())))
            .Where(x => x.d <= allowed || (typed.Length >= 3 && x.name.StartsWith(typed, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(x => x.d).ThenBy(x => x.name, StringComparer.Ordinal)
            .Take(max).Select(x => x.name).ToList();
    }

    /// <summary>A hint line: "did you mean 'a'?" or "did you mean one of 'a', 'b'?", or null when nothing is close.</summary>
    public static string? Hint(string typed, IEnumerable<string> known)
    {
        var close = Suggest(typed, known);
        return close.Count switch
        {
            0 => null,
            1 => $"did you mean '{close[0]}'?",
            _ => $"did you mean one of {string.Join(", ", close.Select(n => $"'{n}'"))}?",
        };
    }

    /// <summary>Edits (insert, delete, substitute, swap two neighbours) turning <paramref name="a"/> into <paramref name="b"/>.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }
}
