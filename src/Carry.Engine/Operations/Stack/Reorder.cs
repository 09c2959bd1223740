using Carry.Model;

namespace Carry.Operations.Stack;

/// <summary>Where <see cref="Reorder.Move"/> puts a patch.</summary>
public abstract record Destination
{
    /// <summary>Top of the applied patches (float).</summary>
    public sealed record Top : Destination;
    /// <summary>Bottom of the stack, right on the base (sink).</summary>
    public sealed record Bottom : Destination;
    /// <summary>Just before another patch; applied if that patch is.</summary>
    public sealed record Before(string Name) : Destination;
    /// <summary>Just after another patch; applied if that patch is.</summary>
    public sealed record After(string Name) : Destination;
}

/// <summary>Changing the order of the series.</summary>
public static class Reorder
{
    /// <summary>
    /// Moves patches (kept in the order given) to a new place in the series. The moved patches
    /// are applied when they land among applied patches; every patch whose parent changed is
    /// replayed, all or nothing.
    /// </summary>
    public static TransactionResult Move(StackSession session, IReadOnlyList<string> names, Destination to, string command)
    {
        var state = session.State;
        var moving = names.Select(session.Require).ToList();
        if (moving.Distinct().Count() != moving.Count) throw new CarryException("a patch is named twice");
        var applied = state.Applied.Where(p => !moving.Contains(p)).ToList();
        var unapplied = state.Unapplied.Where(p => !moving.Contains(p)).ToList();
        switch (to)
        {
            case Destination.Top: applied.AddRange(moving); break;
            case Destination.Bottom: applied.InsertRange(0, moving); break;
            case Destination.Before b: Insert(session, applied, unapplied, moving, b.Name, 0); break;
            case Destination.After a: Insert(session, applied, unapplied, moving, a.Name, 1); break;
        }
        LayerOrder.RequireLayerOrder(state.Details, applied);
        LayerOrder.RequireLayerOrder(state.Details, unapplied);
        var tx = session.Begin();
        tx.Applied.Clear();
        tx.Applied.AddRange(applied);
        tx.Unapplied.Clear();
        tx.Unapplied.AddRange(unapplied);
        return tx.Execute(command, new("move"));
    }

    private static void Insert(StackSession session, List<Patch> applied, List<Patch> unapplied, List<Patch> moving, string anchorName, int offset)
    {
        var anchor = session.Require(anchorName);
        if (moving.Contains(anchor)) throw new CarryException($"cannot move '{anchorName}' relative to itself");
        var list = applied.Contains(anchor) ? applied : unapplied;
        list.InsertRange(list.IndexOf(anchor) + offset, moving);
    }
}
