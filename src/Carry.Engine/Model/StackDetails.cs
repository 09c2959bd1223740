using Carry.Git;

namespace Carry.Model;

/// <summary>A named version of the series (<c>carry version v6.1-rt1</c>): a state of the stack worth finding again.</summary>
/// <param name="Name">The version's name.</param>
/// <param name="State">The state commit it names.</param>
public sealed record StackVersion(string Name, Oid State);

/// <summary>
/// What a stack keeps besides its patches in order: its layers, the guards selected, the
/// patches that left it (landed upstream), its named versions and the conflict resolutions
/// it remembers. Carried unchanged by every command that does not mean to change it.
/// </summary>
/// <param name="Layers">The layers, lowest first.</param>
/// <param name="SelectedGuards">The guards <c>carry select</c> made active (names without <c>+</c>/<c>-</c>).</param>
/// <param name="Retired">Patches that left the series because upstream carries them, oldest first, with their evidence in <see cref="Patch.Status"/>.</param>
/// <param name="Versions">Named versions, oldest first.</param>
/// <param name="Resolutions">A tree of recorded conflict resolutions (see docs/storage.md), or null when none.</param>
public sealed record StackDetails(
    ValueList<Layer> Layers,
    ValueList<string> SelectedGuards,
    ValueList<Patch> Retired,
    ValueList<StackVersion> Versions,
    Oid? Resolutions)
{
    /// <summary>What a new stack starts with: the three built-in layers and nothing else.</summary>
    public static StackDetails Default { get; } = new(Layer.Defaults, [], [], [], null);

    /// <summary>
    /// A tree of <c>carry test</c> results by command and patch tree (see docs/unattended.md), or
    /// null. Knowledge rather than state, like <see cref="Resolutions"/>: undo keeps it.
    /// </summary>
    public Oid? TestResults { get; init; }

    /// <summary>
    /// The upstream commit below the commits <c>carry finish</c> made base history, or null when
    /// the base is upstream's own commit. A sync carries the commits between it and the base
    /// onto the new upstream, as <c>git rebase</c> would, instead of dropping them.
    /// </summary>
    public Oid? FinishedOn { get; init; }

    /// <summary>The layer named <paramref name="name"/>, or null.</summary>
    public Layer? FindLayer(string name) => Layers.FirstOrDefault(l => l.Name == name);

    /// <summary>
    /// Where a layer sits, lowest first: its index in <see cref="Layers"/>. A layer the stack
    /// does not list (only a hand-edited file can hold one) sorts last, with the upstream candidates.
    /// </summary>
    public int Rank(string layer)
    {
        for (var i = 0; i < Layers.Count; i++)
            if (Layers[i].Name == layer) return i;
        return Layers.Count;
    }

    /// <summary>The publishing rule of a patch's layer (<see cref="PublishRule.Upstream"/> for an unlisted layer).</summary>
    public PublishRule RuleOf(Patch patch) => FindLayer(patch.Layer)?.Rule ?? PublishRule.Upstream;

    /// <summary>True when the patch belongs to a layer that is never published (the development kit).</summary>
    public bool IsPrivate(Patch patch) => RuleOf(patch) == PublishRule.Private;

    /// <summary>
    /// True when the patch may be applied with the selected guards, as in Mercurial MQ: a patch
    /// without guards always applies; a <c>-g</c> guard blocks it when g is selected; when it has
    /// <c>+g</c> guards, it applies only if at least one of them is selected.
    /// </summary>
    public bool Allows(Patch patch) => BlockingGuard(patch) is null;

    /// <summary>The guard that keeps the patch from applying with the selected guards, or null when it may apply.</summary>
    public string? BlockingGuard(Patch patch)
    {
        if (patch.Guards.IsEmpty) return null;
        foreach (var g in patch.Guards)
            if (g[0] == '-' && SelectedGuards.Contains(g[1..])) return g;
        string? positive = null;
        foreach (var g in patch.Guards)
        {
            if (g[0] != '+') continue;
            if (SelectedGuards.Contains(g[1..])) return null;
            positive ??= g;
        }
        return positive;
    }
}
