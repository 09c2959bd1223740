using System.Collections.Immutable;
using Carry.Git;

namespace Carry.Model;

/// <summary>
/// Where a stack stands: its base, the applied patches in order from the base up (each one's
/// commit sits on the previous one's), and the unapplied patches in the order they would be
/// pushed. Plain data: commands compute a new state, a transaction makes it real.
/// </summary>
/// <param name="Branch">The branch (short name).</param>
/// <param name="BaseRef">The upstream ref the base came from.</param>
/// <param name="Base">The commit the stack sits on.</param>
/// <param name="Applied">Applied patches, bottom first.</param>
/// <param name="Unapplied">Unapplied patches, in push order.</param>
/// <param name="Series">The quilt <c>series</c> file a series import read, kept so export can rebuild it with its comments and options.</param>
public sealed record StackState(
    string Branch,
    string BaseRef,
    Oid Base,
    ImmutableList<Patch> Applied,
    ImmutableList<Patch> Unapplied,
    Oid? Series = null)
{
    /// <summary>Layers, selected guards, retired patches, versions and resolutions.</summary>
    public StackDetails Details { get; init; } = StackDetails.Default;

    /// <summary>Set while a sync is stopped at a conflict: what it was doing.</summary>
    public SyncProgress? Sync { get; init; }

    /// <summary>The commit the branch points to when this state is in place.</summary>
    public Oid Head => Applied.Count > 0 ? Applied[^1].Commit : Base;

    /// <summary>The base ref as people write it: "origin/main" for refs/remotes/origin/main.</summary>
    public string BaseName
    {
        get
        {
            foreach (var prefix in (string[])["refs/heads/", "refs/remotes/", "refs/tags/"])
                if (BaseRef.StartsWith(prefix, StringComparison.Ordinal)) return BaseRef[prefix.Length..];
            return BaseRef;
        }
    }

    /// <summary>All patches in series order: applied, then unapplied.</summary>
    public IEnumerable<Patch> All => Applied.Concat(Unapplied);

    /// <summary>The top applied patch, or null.</summary>
    public Patch? Top => Applied.Count > 0 ? Applied[^1] : null;

    /// <summary>The patch named <paramref name="name"/>, or null.</summary>
    public Patch? Find(string name) => All.FirstOrDefault(p => p.Name == name);

    /// <summary>True when the named patch is applied.</summary>
    public bool IsApplied(string name) => Applied.Any(p => p.Name == name);
}
