using Carry.Git;
using Carry.Model;

namespace Carry.Operations.Stack;

/// <summary>
/// Moving the line between the stack and the history below it: <c>finish</c> turns bottom
/// patches into ordinary commits of the base (StGit's <c>commit</c>), <c>uncommit</c> adopts
/// commits below the stack as patches. Neither changes a file: only the base moves.
/// </summary>
public static class BaseHistory
{
    /// <summary>
    /// Makes the applied patches from the bottom up to <paramref name="upTo"/> (or the bottom
    /// <paramref name="count"/>) part of the base. Private patches are refused: they must never
    /// become history that a push could send.
    /// </summary>
    public static (TransactionResult Result, IReadOnlyList<Patch> Finished) Finish(StackSession session, string? upTo, int count, string command)
    {
        var state = session.State;
        if (state.Applied.Count == 0) throw new CarryException("no patches applied", "only applied patches can be finished; 'carry push' applies them.");
        if (upTo is not null) count = state.Applied.IndexOf(Navigation.Applied(session, upTo)) + 1;
        if (count < 1) throw new CarryException("nothing to finish: the count must be at least 1");
        var finished = state.Applied.Take(count).ToList();
        if (finished.FirstOrDefault(state.Details.IsPrivate) is { } secret)
            throw new CarryException($"patch '{secret.Name}' is in the private layer '{secret.Layer}' and cannot become base history",
                $"finish only the patches below it, or move it out of the private layer first ('carry edit {secret.Name} --layer upstream').");
        var tx = session.Begin();
        tx.Base = finished[^1].Commit;
        // Where upstream's history ends: a sync carries what lies between it and the base.
        tx.Details = tx.Details with { FinishedOn = state.Details.FinishedOn ?? state.Base };
        tx.Applied.RemoveRange(0, finished.Count);
        return (tx.Execute(command, new("finish")), finished);
    }

    /// <summary>
    /// Adopts the <paramref name="count"/> first-parent commits below the stack as its bottom
    /// patches (named from their subjects, in the bottom patch's layer); the base moves down.
    /// </summary>
    public static (TransactionResult Result, IReadOnlyList<Patch> Adopted) Uncommit(StackSession session, int count, string command)
    {
        if (count < 1) throw new CarryException("nothing to uncommit: the count must be at least 1");
        var state = session.State;
        var objects = session.Repo.Objects;
        var newBase = state.Base;
        var finishedOn = state.Details.FinishedOn;
        for (var i = 0; i < count; i++)
        {
            // Down to upstream's history: no finished commit is left below the stack.
            if (newBase == finishedOn) finishedOn = null;
            var commit = objects.ReadCommit(newBase);
            newBase = commit.Parent ?? throw new CarryException(
                $"cannot uncommit {count} commit{(count == 1 ? "" : "s")}: commit {newBase.Short} ('{Paths.Printable.Of(commit.Subject)}') is the first commit of the history",
                "uncommit fewer commits.");
        }
        // The known patches only reserve their names: none of their commits is below the base.
        var layer = state.Applied.FirstOrDefault()?.Layer ?? LayerOrder.DefaultFor(session);
        var adopted = Init.Adopt(session, newBase, state.Base, [.. state.All]).Select(p => p with { Layer = layer }).ToList();
        var tx = session.Begin();
        tx.Base = newBase;
        tx.Details = tx.Details with { FinishedOn = newBase == finishedOn ? null : finishedOn };
        tx.Applied.InsertRange(0, adopted);
        return (tx.Execute(command, new("uncommit")), adopted);
    }
}
