using Carry.Model;

namespace Carry.Operations.Stack;

/// <summary>Push, pop and goto: changing which patches are applied, never what they hold.</summary>
public static class Navigation
{
    /// <summary>
    /// Applies unapplied patches: the named ones (in the order given, each moved to the front
    /// of the unapplied list first), or the next <paramref name="count"/>. A patch that does
    /// not apply stops the push there; the patches before it stay pushed.
    /// </summary>
    public static TransactionResult Push(StackSession session, IReadOnlyList<string> names, int count, string command,
        IProgress<(int, int, string)>? progress = null, CancellationToken cancel = default)
    {
        var state = session.State;
        var tx = session.Begin();
        // As in MQ, a patch the selected guards block is skipped, not a stopper; naming one is refused.
        var chosen = names.Count > 0
            ? names.Select(n => Allowed(session, Unapplied(session, n))).ToList()
            : state.Unapplied.Where(p => state.Details.Allows(p) && !p.Hidden).Take(count).ToList();
        if (chosen.Count == 0)
            throw new CarryException("no patches to push", state.Unapplied.Count == 0 ? "every patch is applied."
                : "the unapplied patches are all guarded off; 'carry select' chooses the active guards.");
        foreach (var p in chosen) tx.Unapplied.Remove(p);
        tx.Applied.AddRange(chosen);
        return tx.Execute(command, new("push") { AllOrNothing = false, Progress = progress, Cancellation = cancel });
    }

    /// <summary>
    /// Unapplies the top <paramref name="count"/> patches, or exactly the named ones (the
    /// patches above them are re-applied in order). Popped patches go to the front of the
    /// unapplied list, in series order, so the next push brings them back.
    /// </summary>
    public static TransactionResult Pop(StackSession session, IReadOnlyList<string> names, int count, string command, bool keep = false)
    {
        var state = session.State;
        if (state.Applied.Count == 0) throw new CarryException("no patches applied");
        var chosen = names.Count > 0
            ? names.Select(n => Applied(session, n)).ToHashSet()
            : state.Applied.Skip(Math.Max(0, state.Applied.Count - count)).ToHashSet();
        var tx = session.Begin();
        tx.Applied.RemoveAll(chosen.Contains);
        tx.Unapplied.InsertRange(0, state.Applied.Where(chosen.Contains));
        return tx.Execute(command, new("pop") { KeepLocalChanges = keep });
    }

    /// <summary>Pops or pushes until <paramref name="name"/> is the top patch.</summary>
    public static TransactionResult Goto(StackSession session, string name, string command,
        IProgress<(int, int, string)>? progress = null, CancellationToken cancel = default, bool keep = false)
    {
        var state = session.State;
        var target = session.Require(name);
        var tx = session.Begin();
        var index = state.Applied.IndexOf(target);
        if (index >= 0)
        {
            var above = state.Applied.Skip(index + 1).ToList();
            tx.Applied.RemoveRange(index + 1, above.Count);
            tx.Unapplied.InsertRange(0, above);
        }
        else
        {
            Allowed(session, target);
            var upTo = state.Unapplied.TakeWhile(p => p != target).Where(p => state.Details.Allows(p) && !p.Hidden).Append(target).ToList();
            tx.Unapplied.RemoveAll(upTo.Contains);
            tx.Applied.AddRange(upTo);
        }
        return tx.Execute(command, new("goto") { Progress = progress, Cancellation = cancel, AllOrNothing = false, KeepLocalChanges = keep });
    }

    internal static Patch Applied(StackSession session, string name)
    {
        var patch = session.Require(name);
        if (!session.State.IsApplied(name))
            throw new CarryException($"patch '{name}' is not applied", $"push it first with 'carry goto {name}'.");
        return patch;
    }

    /// <summary>Refuses a patch the selected guards block, naming the guard.</summary>
    internal static Patch Allowed(StackSession session, Patch patch)
    {
        if (patch.Hidden)
            throw new CarryException($"patch '{patch.Name}' is hidden", $"'carry unhide {patch.Name}' brings it back into the series.");
        if (session.State.Details.BlockingGuard(patch) is not { } guard) return patch;
        var selected = session.State.Details.SelectedGuards;
        throw new CarryException(
            $"patch '{patch.Name}' is guarded off by '{guard}' (selected: {(selected.IsEmpty ? "none" : string.Join(' ', selected))})",
            $"'carry select' changes the active guards; 'carry guard {patch.Name} --none' removes its guards.");
    }

    internal static Patch Unapplied(StackSession session, string name)
    {
        var patch = session.Require(name);
        if (session.State.IsApplied(name)) throw new CarryException($"patch '{name}' is already applied");
        return patch;
    }
}
