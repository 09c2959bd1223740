using Carry.Git;
using Carry.Storage;

namespace Carry.Operations.Series;

/// <summary>
/// Finds a state of the stack from what a user types: a version name (<c>v6.1-rt1</c>), a
/// relative state (<c>@</c> the current one, <c>@~2</c> two commands back in <c>carry log</c>),
/// a hex prefix of a state in <c>carry log</c>, or any revision naming a state commit
/// (<c>refs/carry-remote/origin/work</c>, a full id).
/// </summary>
public static class StateSpec
{
    /// <summary>The record <paramref name="spec"/> names; throws a clear error when none or several do.</summary>
    public static StackRecord Resolve(CarryRepository repo, StackStore store, StackRecord current, string spec)
    {
        if (current.State.Details.Versions.LastOrDefault(v => v.Name == spec) is { } version) return store.Read(version.State);
        if (spec == "@" || spec.StartsWith("@~", StringComparison.Ordinal))
        {
            var steps = spec == "@" ? 0 : int.TryParse(spec[2..], out var n) && n >= 0 ? n : -1;
            if (steps < 0) throw Unknown(spec);
            var found = store.History(current).Skip(steps).FirstOrDefault();
            return found ?? throw new CarryException($"'{spec}': the stack's history has only {store.History(current).Count()} states",
                "'carry log' lists them.");
        }
        if (spec.Length >= 4 && spec.All(Uri.IsHexDigit))
        {
            var prefix = spec.ToLowerInvariant();
            var matches = store.History(current).Where(r => r.Id.Hex.StartsWith(prefix, StringComparison.Ordinal)).Take(2).ToList();
            if (matches.Count == 1) return matches[0];
            if (matches.Count > 1) throw new CarryException($"'{spec}' is ambiguous: several states in 'carry log' start with it", "type more digits.");
        }
        if (repo.ResolveCommit(spec) is { } id && IsState(repo, id)) return store.Read(id);
        throw Unknown(spec);
    }

    private static bool IsState(CarryRepository repo, Oid id)
    {
        var tree = repo.Objects.ReadTree(repo.Objects.ReadCommit(id).Tree);
        return tree.Any(e => e.Name == "stack") && tree.Any(e => e.Name == "history");
    }

    private static CarryException Unknown(string spec) => new(
        $"'{spec}' names no state of the stack",
        "use a version name ('carry versions'), '@' or '@~N' (N commands back), or a state id from 'carry log'.");
}
