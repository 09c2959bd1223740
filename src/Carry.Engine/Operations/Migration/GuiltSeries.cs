using Carry.Formats.Quilt;
using Carry.Formats;
using Carry.Git;
using Carry.Operations.PatchFiles;
using Carry.Operations.Stack;

namespace Carry.Operations.Migration;

/// <summary>
/// Reads a guilt series: <c>.git/patches/BRANCH/series</c> (one patch file a line, guards as
/// <c>#+name</c> / <c>#-name</c> after it, comments with <c>#</c>) and <c>status</c> (the applied
/// ones, bottom first: "name", or "commit:name" in old guilt). The applied patches are the top
/// commits of the branch (guilt/BRANCH when guilt made one), as guilt made them; the others are
/// built from their files on top.
/// </summary>
public static class GuiltSeries
{
    /// <summary>The series of <paramref name="branch"/>, or an error saying there is none.</summary>
    public static ForeignStack Read(StackSession session, string branch)
    {
        var repo = session.Repo;
        // guilt (0.36) works on a branch of its own, guilt/BRANCH, with the series in .git/patches/BRANCH.
        if (branch.StartsWith("guilt/", StringComparison.Ordinal)) branch = branch["guilt/".Length..];
        var headRef = repo.ReadRef($"refs/heads/guilt/{branch}") is null ? $"refs/heads/{branch}" : $"refs/heads/guilt/{branch}";
        var folder = Path.Combine(repo.CommonDir, "patches", branch);
        var seriesFile = Path.Combine(folder, "series");
        if (!File.Exists(seriesFile) && !Directory.Exists(seriesFile))
            throw new CarryException($"branch '{branch}' has no guilt series (no .git/patches/{branch}/series)",
                "name the branch guilt manages: 'carry import guilt BRANCH'.");
        var series = new List<(string Name, List<string> Guards)>();
        // .git/patches is guilt's, but what is in it may have come from anywhere: read as a series folder is.
        var folderName = $"guilt's folder .git/patches/{Paths.Printable.Of(branch)}";
        foreach (var raw in Lines(QuiltFolder.ReadInside(folder, "series", "guilt's series file", folderName)))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var hash = line.IndexOf('#');
            var name = (hash < 0 ? line : line[..hash]).Trim();
            var guards = hash < 0 ? [] : line[hash..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Where(g => g.StartsWith("#+", StringComparison.Ordinal) || g.StartsWith("#-", StringComparison.Ordinal)).Select(g => g[1..]).ToList();
            if (Paths.TreePath.Problem(System.Text.Encoding.UTF8.GetBytes(name), EntryMode.Regular) is { } problem)
                throw new CarryException($"guilt's series names '{Paths.Printable.Of(name)}': {problem}");
            series.Add((name, guards));
        }
        var statusFile = Path.Combine(folder, "status");
        var applied = File.Exists(statusFile) || Directory.Exists(statusFile)
            ? Lines(QuiltFolder.ReadInside(folder, "status", "guilt's status file", folderName)).Select(l => l.Trim()).Where(l => l.Length > 0).Select(l => l.Contains(':') ? l[(l.IndexOf(':') + 1)..] : l).ToList()
            : [];
        if (!applied.SequenceEqual(series.Take(applied.Count).Select(s => s.Name)))
            throw new CarryException($"guilt's status for '{branch}' does not match the start of its series", "check it with 'guilt series -v' first.");

        // The applied patches are the branch's top commits, oldest first.
        var head = repo.ReadRef(headRef) ?? throw new CarryException($"branch '{headRef["refs/heads/".Length..]}' does not exist");
        var objects = repo.Objects;
        var commits = new List<Oid>();
        for (var (id, i) = (head, 0); i < applied.Count; i++)
        {
            commits.Insert(0, id);
            id = objects.ReadCommit(id).Parent ?? throw new CarryException($"branch '{branch}' has fewer commits than guilt's applied patches");
        }
        var patches = series.Take(applied.Count).Select((s, i) => new ForeignPatch(s.Name, commits[i], ForeignState.Applied, s.Guards)).ToList();
        var notes = new List<string>();
        // The unapplied ones exist only as files: each is applied on the one before it, as 'guilt push' would.
        var parent = head;
        foreach (var (name, guards) in series.Skip(applied.Count))
        {
            var bytes = QuiltFolder.ReadInside(folder, name, "guilt's series: patch file", folderName);
            var commit = Import.CommitFromFile(session, new ImportItem(name, bytes, "quilt"), parent);
            patches.Add(new ForeignPatch(name, commit, ForeignState.Unapplied, guards));
            parent = commit;
        }
        return new ForeignStack("guilt", patches, notes);
    }

    private static string[] Lines(byte[] bytes) => System.Text.Encoding.UTF8.GetString(bytes).Split('\n');
}
