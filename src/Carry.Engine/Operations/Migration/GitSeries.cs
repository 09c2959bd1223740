using System.Text;
using Carry.Git;
using Carry.Model;

namespace Carry.Operations.Migration;

/// <summary>
/// Reads a git-series series, as its INTERNALS.md lays it out: <c>refs/heads/git-series/NAME</c>
/// points at the newest "series commit", whose tree holds gitlinks <c>series</c> (the series'
/// top commit) and <c>base</c>, and a blob <c>cover</c>; its parents are the previous series
/// commits (history) followed by the gitlinked commits (for reachability only).
/// <c>refs/git-series-internals/working/NAME</c> holds the uncommitted state the same way. Every
/// version becomes a carry version; the newest is the stack's patches.
/// </summary>
public static class GitSeries
{
    /// <summary>The series <paramref name="name"/>, oldest version first, or an error saying there is none or it is damaged.</summary>
    public static ForeignStack Read(CarryRepository repo, string name)
    {
        if (!Revisions.IsValidBranchName(repo, "git-series/" + name))
            throw new CarryException($"'{Paths.Printable.Of(name)}' is not a valid git-series name");
        var committed = repo.ReadRef($"refs/heads/git-series/{name}");
        var working = repo.ReadRef($"refs/git-series-internals/working/{name}");
        if (committed is null && working is null)
            throw new CarryException($"there is no git-series named '{name}' (no refs/heads/git-series/{name})",
                "'git series' lists the series; 'git branch --list git-series/*' shows them too.");
        var objects = repo.Objects;
        var history = new List<Oid>();
        var notes = new List<string>();
        for (var at = committed; at is { } id && !history.Contains(id);)
        {
            history.Insert(0, id);
            var previous = objects.ReadCommit(id).Parents.Where(p => !IsLinked(objects, id, p)).ToList();
            if (previous.Count > 1 && !notes.Contains(MergeNote)) notes.Add(MergeNote);
            at = previous.Count > 0 ? previous[0] : null;
        }
        var versions = new List<(string Name, Oid Base, Oid Top, string Summary)>();
        for (var i = 0; i < history.Count; i++)
        {
            var (top, bottom) = Links(repo, history[i], name, $"version {i + 1}");
            versions.Add(($"{name}-v{i + 1}", bottom, top, objects.ReadCommit(history[i]).Subject));
        }
        if (working is { } w)
        {
            var (top, bottom) = Links(repo, w, name, "the working state");
            if (versions.Count == 0 || versions[^1].Top != top || versions[^1].Base != bottom)
            {
                versions.Add(($"{name}-working", bottom, top, "not committed in git-series"));
                notes.Add($"the series' uncommitted working state is the newest version ('{name}-working')");
            }
        }

        // The same patch name in several versions is the same patch (range-diff pairs it by id).
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var foreign = versions.Select(v => new ForeignVersion(v.Name, v.Base, Patches(repo, v.Base, v.Top, v.Name, ids), v.Summary)).ToList();
        notes.Add($"versions: {string.Join(", ", foreign.Select(v => $"{v.Name} ({v.Patches.Count} patch{(v.Patches.Count == 1 ? "" : "es")})"))}; the cover letter is not imported");
        return new ForeignStack("git-series", foreign[^1].Patches, notes, foreign);
    }

    private const string MergeNote = "the series history has merges: only its first line of versions is imported";

    private static bool IsLinked(ObjectStore objects, Oid commit, Oid parent) =>
        objects.ReadTree(objects.ReadCommit(commit).Tree).Any(e => e.Mode == EntryMode.Gitlink && e.Id == parent);

    /// <summary>The <c>series</c> and <c>base</c> gitlinks of a series commit.</summary>
    private static (Oid Top, Oid Base) Links(CarryRepository repo, Oid commit, string name, string which)
    {
        var entries = repo.Objects.ReadTree(repo.Objects.ReadCommit(commit).Tree);
        Oid? Link(string entry) => entries.FirstOrDefault(e => e.Name == entry) is { } e
            ? e.Mode == EntryMode.Gitlink ? e.Id : throw Damaged(name, which, $"its '{entry}' is not a gitlink")
            : null;
        var top = Link("series") ?? throw Damaged(name, which, "it has no 'series' entry");
        var bottom = Link("base") ?? throw new CarryException($"{which} of git-series '{name}' has no base",
            $"set one with 'git series base <commit>' (and commit it) first.");
        foreach (var id in (Oid[])[top, bottom])
            if (!repo.Objects.Contains(id)) throw Damaged(name, which, $"it names commit {id.Short}, which this repository does not have");
        return (top, bottom);
    }

    /// <summary>The commits from <paramref name="bottom"/> (excluded) to <paramref name="top"/>, bottom first, named after their subjects.</summary>
    private static List<ForeignPatch> Patches(CarryRepository repo, Oid bottom, Oid top, string version, Dictionary<string, string> ids)
    {
        var objects = repo.Objects;
        var commits = new List<Oid>();
        for (var at = top; at != bottom;)
        {
            var commit = objects.ReadCommit(at);
            if (commit.Parents.Count == 0)
                throw new CarryException($"git-series version '{version}' is damaged: its base {bottom.Short} is not below its series {top.Short}", "check it with 'git series log'.");
            if (commit.Parents.Count != 1)
                throw new CarryException($"git-series version '{version}' is not a line of commits on its base ({at.Short} has {commit.Parents.Count} parents)",
                    "carry imports a series whose patches are single-parent commits on its base.");
            commits.Insert(0, at);
            at = commit.Parents[0];
        }
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var patches = new List<ForeignPatch>();
        foreach (var id in commits)
        {
            var name = PatchName.Unique(PatchName.FromSubject(objects.ReadCommit(id).Subject), taken);
            taken.Add(name);
            if (!ids.TryGetValue(name, out var patchId)) ids[name] = patchId = Patch.NewId();
            patches.Add(new ForeignPatch(name, id, ForeignState.Applied, [], patchId));
        }
        return patches;
    }

    private static CarryException Damaged(string name, string which, string why) =>
        new($"{which} of git-series '{name}' is damaged: {why}", "check it with 'git series log'.");
}
