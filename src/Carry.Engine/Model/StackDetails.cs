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

    /// <summary>The layer named <paramref name="name"/>, or null.</summary>
    public Layer? FindLayer(string name) => Layers.FirstOrDefault(l => l.Name == name);
}
