using Carry.Git;
using Carry.Model;
using Carry.Operations.Stack;
using Carry.Replay;

namespace Carry.Operations.Layers;

/// <summary>What to publish, and where.</summary>
/// <param name="Patches">Patches to publish (any order: they are published in series order).</param>
/// <param name="Layers">Layers whose applied patches are published.</param>
/// <param name="Branch">The branch to write; null: from <c>carry.publish.branch</c>, else <c>publish/&lt;stack branch&gt;</c>.</param>
/// <param name="Trailer">Add a <c>Carry-Id:</c> trailer; null: from <c>carry.publish.trailer</c> (default true).</param>
public sealed record PublishOptions(IReadOnlyList<string> Patches, IReadOnlyList<string> Layers, string? Branch = null, bool? Trailer = null)
{
    /// <summary>Reports each patch published (done, total, name).</summary>
    public IProgress<(int Done, int Total, string Name)>? Progress { get; init; }
}

/// <summary>One published patch: the commit that carries it on the published branch.</summary>
/// <param name="Name">The patch.</param>
/// <param name="Id">Its stable id (the <c>Carry-Id</c> trailer's value).</param>
/// <param name="Commit">Its commit on the published branch.</param>
/// <param name="Kind">How it applied on the published patches below it.</param>
public sealed record PublishedPatch(string Name, string Id, Oid Commit, MergeKind Kind);

/// <summary>What a publish wrote.</summary>
/// <param name="Branch">The branch's short name.</param>
/// <param name="Previous">Where the branch was before (null: it is new).</param>
/// <param name="Head">Its new head.</param>
/// <param name="Base">The base it sits on.</param>
/// <param name="Patches">The published patches, bottom first.</param>
public sealed record PublishResult(string Branch, Oid? Previous, Oid Head, Oid Base, IReadOnlyList<PublishedPatch> Patches);

/// <summary>
/// A patch chosen for publishing does not apply without a patch that is not published (a
/// private one, or one left out of the selection). Nothing was written.
/// </summary>
public sealed class PublishDependencyException(string patch, string needed, bool neededIsPrivate, string path)
    : CarryException(
        neededIsPrivate
            ? $"patch '{patch}' needs private patch '{needed}' (file {path}): it does not apply on the base without it, and private patches are never published"
            : $"patch '{patch}' needs patch '{needed}' (file {path}), which is not being published",
        neededIsPrivate
            ? $"make '{patch}' independent of the kit (edit it so that it applies on the base alone), or move what it needs out of the private layer ('carry layer set upstream {needed}')."
            : $"publish both ('carry publish {needed} {patch}'), or edit '{patch}' so that it applies without it.")
{
    /// <summary>The patch that does not apply alone.</summary>
    public string Patch { get; } = patch;

    /// <summary>The patch it needs.</summary>
    public string Needed { get; } = needed;

    /// <summary>True when the needed patch is private.</summary>
    public bool NeededIsPrivate { get; } = neededIsPrivate;

    /// <summary>The file they both touch.</summary>
    public string Path { get; } = path;
}

/// <summary>
/// Builds a clean branch from chosen patches on the bare base, never with a private patch:
/// each chosen patch is applied, on trees in memory, on the previous published one, so the
/// branch shows that every patch applies without the development kit. Each commit keeps the
/// patch's message and author and gets a <c>Carry-Id:</c> trailer (so a sync can recognise it
/// upstream, even after review edits). The stack, the index and the working tree are not
/// touched; only the published branch moves. See docs/layers.md.
/// </summary>
public static class Publish
{
    /// <summary>Git config: the published branch's name; <c>{branch}</c> stands for the stack's branch.</summary>
    public const string BranchKey = "carry.publish.branch";

    /// <summary>Git config: <c>false</c> leaves out the <c>Carry-Id:</c> trailer.</summary>
    public const string TrailerKey = "carry.publish.trailer";

    /// <summary>The trailer's key.</summary>
    public const string Trailer = "Carry-Id";

    /// <summary>
    /// The patches to publish, in series order: the named ones and the applied patches of the
    /// named layers; with neither, every applied patch that is not private. Naming a private
    /// patch or layer is refused.
    /// </summary>
    public static IReadOnlyList<Patch> Choose(StackState state, IReadOnlyList<string> names, IReadOnlyList<string> layers)
    {
        var details = state.Details;
        var chosen = new HashSet<Patch>();
        foreach (var name in names)
        {
            var patch = state.Find(name) ?? throw StackSession.NoSuchPatch(state, name);
            if (details.IsPrivate(patch))
                throw new CarryException($"patch '{name}' is in private layer '{patch.Layer}': private patches are never published",
                    $"move it to a published layer first if it should be ('carry layer set upstream {name}').");
            chosen.Add(patch);
        }
        foreach (var layer in layers)
        {
            var l = details.Layers[LayerOrder.Index(details, layer)];
            if (l.Rule == PublishRule.Private) throw new CarryException($"layer '{layer}' is private: its patches are never published");
            chosen.UnionWith(state.Applied.Where(p => p.Layer == layer));
        }
        if (names.Count == 0 && layers.Count == 0) chosen.UnionWith(state.Applied.Where(p => !details.IsPrivate(p)));
        if (chosen.Count == 0)
            throw new CarryException("nothing to publish: no applied patch outside the private layers",
                "name the patches or layers to publish, e.g. 'carry publish --layer upstream'.");
        return [.. state.All.Where(chosen.Contains)];
    }

    /// <summary>The published branch's name for the stack: <c>carry.publish.branch</c> (with <c>{branch}</c>), else <c>publish/BRANCH</c>.</summary>
    public static string BranchFor(StackSession session)
    {
        var pattern = session.Repo.Config(BranchKey);
        return string.IsNullOrEmpty(pattern) ? "publish/" + session.Branch : pattern.Replace("{branch}", session.Branch);
    }

    /// <summary>Builds the branch and moves it; the stack does not change.</summary>
    public static PublishResult Run(StackSession session, PublishOptions options)
    {
        var state = session.State;
        var chosen = Choose(state, options.Patches, options.Layers);
        RefuseKitCopies(session, chosen);
        var branch = options.Branch ?? BranchFor(session);
        RequireBranchName(session, branch);
        var trailer = options.Trailer ?? !string.Equals(session.Repo.Config(TrailerKey), "false", StringComparison.OrdinalIgnoreCase);

        var objects = session.Repo.Objects;
        var merge = new TreeMerge(objects, session.Repo);
        var parent = state.Base;
        var tree = objects.ReadCommit(parent).Tree;
        var published = new List<PublishedPatch>();
        foreach (var patch in chosen)
        {
            options.Progress?.Report((published.Count, chosen.Count, patch.Name));
            var commit = objects.ReadCommit(patch.Commit);
            var result = merge.Apply(objects.ParentTree(commit), commit.Tree, tree);
            if (!result.Succeeded) throw Diagnose(state, chosen, patch, tree, merge, objects, result.ConflictedPaths);
            var message = trailer ? WithTrailer(commit.Message, patch.Id) : commit.Message;
            // The patch's own author and committer: republishing an unchanged series gives the same commits.
            parent = objects.WriteCommit(new CommitData(result.Tree, [parent], commit.Author, commit.Committer, message));
            tree = result.Tree;
            published.Add(new PublishedPatch(patch.Name, patch.Id, parent, result.Kind));
        }
        objects.Flush();
        var full = "refs/heads/" + branch;
        var previous = session.Repo.ReadRef(full);
        if (previous != parent)
            session.Repo.UpdateRefs([new RefUpdate(full, previous, parent)], $"carry: publish {published.Count} patches of {state.Branch}");
        return new PublishResult(branch, previous, parent, state.Base, published);
    }

    /// <summary>
    /// Pushes the published branch to <paramref name="remote"/> under the same name, with
    /// <c>--force-with-lease</c> (a republish replaces the branch, unless someone else moved it).
    /// </summary>
    public static GitResult Push(StackSession session, string remote, PublishResult result)
    {
        var full = "refs/heads/" + result.Branch;
        var run = Remotes.PushWithLease(session.Repo, remote, full);
        if (!run.Ok)
            throw new CarryException($"could not push '{result.Branch}' to '{remote}': {run.Stderr.Trim()}",
                $"the branch was published locally; push it yourself with 'git push --force-with-lease {remote} {result.Branch}'.");
        return run;
    }

    /// <summary>The message with a <c>Carry-Id: ID</c> trailer: added to a last paragraph of trailers, else as a new paragraph.</summary>
    public static string WithTrailer(string message, string id)
    {
        var line = $"{Trailer}: {id}";
        var text = message.TrimEnd('\n', ' ', '\r');
        var lines = text.Split('\n');
        if (lines.Any(l => l.TrimEnd() == line)) return text + "\n";
        var blank = Array.FindLastIndex(lines, l => l.Trim().Length == 0);
        var lastIsTrailers = blank > 0 && lines.Skip(blank + 1).All(IsTrailerLine);
        return text + (lastIsTrailers ? "\n" : "\n\n") + line + "\n";
    }

    private static bool IsTrailerLine(string line)
    {
        var colon = line.IndexOf(':');
        return colon > 0 && line[..colon].All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
    }

    /// <summary>
    /// Says why a chosen patch does not apply on the published ones: the private patch below it
    /// that touches the conflicting file and lets it apply, else a left-out published patch,
    /// else a plain conflict.
    /// </summary>
    private static CarryException Diagnose(StackState state, IReadOnlyList<Patch> chosen, Patch patch, Oid tree, TreeMerge merge,
        ObjectStore objects, IReadOnlyList<string> paths)
    {
        var below = state.All.TakeWhile(p => p != patch).Where(p => !chosen.Contains(p)).ToList();
        var commit = objects.ReadCommit(patch.Commit);
        foreach (var privateFirst in (bool[])[true, false])
        {
            var candidates = below.Where(p => state.Details.IsPrivate(p) == privateFirst).ToList();
            if (candidates.Count == 0) continue;
            // Does it apply with all of them? Then name the nearest one that touches a conflicting file.
            var with = tree;
            foreach (var c in candidates)
            {
                var cc = objects.ReadCommit(c.Commit);
                var step = merge.Apply(objects.ParentTree(cc), cc.Tree, with);
                if (step.Succeeded) with = step.Tree;
            }
            if (!merge.Apply(objects.ParentTree(commit), commit.Tree, with).Succeeded) continue;
            foreach (var c in Enumerable.Reverse(candidates))
            {
                var cc = objects.ReadCommit(c.Commit);
                var touched = TreeOps.Diff(objects, objects.ParentTree(cc), cc.Tree).Select(d => RawPath.ToText(d.Path)).ToHashSet();
                if (paths.FirstOrDefault(touched.Contains) is { } path)
                    return new PublishDependencyException(patch.Name, c.Name, privateFirst, path);
            }
            return new PublishDependencyException(patch.Name, candidates[^1].Name, privateFirst, paths.FirstOrDefault() ?? "?");
        }
        return new CarryException(
            $"publish stopped: patch '{patch.Name}' does not apply on {state.BaseName} with the patches published below it; it conflicts in:\n"
            + string.Concat(paths.Select(p => $"\t{p}\n")).TrimEnd('\n') + "\nnothing was written.",
            "edit the patch so that it applies on the base, or publish the patches it builds on too.");
    }

    /// <summary>
    /// A patch outside the private layers can still hold the kit: a copy adopted by an old
    /// repair, a cherry-pick, a patch made private in another stack only. Any chosen patch that
    /// holds a private patch of any stack (<see cref="PrivatePatches"/>) refuses the publish.
    /// </summary>
    private static void RefuseKitCopies(StackSession session, IReadOnlyList<Patch> chosen)
    {
        var kit = PrivatePatches.Load(session.Repo);
        if (kit.IsEmpty) return;
        var state = session.State;
        // The patches are published on the base: a base that is another stack's branch carries its kit along.
        if (KitInBase.Find(session.Repo, kit, state.BaseRef, state.Base).FirstOrDefault() is { } inBase)
            throw KitInBase.Refusal(session.Repo, "publish refused", state.BaseName, inBase);
        foreach (var patch in chosen)
            if (kit.WithId(patch.Id) is { } same) throw HoldsPrivate(patch.Name, new PrivateMatch(patch.Commit, same.Patch, same.Stack, "same patch id"));
        var byCommit = chosen.ToDictionary(p => p.Commit);
        if (kit.Find(chosen.Select(p => p.Commit)).FirstOrDefault() is { } match) throw HoldsPrivate(byCommit[match.Commit].Name, match);
    }

    private static CarryException HoldsPrivate(string patch, PrivateMatch match) => new(
        $"patch '{patch}' holds private patch '{match.Patch.Name}' (layer '{match.Patch.Layer}' of stack '{match.Stack}'; {match.How}): private patches are never published",
        $"if it is a copy of the kit, remove it ('carry delete {patch}'); if it belongs in a published layer, make it differ from the kit's change.");

    private static void RequireBranchName(StackSession session, string branch)
    {
        if (!Revisions.IsValidBranchName(session.Repo, branch)) throw new CarryException($"'{branch}' is not a valid branch name");
        if (branch == session.Branch || session.Repo.CurrentBranch == branch)
            throw new CarryException($"cannot publish onto '{branch}': it is checked out", "publish to another branch with --branch NAME.");
        if (session.Repo.ReadRef(Storage.StackStore.RefFor(branch)) is not null)
            throw new CarryException($"cannot publish onto '{branch}': it has a carry stack of its own", "publish to another branch with --branch NAME.");
    }
}
