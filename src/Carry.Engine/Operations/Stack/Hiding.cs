using Carry.Model;

namespace Carry.Operations.Stack;

/// <summary>
/// Hiding patches (StGit's <c>hide</c>): an unapplied patch kept in the stack, out of the way:
/// <c>series</c> leaves it out, <c>push</c> and <c>goto</c> pass it by, until <c>unhide</c>.
/// </summary>
public static class Hiding
{
    /// <summary>Hides unapplied patches; they move to the end of the unapplied list.</summary>
    public static TransactionResult Hide(StackSession session, IReadOnlyList<string> names, string command)
    {
        var patches = Distinct(session, names);
        if (patches.FirstOrDefault(p => session.State.IsApplied(p.Name)) is { } applied)
            throw new CarryException($"patch '{applied.Name}' is applied: only unapplied patches can be hidden", $"pop it first ('carry pop {applied.Name}').");
        if (patches.FirstOrDefault(p => p.Hidden) is { } hidden) throw new CarryException($"patch '{hidden.Name}' is already hidden");
        var tx = session.Begin();
        tx.Unapplied.RemoveAll(patches.Contains);
        tx.Unapplied.AddRange(patches.Select(p => p with { Hidden = true }));
        return tx.Execute(command, new("hide"));
    }

    /// <summary>Brings hidden patches back into the series, unapplied, where they were.</summary>
    public static TransactionResult Unhide(StackSession session, IReadOnlyList<string> names, string command)
    {
        var patches = Distinct(session, names);
        if (patches.FirstOrDefault(p => !p.Hidden) is { } shown) throw new CarryException($"patch '{shown.Name}' is not hidden");
        var tx = session.Begin();
        foreach (var p in patches) Authoring.Replace(tx, p, p with { Hidden = false });
        return tx.Execute(command, new("unhide"));
    }

    private static List<Patch> Distinct(StackSession session, IReadOnlyList<string> names)
    {
        if (names.Count == 0) throw new CarryException("name the patches");
        var patches = names.Select(session.Require).ToList();
        if (patches.Distinct().Count() != patches.Count) throw new CarryException("a patch is named twice");
        return patches;
    }
}
