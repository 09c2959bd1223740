using System.Collections.Immutable;
using System.Text;
using Carry.Git;
using Carry.Model;

namespace Carry.Storage;

/// <summary>
/// Reads and writes stack records as state commits under <c>refs/carry/&lt;branch&gt;</c>.
/// A state commit's tree holds <c>stack</c> (see <see cref="StackFile"/>) and <c>history</c>
/// (undo/redo bookkeeping); its parents are the previous record, the branch head and every
/// unapplied patch commit, so all of them stay reachable: safe from <c>git gc</c> and carried
/// by <c>git push</c>. See docs/storage.md.
/// </summary>
public sealed class StackStore(CarryRepository repo)
{
    /// <summary>The ref holding a branch's stack.</summary>
    public static string RefFor(string branch) => "refs/carry/" + branch;

    /// <summary>The newest record of the branch's stack, or null when it has none; a damaged stack ref is reported clearly.</summary>
    public StackRecord? Load(string branch)
    {
        var name = RefFor(branch);
        Oid? id;
        try
        {
            id = repo.ReadRef(name);
        }
        catch (BrokenRefException)
        {
            throw Damaged(name, "does not hold a commit id");
        }
        if (id is null) return null;
        return TryRead(id.Value, out var why) ?? throw Damaged(name, $"points at {id.Value.Short}, {why}");
    }

    /// <summary>The record in <paramref name="id"/>, or null (and why) when it is not a readable stack record.</summary>
    public StackRecord? TryRead(Oid id, out string why)
    {
        why = "";
        try
        {
            var record = Read(id);
            repo.Objects.ReadCommit(record.State.Head); // the branch head it records must exist too
            return record;
        }
        catch (MissingObjectException e)
        {
            why = e.Id == id ? "which is missing from the repository" : $"whose objects are incomplete ({e.Id.Short} is missing)";
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or InvalidOperationException or ArgumentException or KeyNotFoundException)
        {
            why = $"which is not a carry stack record ({e.Message})";
        }
        return null;
    }

    private static CarryException Damaged(string name, string why) => new(
        $"the stack ref {name} is damaged: it {why}",
        $"'carry repair --from-reflog' puts back its newest good state from the ref's reflog ('git reflog {name}' lists them).");

    /// <summary>Reads the record in state commit <paramref name="id"/>.</summary>
    public StackRecord Read(Oid id)
    {
        var objects = repo.Objects;
        var commit = objects.ReadCommit(id);
        var entries = objects.ReadTree(commit.Tree);
        string Blob(string name) =>
            entries.FirstOrDefault(e => e.Name == name) is { } e ? Encoding.UTF8.GetString(objects.ReadBlob(e.Id)) : "";

        var state = StackFile.Parse(Blob("stack"));
        Oid? undoBase = null, previous = null, joins = null;
        var redo = ImmutableList.CreateBuilder<Oid>();
        foreach (var line in Blob("history").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("previous ", StringComparison.Ordinal)) previous = StackFile.ObjectId("history", line[9..]);
            else if (line.StartsWith("undo-base ", StringComparison.Ordinal)) undoBase = StackFile.ObjectId("history", line[10..]);
            else if (line.StartsWith("redo ", StringComparison.Ordinal)) redo.Add(StackFile.ObjectId("history", line[5..]));
            else if (line.StartsWith("joins ", StringComparison.Ordinal)) joins = StackFile.ObjectId("history", line[6..]);
        }
        TakenChanges? taken = null;
        if (entries.FirstOrDefault(e => e.Name == "index-before") is { } ib && entries.FirstOrDefault(e => e.Name == "worktree-before") is { } wb)
            taken = new TakenChanges(ib.Id, wb.Id);
        TakenChanges? left = null;
        if (entries.FirstOrDefault(e => e.Name == "index-after") is { } ia && entries.FirstOrDefault(e => e.Name == "worktree-after") is { } wa)
            left = new TakenChanges(ia.Id, wa.Id);
        var command = commit.Subject.StartsWith("carry ", StringComparison.Ordinal) ? commit.Subject[6..] : commit.Subject;
        return new StackRecord(id, state, command, commit.Committer, previous, undoBase, redo.ToImmutable(), taken) { Joins = joins, LeftChanges = left };
    }

    /// <summary>Writes a new record (in memory until the object store is flushed).</summary>
    public Oid Write(StackState state, string command, Signature who, Oid? previous, Oid? undoBase, IEnumerable<Oid> redo, TakenChanges? taken = null, Oid? joins = null, TakenChanges? left = null)
    {
        var objects = repo.Objects;
        // The previous record is also the first parent, but parents are for reachability;
        // the history file says what each link means, so readers never guess from order.
        var history = new StringBuilder();
        if (previous is { } prev) history.Append("previous ").Append(prev.Hex).Append('\n');
        if (undoBase is { } u) history.Append("undo-base ").Append(u.Hex).Append('\n');
        foreach (var r in redo) history.Append("redo ").Append(r.Hex).Append('\n');
        if (joins is { } j) history.Append("joins ").Append(j.Hex).Append('\n');
        List<TreeEntry> entries =
        [
            new TreeEntry("stack", EntryMode.Regular, objects.WriteBlob(Encoding.UTF8.GetBytes(StackFile.Format(state)))),
            new TreeEntry("history", EntryMode.Regular, objects.WriteBlob(Encoding.UTF8.GetBytes(history.ToString()))),
        ];
        if (Sources(state) is { Count: > 0 } sources)
        {
            // Imported files and the series file are referenced only by id from the stack
            // description; a sub-tree keeps them reachable (gc, push) like everything else.
            entries.Add(new TreeEntry("sources", EntryMode.Tree,
                objects.WriteTree(sources.Select(s => new TreeEntry(s.Id.Hex, s.Mode, s.Id)))));
        }
        if (taken is not null)
        {
            // Kept as sub-trees so they stay reachable (and so undo can always give them back).
            entries.Add(new TreeEntry("index-before", EntryMode.Tree, taken.Index));
            entries.Add(new TreeEntry("worktree-before", EntryMode.Tree, taken.WorkingTree));
        }
        if (left is not null)
        {
            entries.Add(new TreeEntry("index-after", EntryMode.Tree, left.Index));
            entries.Add(new TreeEntry("worktree-after", EntryMode.Tree, left.WorkingTree));
        }
        var tree = objects.WriteTree(entries);
        var parents = new List<Oid>();
        if (previous is { } p) parents.Add(p);
        parents.Add(state.Head);
        foreach (var patch in state.Unapplied)
            if (!parents.Contains(patch.Commit)) parents.Add(patch.Commit);
        if (RetiredKeeper(state) is { } keeper) parents.Add(keeper);
        if (joins is { } joined && !parents.Contains(joined)) parents.Add(joined);
        var message = $"carry {command}\n\n{state.Applied.Count} applied, {state.Unapplied.Count} unapplied, base {state.Base.Short} ({state.BaseRef})\n";
        return objects.WriteCommit(new CommitData(tree, parents, who, who, message));
    }

    /// <summary>
    /// One commit whose parents are the retired patches' commits, so they stay reachable without
    /// the state commit growing a parent per patch retired over the years. Its fixed author,
    /// date and message make it the same object from state to state while the list is unchanged.
    /// </summary>
    private Oid? RetiredKeeper(StackState state)
    {
        if (state.Details.Retired.IsEmpty) return null;
        var nobody = new Signature("carry", "carry@localhost", 0, 0);
        var parents = state.Details.Retired.Select(p => p.Commit).Distinct().ToList();
        // A real (non-empty) tree: the empty tree is virtual in git and not every tool accepts it missing.
        var note = repo.Objects.WriteBlob(Encoding.UTF8.GetBytes("Parents: the commits of patches retired from this stack.\n"));
        var tree = repo.Objects.WriteTree([new TreeEntry("README", EntryMode.Regular, note)]);
        return repo.Objects.WriteCommit(new CommitData(tree, parents, nobody, nobody, "carry: retired patches\n"));
    }

    private static List<(Oid Id, int Mode)> Sources(StackState state)
    {
        var ids = new HashSet<(Oid, int)>();
        if (state.Series is { } series) ids.Add((series, EntryMode.Tree));
        if (state.Details.Resolutions is { } resolutions) ids.Add((resolutions, EntryMode.Tree));
        if (state.Sync?.Upstream is { } upstream) ids.Add((upstream, EntryMode.Regular));
        if (state.Details.TestResults is { } tests) ids.Add((tests, EntryMode.Tree));
        foreach (var p in state.All.Concat(state.Details.Retired))
            if (p.Source is { } s) ids.Add((s.Blob, EntryMode.Regular));
        return [.. ids];
    }

    /// <summary>The records from <paramref name="newest"/> back to the first, newest first.</summary>
    public IEnumerable<StackRecord> History(StackRecord newest)
    {
        for (StackRecord? r = newest; r is not null; r = r.Previous is { } p ? Read(p) : null)
            yield return r;
    }
}
