using Carry.Git;
using Carry.Git.Checkout;
using Carry.Model;
using Carry.Replay;

namespace Carry.Operations.Stack;

/// <summary>Creating patches and changing what they hold or say.</summary>
public static class Authoring
{
    /// <summary>
    /// Adds an empty patch on top of the applied ones of its layer (<paramref name="layer"/>, else
    /// <see cref="LayerOrder.DefaultFor"/>); local changes stay in the working tree.
    /// </summary>
    public static TransactionResult New(StackSession session, string name, string? message, string command, string? layer = null)
    {
        layer ??= LayerOrder.DefaultFor(session);
        LayerOrder.Index(session.State.Details, layer);
        RequireFreeName(session, name);
        var state = session.State;
        var who = session.Repo.Author();
        var head = session.Repo.Objects.ReadCommit(state.Head);
        var text = Normalize(string.IsNullOrWhiteSpace(message) ? name : message);
        var commit = session.Repo.Objects.WriteCommit(new CommitData(head.Tree, [state.Head], who, session.Committer, text));
        var tx = session.Begin();
        tx.Applied.Add(new Patch(name, Patch.NewId(), commit) { Layer = layer });
        return tx.Execute(command, new("new"));
    }

    /// <summary>
    /// Folds the working tree's changes (tracked files, or only <paramref name="paths"/>, or
    /// only the index) into the top patch or into the applied patch <paramref name="into"/>;
    /// the patches above it are replayed on top of the refreshed one, all or nothing.
    /// </summary>
    public static TransactionResult Refresh(StackSession session, string? into, bool indexOnly, IReadOnlyList<string> paths, string command, string? message = null)
    {
        var state = session.State;
        var target = into is null
            ? state.Top ?? throw new CarryException("no patch applied", "create one with 'carry new <name>' first.")
            : Navigation.Applied(session, into);
        var objects = session.Repo.Objects;
        var headTree = objects.ReadCommit(state.Head).Tree;
        var (snapshot, index, indexFile) = WorkingTree.Snapshot(session.Repo, indexOnly, paths);
        try
        {
            if (snapshot == headTree)
                throw new CarryException("no local changes to refresh",
                    indexOnly ? "stage changes with 'git add' first." : "new files must be added with 'git add' first.");
            var old = objects.ReadCommit(target.Commit);
            var tree = snapshot;
            if (target != state.Top)
            {
                var merged = new TreeMerge(objects, session.Repo).Apply(headTree, snapshot, old.Tree);
                if (!merged.Succeeded)
                    throw new PatchConflictException(new Conflict(target.Name, merged.ConflictedPaths), "refresh");
                tree = merged.Tree;
            }
            var tx = session.Begin();
            var text = message is null ? old.Message : Normalize(message);
            Replace(tx, target, target with { Commit = objects.WriteCommit(old with { Tree = tree, Message = text, Committer = session.Committer }) });
            return tx.Execute(command, new("refresh") { WorkingIndex = (indexFile, snapshot), TakesLocalChanges = new Storage.TakenChanges(index, snapshot) });
        }
        catch
        {
            File.Delete(indexFile);
            throw;
        }
    }

    /// <summary>
    /// Changes a patch's message and/or author, and/or moves it to another layer (the series is
    /// re-sorted so lower layers stay below); patches above it are rebuilt on it.
    /// </summary>
    public static TransactionResult Edit(StackSession session, string name, string? message, Signature? author, string command, string? layer = null)
    {
        var patch = session.Require(name);
        // Checked here too for the library's callers: such an author would damage the stack for good.
        if (author is { IsWellFormed: false })
            throw new CarryException($"author '{author.Identity.ReplaceLineEndings("\\n")}' is not in the form \"Name <email>\"",
                "give one name and one email, with no '<', '>' or newline inside either.");
        var updated = patch;
        if (message is not null || author is not null)
        {
            var objects = session.Repo.Objects;
            var old = objects.ReadCommit(patch.Commit);
            var data = old with
            {
                Message = message is null ? old.Message : Normalize(message),
                Author = author ?? old.Author,
                Committer = session.Committer,
            };
            updated = updated with { Commit = objects.WriteCommit(data) };
        }
        if (layer is not null)
        {
            LayerOrder.Index(session.State.Details, layer);
            updated = updated with { Layer = layer };
        }
        var tx = session.Begin();
        Replace(tx, patch, updated);
        return tx.Execute(command, new("edit"));
    }

    /// <summary>Gives a patch a new name; its id, and so its history, stays the same.</summary>
    public static TransactionResult Rename(StackSession session, string from, string to, string command)
    {
        var patch = session.Require(from);
        RequireFreeName(session, to);
        var tx = session.Begin();
        Replace(tx, patch, patch with { Name = to });
        return tx.Execute(command, new("rename"));
    }

    /// <summary>Removes patches from the stack; applied patches above them are replayed without them.</summary>
    public static TransactionResult Delete(StackSession session, IReadOnlyList<string> names, string command)
    {
        var doomed = names.Select(session.Require).ToHashSet();
        var tx = session.Begin();
        tx.Applied.RemoveAll(doomed.Contains);
        tx.Unapplied.RemoveAll(doomed.Contains);
        return tx.Execute(command, new("delete"));
    }

    /// <summary>
    /// Combines patches, in the order given, into one patch that takes the place of the first
    /// of them in the series; it keeps that patch's id.
    /// </summary>
    public static TransactionResult Squash(StackSession session, IReadOnlyList<string> names, string? newName, string? message, string command)
    {
        if (names.Count < 2) throw new CarryException("squash needs at least two patches");
        var patches = names.Select(session.Require).ToList();
        if (patches.Distinct().Count() != patches.Count) throw new CarryException("a patch is named twice");
        var state = session.State;
        var order = state.All.ToList();
        var first = patches.MinBy(order.IndexOf)!;
        var name = newName ?? first.Name;
        if (name != first.Name && patches.All(p => p.Name != name)) RequireFreeName(session, name);

        var objects = session.Repo.Objects;
        var merge = new TreeMerge(objects, session.Repo);
        var firstCommit = objects.ReadCommit(first.Commit);
        var tree = objects.ParentTree(firstCommit);
        foreach (var p in patches)
        {
            var c = objects.ReadCommit(p.Commit);
            var from = objects.ParentTree(c);
            var step = merge.Apply(from, c.Tree, tree);
            if (!step.Succeeded) throw new PatchConflictException(new Conflict(p.Name, step.ConflictedPaths), "squash");
            tree = step.Tree;
        }
        var text = message is not null ? Normalize(message)
            : string.Join("\n", patches.Select(p => objects.ReadCommit(p.Commit).Message.TrimEnd('\n') + "\n"));
        var squashed = first with { Name = name, Commit = objects.WriteCommit(firstCommit with { Tree = tree, Message = text, Committer = session.Committer }) };

        var tx = session.Begin();
        var rest = patches.Where(p => p != first).ToHashSet();
        tx.Applied.RemoveAll(rest.Contains);
        tx.Unapplied.RemoveAll(rest.Contains);
        Replace(tx, first, squashed);
        return tx.Execute(command, new("squash"));
    }

    internal static void Replace(StackTransaction tx, Patch old, Patch updated)
    {
        var i = tx.Applied.IndexOf(old);
        if (i >= 0) tx.Applied[i] = updated;
        else tx.Unapplied[tx.Unapplied.IndexOf(old)] = updated;
    }

    internal static void RequireFreeName(StackSession session, string name)
    {
        if (PatchName.Problem(name) is { } problem) throw new CarryException($"invalid patch name '{name}': {problem}");
        if (session.State.Find(name) is not null) throw new CarryException($"patch '{name}' already exists",
            "choose another name, or see 'carry series'.");
    }

    /// <summary>Messages end with exactly one newline, as git stores them.</summary>
    internal static string Normalize(string message) => message.Trim('\n', '\r', ' ') + "\n";
}
