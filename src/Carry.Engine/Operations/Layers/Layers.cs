using Carry.Model;
using Carry.Operations.Stack;

namespace Carry.Operations.Layers;

/// <summary>Where <see cref="Layers.Add"/> puts a new layer.</summary>
/// <param name="Below">Just below this layer, or null.</param>
/// <param name="Above">Just above this layer, or null.</param>
public sealed record LayerPlace(string? Below = null, string? Above = null);

/// <summary>
/// Layers: named groups of patches with a publishing rule, ordered lowest first. Every patch
/// belongs to one, and the series keeps lower layers below higher ones: the transaction sorts
/// the patches by layer (stable), replaying in memory, and a patch that no longer applies in
/// its new place refuses the whole command. See docs/layers.md.
/// </summary>
public static class Layers
{

    /// <summary>
    /// Adds a layer. By default a private layer goes just above the last private one (private
    /// layers sit lowest) and any other layer on top; a private layer may never sit above a
    /// layer that is published.
    /// </summary>
    public static TransactionResult Add(StackSession session, string name, PublishRule rule, LayerPlace place, string command)
    {
        if (PatchName.Problem(name) is { } problem) throw new CarryException($"invalid layer name '{name}': {problem.Replace("patch", "layer")}");
        var details = session.State.Details;
        if (details.FindLayer(name) is not null) throw new CarryException($"layer '{name}' already exists", "'carry layer' lists the layers.");
        var layers = details.Layers.ToList();
        int at;
        if (place.Below is { } below) at = LayerOrder.Index(details, below);
        else if (place.Above is { } above) at = LayerOrder.Index(details, above) + 1;
        else at = rule == PublishRule.Private ? layers.FindLastIndex(l => l.Rule == PublishRule.Private) + 1 : layers.Count;
        layers.Insert(at, new Layer(name, rule));
        RequirePrivateLowest(layers);
        var tx = session.Begin();
        tx.Details = details with { Layers = new ValueList<Layer>(layers) };
        return tx.Execute(command, new("layer add"));
    }

    /// <summary>Removes a layer that no patch belongs to (the built-in ones stay).</summary>
    public static TransactionResult Remove(StackSession session, string name, string command)
    {
        var state = session.State;
        var details = state.Details;
        LayerOrder.Index(details, name);
        if (name is Layer.Private or Layer.Fork or Layer.Upstream) throw new CarryException($"layer '{name}' is built in and cannot be removed");
        if (state.All.FirstOrDefault(p => p.Layer == name) is { } used)
            throw new CarryException($"layer '{name}' still holds patch '{used.Name}'", $"move its patches first: 'carry layer set <layer> <patch>…'.");
        var tx = session.Begin();
        tx.Details = details with { Layers = new ValueList<Layer>(details.Layers.Where(l => l.Name != name)) };
        return tx.Execute(command, new("layer remove"));
    }

    /// <summary>
    /// Puts patches into <paramref name="layer"/>. The series is re-sorted so that lower layers
    /// stay below higher ones; every patch whose place changed is replayed, all or nothing.
    /// </summary>
    public static TransactionResult Set(StackSession session, string layer, IReadOnlyList<string> names, string command)
    {
        if (names.Count == 0) throw new CarryException("name at least one patch to put in the layer");
        LayerOrder.Index(session.State.Details, layer);
        var moving = names.Select(session.Require).ToHashSet();
        var tx = session.Begin();
        Retag(tx.Applied, moving, layer);
        Retag(tx.Unapplied, moving, layer);
        return tx.Execute(command, new("layer set"));
    }

    private static void Retag(List<Patch> patches, HashSet<Patch> moving, string layer)
    {
        for (var i = 0; i < patches.Count; i++)
            if (moving.Contains(patches[i])) patches[i] = patches[i] with { Layer = layer };
    }

    /// <summary>Refuses a layer order that puts a private layer above a published one.</summary>
    private static void RequirePrivateLowest(List<Layer> layers)
    {
        var published = layers.FindIndex(l => l.Rule != PublishRule.Private);
        var lastPrivate = layers.FindLastIndex(l => l.Rule == PublishRule.Private);
        if (published >= 0 && lastPrivate > published)
            throw new CarryException($"private layer '{layers[lastPrivate].Name}' would sit above layer '{layers[published].Name}'",
                "private layers sit lowest, so the development kit is in place under everything that is published.");
    }
}
