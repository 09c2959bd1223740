namespace Carry.Patches;

/// <summary>
/// Chooses which of a plain diff's names to patch, the way GNU patch does without
/// <c>--posix</c>: among names that exist (or all of them when none exists), the one with the
/// fewest directory components, then the shortest base name, then the shortest name, first wins.
/// This is what makes <c>--- foo.c.orig</c> / <c>+++ foo.c</c> patch <c>foo.c</c>.
/// </summary>
internal static class PathChooser
{
    /// <summary>The chosen stripped path, or null when no name is usable at this strip level.</summary>
    public static string? Best(IReadOnlyList<PatchPath?> names, int strip, Func<string, bool>? exists)
    {
        var usable = new List<string>(names.Count);
        foreach (var name in names)
            if (name is not null && name.TryStrip(strip, out var path, out _))
                usable.Add(path);
        if (usable.Count == 0)
            return null;
        if (exists is not null)
        {
            var existing = usable.Where(exists).ToList();
            if (existing.Count > 0)
                return BestOf(existing);
        }
        return BestOf(usable);
    }

    private static string BestOf(List<string> paths)
    {
        var best = paths[0];
        foreach (var candidate in paths.Skip(1))
            if (Compare(candidate, best) < 0)
                best = candidate;
        return best;
    }

    private static int Compare(string a, string b)
    {
        var byComponents = a.Count(c => c == '/').CompareTo(b.Count(c => c == '/'));
        if (byComponents != 0)
            return byComponents;
        var byBaseName = (a.Length - a.LastIndexOf('/')).CompareTo(b.Length - b.LastIndexOf('/'));
        return byBaseName != 0 ? byBaseName : a.Length.CompareTo(b.Length);
    }
}
