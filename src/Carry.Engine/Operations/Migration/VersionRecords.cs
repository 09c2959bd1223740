using Carry.Git;
using Carry.Model;
using Carry.Operations.Series;
using Carry.Operations.Stack;

namespace Carry.Operations.Migration;

/// <summary>
/// The versions another tool kept (git-series) as carry versions: each one a stack record with
/// exactly that version's patches applied on its base, chained oldest first beside the stack's
/// own history. The import's record joins the newest of them (an extra parent: reachable, carried
/// by 'carry share'), so one 'carry undo' takes the import and its versions back together.
/// </summary>
internal static class VersionRecords
{
    /// <summary>Writes the records and names them in <paramref name="tx"/>; the newest record, or null when there are none.</summary>
    public static Oid? Write(StackSession session, StackTransaction tx, ForeignStack stack, string layer, string command)
    {
        if (stack.Versions is not { Count: > 0 } versions) return null;
        var names = tx.Details.Versions;
        Oid? previous = null;
        foreach (var version in versions)
        {
            Versions.CheckName(version.Name);
            if (names.Any(v => v.Name == version.Name))
                throw new CarryException($"version '{version.Name}' already exists", $"'carry version -d {version.Name}' removes it, or import into another stack.");
            var applied = version.Patches.Select(p => new Patch(p.Name, p.Id ?? Patch.NewId(), p.Commit) { Layer = layer }).ToList();
            var state = new StackState(session.Branch, tx.BaseRef, version.Base, [.. applied], [])
            {
                Details = tx.Details with { Versions = new ValueList<StackVersion>([]) },
            };
            previous = session.Store.Write(state, $"{command} ({version.Name}: {version.Summary})", session.Committer, previous, null, []);
            names = names.Add(new StackVersion(version.Name, previous.Value));
        }
        tx.Details = tx.Details with { Versions = names };
        return previous;
    }
}
