using Carry.Model;
using Carry.Operations.Stack;

namespace Carry.Operations.Layers;

/// <summary>
/// Guards, as in Mercurial MQ: <c>+name</c> on a patch applies it only when <c>name</c> is
/// selected, <c>-name</c> never when it is, and a patch without guards always applies
/// (<see cref="StackDetails.BlockingGuard"/>). After <c>guard</c> or <c>select</c> the applied
/// series follows: applied patches the guards now block are unapplied, and patches that were
/// guarded off and are allowed again are pushed back, all in one transaction (all or nothing).
/// </summary>
public static class Guards
{
    /// <summary>Sets a patch's guards (an empty list removes them).</summary>
    public static TransactionResult Set(StackSession session, string name, IReadOnlyList<string> guards, string command)
    {
        var patch = session.Require(name);
        foreach (var g in guards) RequireGuard(g, signed: true);
        if (guards.Distinct().Count() != guards.Count) throw new CarryException("a guard is named twice");
        var tx = session.Begin();
        Authoring.Replace(tx, patch, patch with { Guards = new ValueList<string>(guards) });
        Follow(tx, session.State);
        return tx.Execute(command, new("guard"));
    }

    /// <summary>Makes <paramref name="guards"/> the active ones (empty: none).</summary>
    public static TransactionResult Select(StackSession session, IReadOnlyList<string> guards, string command)
    {
        foreach (var g in guards) RequireGuard(g, signed: false);
        var tx = session.Begin();
        tx.Details = tx.Details with { SelectedGuards = new ValueList<string>(guards.Distinct()) };
        Follow(tx, session.State);
        return tx.Execute(command, new("select"));
    }

    /// <summary>
    /// Makes the applied series follow the guards: applied patches now blocked go to the front
    /// of the unapplied ones (in series order); unapplied patches that the guards of
    /// <paramref name="before"/> blocked and that are allowed now are applied again, on top of their layer.
    /// </summary>
    private static void Follow(StackTransaction tx, StackState before)
    {
        var now = tx.Details;
        var old = before.All.ToDictionary(p => p.Id);
        var blocked = tx.Applied.Where(p => !now.Allows(p)).ToList();
        var back = tx.Unapplied.Where(p => now.Allows(p) && !before.Details.Allows(old[p.Id])).ToList();
        tx.Applied.RemoveAll(blocked.Contains);
        tx.Unapplied.RemoveAll(back.Contains);
        tx.Unapplied.InsertRange(0, blocked);
        tx.Applied.AddRange(back);
    }

    private static void RequireGuard(string guard, bool signed)
    {
        var name = guard;
        if (signed)
        {
            // A bare sign has the right start but no name: saying it must start with '+' or '-' would puzzle.
            if (guard is "+" or "-")
                throw new CarryException($"guard '{guard}' has no name after its sign",
                    $"give the guard's name after the sign, e.g. '{guard}debug'.");
            if (guard.Length < 2 || guard[0] is not ('+' or '-'))
                throw new CarryException($"guard '{guard}' must start with '+' or '-'",
                    "'+name' applies the patch only when 'name' is selected; '-name' never when it is.");
            name = guard[1..];
        }
        else if (guard.StartsWith('+') || guard.StartsWith('-'))
            throw new CarryException($"select guards by name, without '+' or '-': 'carry select {guard[1..]}'");
        var problem = PatchName.Problem(name)?.Replace("patch", "guard") ?? (name.Contains('+') ? "a guard name cannot contain '+'" : null);
        if (problem is not null) throw new CarryException($"invalid guard name '{name}': {problem}");
    }
}
