using System.Text;
using Carry.Formats;
using Carry.Git;
using Carry.Patches;

namespace Carry.Operations.Migration;

/// <summary>
/// Reads TopGit's topic branches and lays them in one line, as <c>tg export --linearize</c> does:
/// a topic is a branch with a base ref (<c>refs/top-bases/NAME</c> in TopGit 0.8,
/// <c>refs/heads/{top-bases}/NAME</c> in later ones); its <c>.topdeps</c> lists what it depends
/// on, its <c>.topmsg</c> is a mail header (From:, Subject:, body). Each topic's patch is its
/// branch against its base, without TopGit's own two files; the dependencies come first, in
/// <c>.topdeps</c> order, so a diamond is visited once.
/// </summary>
public static class TopGitTopics
{
    private static readonly string[] OwnFiles = [".topdeps", ".topmsg"];

    /// <summary>
    /// Every topic (or <paramref name="only"/> and what it depends on), dependencies first, as
    /// applied patches; an error when the repository has no topic or the dependencies loop.
    /// </summary>
    public static ForeignStack Read(CarryRepository repo, string? only)
    {
        var bases = Bases(repo);
        if (bases.Count == 0)
            throw new CarryException("this repository has no TopGit topic (no refs/top-bases/ or refs/heads/{top-bases}/ refs)",
                "create topics with 'tg create', or fetch them with 'tg remote --populate'.");
        var roots = only is null ? bases.Keys.Order(StringComparer.Ordinal).ToList()
            : bases.ContainsKey(only) ? [only]
            : throw new CarryException($"'{only}' is not a TopGit topic", $"'tg summary' lists them; known here: {string.Join(", ", bases.Keys.Order(StringComparer.Ordinal))}.");
        var order = new List<string>();
        var notes = new List<string>();
        var visiting = new HashSet<string>(StringComparer.Ordinal);
        foreach (var root in roots) Visit(repo, bases, root, order, visiting, notes);
        var patches = order.Select(topic => new ForeignPatch(topic, Patch(repo, topic, bases[topic], notes), ForeignState.Applied, [])).ToList();
        notes.Insert(0, $"TopGit topics in dependency order: {string.Join(", ", order)}");
        return new ForeignStack("topgit", patches, notes);
    }

    /// <summary>Topic name → its base commit, from either layout (the older one wins when both exist).</summary>
    private static Dictionary<string, Oid> Bases(CarryRepository repo)
    {
        var bases = new Dictionary<string, Oid>(StringComparer.Ordinal);
        foreach (var prefix in (string[])["refs/heads/{top-bases}/", "refs/top-bases/"])
            foreach (var name in repo.RefNames(prefix))
                if (repo.ReadRef(name) is { } id && repo.ReadRef("refs/heads/" + name[prefix.Length..]) is not null)
                    bases[name[prefix.Length..]] = id;
        return bases;
    }

    /// <summary>Depth first, dependencies before the topic, each once; a loop is refused.</summary>
    private static void Visit(CarryRepository repo, Dictionary<string, Oid> bases, string topic, List<string> order, HashSet<string> visiting, List<string> notes)
    {
        if (order.Contains(topic)) return;
        if (!visiting.Add(topic))
            throw new CarryException($"TopGit topic '{Paths.Printable.Of(topic)}' depends on itself (through .topdeps)", "break the loop with 'tg depend' first.");
        var head = repo.ReadRef("refs/heads/" + topic)!.Value;
        foreach (var dep in Deps(repo, head))
        {
            if (bases.ContainsKey(dep))
            {
                Visit(repo, bases, dep, order, visiting, notes);
                // Out of date: the base lacks the dependency's newest commits ('tg update' merges them).
                if (repo.ReadRef("refs/heads/" + dep) is { } depHead && !repo.IsAncestor(depHead, bases[topic]))
                    notes.Add($"topic '{Paths.Printable.Of(topic)}' is out of date with '{Paths.Printable.Of(dep)}' ('tg update' merges it): its change is taken against its own base");
            }
        }
        visiting.Remove(topic);
        order.Add(topic);
    }

    /// <summary>The lines of the topic's <c>.topdeps</c> (none when it has no such file).</summary>
    private static IEnumerable<string> Deps(CarryRepository repo, Oid head)
    {
        var objects = repo.Objects;
        if (TreeOps.Lookup(objects, objects.ReadCommit(head).Tree, ".topdeps") is not { IsTree: false } entry) return [];
        return Encoding.UTF8.GetString(objects.ReadBlob(entry.Id)).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0);
    }

    /// <summary>
    /// A commit on the base (without TopGit's files) holding the topic's change, with the message
    /// and author its <c>.topmsg</c> gives (the date: its Date: field, else the topic's last commit's).
    /// </summary>
    private static Oid Patch(CarryRepository repo, string topic, Oid @base, List<string> notes)
    {
        var objects = repo.Objects;
        var head = objects.ReadCommit(repo.ReadRef("refs/heads/" + topic)!.Value);
        var baseTree = Strip(objects, objects.ReadCommit(@base).Tree);
        var tree = Strip(objects, head.Tree);
        var msg = TreeOps.Lookup(objects, head.Tree, ".topmsg") is { IsTree: false } entry ? objects.ReadBlob(entry.Id) : [];
        if (Array.IndexOf(msg, (byte)0) >= 0)
            throw new CarryException($"the .topmsg of TopGit topic '{Paths.Printable.Of(topic)}' contains a NUL byte, which a commit message cannot hold");
        PatchMessage said;
        try
        {
            said = PatchMessage.From(UnifiedDiffReader.Parse(msg, ".topmsg"), topic);
        }
        catch (PatchFormatException e)
        {
            throw new CarryException($"cannot read the .topmsg of TopGit topic '{Paths.Printable.Of(topic)}': {e.Message}");
        }
        var author = head.Author;
        if (said.AuthorName is { } who) author = author with { Name = who, Email = said.AuthorEmail };
        if (said.Date is { } d) author = author with { UnixSeconds = d.ToUnixTimeSeconds(), OffsetMinutes = (int)d.Offset.TotalMinutes };
        if (baseTree == tree) notes.Add($"topic '{Paths.Printable.Of(topic)}' changes nothing yet: imported as an empty patch");
        var bottom = objects.WriteCommit(new CommitData(baseTree, [@base], head.Committer, head.Committer, "topgit base\n"));
        return objects.WriteCommit(new CommitData(tree, [bottom], author, head.Committer, said.Message));
    }

    /// <summary>The tree without TopGit's <c>.topdeps</c> and <c>.topmsg</c> at its top.</summary>
    private static Oid Strip(ObjectStore objects, Oid tree) =>
        TreeOps.Update(objects, tree, OwnFiles.Select(f => (f, (TreeEntry?)null)));
}
