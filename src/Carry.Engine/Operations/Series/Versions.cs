using Carry.Model;
using Carry.Operations.Stack;
using Carry.Storage;

namespace Carry.Operations.Series;

/// <summary>A named version with the record it names, for listing.</summary>
/// <param name="Name">The version's name.</param>
/// <param name="Record">The state it names.</param>
public sealed record NamedState(string Name, StackRecord Record);

/// <summary>
/// Named versions of a series (<c>carry version v6.1.176-rt1</c>). A version is one line in the
/// stack description, <see cref="StackDetails.Versions"/>, naming a state commit; marking one is
/// an ordinary recorded command, so <c>carry undo</c> removes it again.
/// </summary>
public static class Versions
{
    /// <summary>
    /// Names the current state <paramref name="name"/> (the record current before this command).
    /// A name already in use is refused unless <paramref name="force"/> moves it.
    /// </summary>
    public static TransactionResult Mark(StackSession session, string name, bool force, string command)
    {
        CheckName(name);
        var current = session.Record ?? throw new CarryException($"branch '{session.Branch}' has no stack");
        var tx = session.Begin();
        var versions = tx.Details.Versions;
        if (versions.FirstOrDefault(v => v.Name == name) is { } existing)
        {
            if (!force)
                throw new CarryException($"version '{name}' already exists (state {existing.State.Short})",
                    "use --force to move it to the current state, or choose another name.");
            versions = new ValueList<StackVersion>(versions.Where(v => v.Name != name));
        }
        tx.Details = tx.Details with { Versions = versions.Add(new StackVersion(name, current.Id)) };
        return tx.Execute(command, new("version"));
    }

    /// <summary>Removes the version named <paramref name="name"/>.</summary>
    public static TransactionResult Remove(StackSession session, string name, string command)
    {
        var tx = session.Begin();
        if (tx.Details.Versions.All(v => v.Name != name))
            throw new CarryException($"version '{name}' does not exist", "'carry versions' lists them.");
        tx.Details = tx.Details with { Versions = new ValueList<StackVersion>(tx.Details.Versions.Where(v => v.Name != name)) };
        return tx.Execute(command, new("version"));
    }

    /// <summary>The current stack's versions, oldest first, each with the state it names.</summary>
    public static IReadOnlyList<NamedState> List(StackStore store, StackRecord current) =>
        [.. current.State.Details.Versions.Select(v => new NamedState(v.Name, store.Read(v.State)))];

    /// <summary>
    /// Version names are one shell word that cannot be read as a state (<c>@~2</c>, a commit id):
    /// no white space or control characters, none of <c>~ ^ : @</c> at the start, not all hex.
    /// </summary>
    public static void CheckName(string name)
    {
        string? problem = null;
        if (name.Length == 0 || name.Length > 100) problem = "must have 1 to 100 characters";
        else if (name.Any(ch => char.IsWhiteSpace(ch) || char.IsControl(ch) || ch is '~' or '^' or ':')) problem = "may not hold white space, '~', '^' or ':'";
        else if (name[0] is '-' or '@') problem = "may not start with '-' or '@'";
        else if (name.Length >= 4 && name.All(Uri.IsHexDigit)) problem = "may not look like a commit id (only hex digits)";
        if (problem is not null) throw new CarryException($"'{name}' is not a valid version name: it {problem}");
    }
}
