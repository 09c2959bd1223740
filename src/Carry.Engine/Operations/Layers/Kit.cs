using Carry.Formats;
using Carry.Model;
using Carry.Operations.PatchFiles;
using Carry.Operations.Stack;

namespace Carry.Operations.Layers;

/// <summary>One kit patch file that was not applied, and why.</summary>
/// <param name="File">The file (or mail) it came from.</param>
/// <param name="Reason">What went wrong: the file and hunk that did not apply, or why it could not be read.</param>
public sealed record SkippedPatch(string File, string Reason);

/// <summary>What <see cref="Kit.Apply"/> did.</summary>
/// <param name="Transaction">The transaction that put the kit in place; null when nothing applied.</param>
/// <param name="Applied">The kit patches now in the stack, bottom first.</param>
/// <param name="Skipped">The kit patches that did not apply here, in the kit's order.</param>
public sealed record KitApplyResult(TransactionResult? Transaction, IReadOnlyList<ImportedPatch> Applied, IReadOnlyList<SkippedPatch> Skipped);

/// <summary>
/// A portable development kit: the private layer of one repository written out as files
/// (a quilt series folder or an mbox), and applied to another repository as private patches
/// under the work. See docs/layers.md.
/// </summary>
public static class Kit
{
    /// <summary>The stack reduced to its private layer (applied private patches sit right on the base).</summary>
    public static StackState PrivateLayer(StackState state)
    {
        var details = state.Details;
        var applied = state.Applied.TakeWhile(details.IsPrivate).ToList();
        var unapplied = state.Unapplied.Where(details.IsPrivate).ToList();
        if (applied.Count + unapplied.Count == 0)
            throw new CarryException("the stack has no private patches: there is no kit to export",
                "put patches in the private layer with 'carry layer set private <patch>…' (or 'carry new NAME --layer private').");
        return state with { Applied = [.. applied], Unapplied = [.. unapplied], Series = null };
    }

    /// <summary>Writes the private layer as a quilt series folder (every private patch, applied or not).</summary>
    public static IReadOnlyList<ExportedPatch> ExportQuilt(StackSession session, string dir, bool overwrite) =>
        Export.Quilt(session, dir, overwrite, PrivateLayer(session.State));

    /// <summary>Writes the applied private patches as one mbox file.</summary>
    public static IReadOnlyList<ExportedPatch> ExportMbox(StackSession session, string file) =>
        Export.Mbox(session, file, asFolder: false, coverLetter: false, PrivateLayer(session.State));

    /// <summary>
    /// Applies kit patch files as private patches: each on the base plus the stack's private
    /// patches plus the kit patches applied before it, in order, then placed above the
    /// stack's private patches and under everything else (which is replayed on top, all or
    /// nothing). A kit patch that does not apply here is skipped and reported, not fatal,
    /// unless <paramref name="allOrNothing"/>: a kit follows its owner across projects, and the
    /// parts that fit one project are still worth having.
    /// </summary>
    public static KitApplyResult Apply(StackSession session, IReadOnlyList<ImportItem> items, ImportOptions options, string? layer, bool allOrNothing, string command)
    {
        if (items.Count == 0) throw new CarryException("the kit has no patches");
        var state = session.State;
        var details = state.Details;
        layer ??= details.Layers.FirstOrDefault(l => l.Rule == PublishRule.Private)?.Name
            ?? throw new CarryException("the stack has no private layer", "add one: 'carry layer add private --rule private'.");
        if (details.FindLayer(layer) is not { Rule: PublishRule.Private })
            throw new CarryException($"layer '{layer}' is not private: a development kit goes into a private layer");

        var objects = session.Repo.Objects;
        var applier = Import.Applier(session);
        var user = session.Repo.Author();
        var taken = state.All.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var below = state.Applied.TakeWhile(details.IsPrivate).ToList();
        var parent = below.Count > 0 ? below[^1].Commit : state.Base;
        var tree = objects.ReadCommit(parent).Tree;
        var added = new List<Patch>();
        var applied = new List<ImportedPatch>();
        var skipped = new List<SkippedPatch>();
        foreach (var item in items)
        {
            try
            {
                var (patch, fit) = Import.Build(session, applier, item, options, parent, tree, taken, user);
                added.Add(patch with { Layer = layer });
                applied.Add(new ImportedPatch(patch.Name, item.File, fit));
                parent = patch.Commit;
                tree = fit.Tree!.Value;
            }
            catch (ImportFailedException e)
            {
                if (allOrNothing) throw;
                skipped.Add(new SkippedPatch(item.File, Reason(e.Message)));
            }
        }
        if (added.Count == 0) return new KitApplyResult(null, applied, skipped);
        var tx = session.Begin();
        tx.Applied.InsertRange(below.Count, added);
        return new KitApplyResult(tx.Execute(command, new("kit apply")), applied, skipped);
    }

    /// <summary>Import's message without its "import stopped" framing: the per-patch reason.</summary>
    private static string Reason(string message)
    {
        var lines = message.Split('\n').Where(l => !l.StartsWith("nothing was changed", StringComparison.Ordinal)).ToList();
        if (lines.Count > 0) lines[0] = lines[0].Replace("import stopped: ", "");
        return string.Join('\n', lines);
    }

    /// <summary>
    /// Brings the newest private layer of the stacks sharing it (<see cref="SharedLayer"/>) into
    /// this stack, under its other patches; null when this stack's kit is already the newest.
    /// </summary>
    public static TransactionResult? Update(StackSession session, string command)
    {
        var newest = SharedLayer.Newest(session)
            ?? throw new CarryException("the stack has no private patches: no kit to update");
        if (SharedLayer.IsCurrent(session, newest)) return null;
        var tx = session.Begin();
        SharedLayer.Splice(tx, newest);
        return tx.Execute(command, new("kit update"));
    }
}
