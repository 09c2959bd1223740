using System.Text;
using System.Text.Json;
using Carry.Git;

namespace Carry.Operations.Migration;

/// <summary>
/// Reads a StGit stack, in either format: StGit 2's <c>refs/stacks/BRANCH</c> (a commit whose
/// tree holds <c>stack.json</c>), or StGit 0.x's <c>refs/heads/BRANCH.stgit</c> (a commit whose
/// tree holds <c>meta</c>: "Applied:", "Unapplied:", "Hidden:" sections of "name: commit"), with
/// the plain files in <c>.git/patches/BRANCH/</c> as the last resort. Each patch is a commit on
/// its bottom, as StGit keeps it, with StGit's author and message.
/// </summary>
public static class StGitStack
{
    /// <summary>The stack of <paramref name="branch"/>, or an error saying there is none.</summary>
    public static ForeignStack Read(CarryRepository repo, string branch)
    {
        var objects = repo.Objects;
        if (repo.ReadRef($"refs/stacks/{branch}") is { } stacks)
            return FromJson(repo, Blob(objects, stacks, "stack.json", branch), branch);
        if (repo.ReadRef($"refs/heads/{branch}.stgit") is { } log)
            return FromMeta(repo, Blob(objects, log, "meta", branch), branch);
        var folder = Path.Combine(repo.CommonDir, "patches", branch);
        if (File.Exists(Path.Combine(folder, "applied")))
            return FromFiles(repo, folder, branch);
        throw new CarryException($"branch '{branch}' has no StGit stack (no refs/stacks/{branch}, refs/heads/{branch}.stgit or .git/patches/{branch})",
            "name the branch StGit manages: 'carry import stgit BRANCH'.");
    }

    private static string Blob(ObjectStore objects, Oid commit, string name, string branch)
    {
        var tree = objects.ReadCommit(commit).Tree;
        var entry = TreeOps.Lookup(objects, tree, name)
            ?? throw new CarryException($"the StGit stack of '{branch}' has no '{name}': a format carry does not know");
        return Encoding.UTF8.GetString(objects.ReadBlob(entry.Id));
    }

    /// <summary>StGit 2: <c>{"version": 5, "applied": [...], "unapplied": [...], "hidden": [...], "patches": {"p": {"oid": "..."}}}</c>.</summary>
    private static ForeignStack FromJson(CarryRepository repo, string json, string branch)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var oids = new Dictionary<string, Oid>(StringComparer.Ordinal);
        foreach (var p in root.GetProperty("patches").EnumerateObject())
            oids[p.Name] = Commit(repo, p.Value.GetProperty("oid").GetString() ?? "", p.Name);
        var patches = new List<ForeignPatch>();
        foreach (var (key, state) in new[] { ("applied", ForeignState.Applied), ("unapplied", ForeignState.Unapplied), ("hidden", ForeignState.Hidden) })
            if (root.TryGetProperty(key, out var list))
                foreach (var name in list.EnumerateArray().Select(n => n.GetString() ?? ""))
                    patches.Add(new ForeignPatch(name, oids.TryGetValue(name, out var oid) ? oid : throw Damaged(branch, name), state, []));
        var version = root.TryGetProperty("version", out var v) ? v.GetInt32() : 0;
        return new ForeignStack("stgit", patches, [$"StGit stack format {version} (refs/stacks/{branch}); its stack log is not imported: carry's history starts here"]);
    }

    /// <summary>StGit 0.x: the <c>meta</c> file of <c>BRANCH.stgit</c> ("Version: 1", then sections of "  name: commit").</summary>
    private static ForeignStack FromMeta(CarryRepository repo, string meta, string branch)
    {
        var patches = new List<ForeignPatch>();
        ForeignState? section = null;
        foreach (var raw in meta.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line == "Applied:") section = ForeignState.Applied;
            else if (line == "Unapplied:") section = ForeignState.Unapplied;
            else if (line == "Hidden:") section = ForeignState.Hidden;
            else if (line.StartsWith("  ", StringComparison.Ordinal) && section is { } state)
            {
                var colon = line.LastIndexOf(": ", StringComparison.Ordinal);
                if (colon < 0) throw Damaged(branch, line.Trim());
                var name = line[2..colon];
                patches.Add(new ForeignPatch(name, Commit(repo, line[(colon + 2)..].Trim(), name), state, []));
            }
            else if (line.Length > 0 && !line.StartsWith(' ')) section = null; // Version:, Previous:, Head:
        }
        return new ForeignStack("stgit", patches, [$"StGit 0.x stack (refs/heads/{branch}.stgit); its stack log is not imported: carry's history starts here"]);
    }

    /// <summary>The oldest layout: <c>applied</c>, <c>unapplied</c>, <c>hidden</c> name lists and <c>refs/patches/BRANCH/NAME</c>.</summary>
    private static ForeignStack FromFiles(CarryRepository repo, string folder, string branch)
    {
        var patches = new List<ForeignPatch>();
        foreach (var (file, state) in new[] { ("applied", ForeignState.Applied), ("unapplied", ForeignState.Unapplied), ("hidden", ForeignState.Hidden) })
        {
            var path = Path.Combine(folder, file);
            if (!File.Exists(path)) continue;
            foreach (var name in File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0))
                patches.Add(new ForeignPatch(name, repo.ReadRef($"refs/patches/{branch}/{name}") ?? throw Damaged(branch, name), state, []));
        }
        return new ForeignStack("stgit", patches, [$"StGit stack read from .git/patches/{branch}"]);
    }

    private static Oid Commit(CarryRepository repo, string hex, string name) =>
        (hex.Length is 40 or 64 && hex.All(char.IsAsciiHexDigitLower) ? repo.ResolveCommit(hex) : null)
        ?? throw new CarryException($"StGit patch '{name}' names commit '{hex}', which this repository does not have");

    private static CarryException Damaged(string branch, string name) =>
        new($"the StGit stack of '{branch}' lists '{name}' without a commit", "check it with 'stg series' first.");
}
