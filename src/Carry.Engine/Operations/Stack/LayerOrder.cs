using Carry.Model;

namespace Carry.Operations.Stack;

/// <summary>
/// The layer rules every stack command keeps: which layer a new patch gets, that a named layer
/// exists, and that lower layers stay below higher ones. They live with the stack (not with the
/// <c>layer</c> commands) because authoring and reordering enforce them too.
/// </summary>
public static class LayerOrder
{
    /// <summary>The git config key naming the layer new patches get (default <c>upstream</c>).</summary>
    public const string DefaultLayerKey = "carry.defaultLayer";

    /// <summary>The layer a new patch gets: <c>carry.defaultLayer</c> from git config when set, else <c>upstream</c>.</summary>
    public static string DefaultFor(StackSession session)
    {
        var wanted = session.Repo.Config(DefaultLayerKey);
        if (string.IsNullOrEmpty(wanted)) return Layer.Upstream;
        if (session.State.Details.FindLayer(wanted) is null)
            throw new CarryException($"git config {DefaultLayerKey} names layer '{wanted}', which this stack does not have",
                $"add it ('carry layer add {wanted} --rule upstream') or change the setting.");
        return wanted;
    }

    /// <summary>Checks that <paramref name="layer"/> exists and returns its place.</summary>
    public static int Index(StackDetails details, string layer)
    {
        var rank = details.Rank(layer);
        if (rank >= details.Layers.Count)
            throw new CarryException($"layer '{layer}' does not exist",
                $"the layers are: {string.Join(", ", details.Layers.Select(l => l.Name))}; add one with 'carry layer add {layer} --rule private|fork|upstream'.");
        return rank;
    }

    /// <summary>
    /// Refuses a series order in which a patch sits below a patch of a lower layer (what
    /// <c>move</c> would otherwise silently undo); names the two patches.
    /// </summary>
    public static void RequireLayerOrder(StackDetails details, IReadOnlyList<Patch> patches)
    {
        for (var i = 1; i < patches.Count; i++)
        {
            var below = patches[i - 1];
            var above = patches[i];
            if (details.Rank(below.Layer) <= details.Rank(above.Layer)) continue;
            throw new CarryException(
                $"patch '{below.Name}' (layer {below.Layer}) cannot sit below patch '{above.Name}' (layer {above.Layer})",
                $"lower layers stay below higher ones; change a patch's layer with 'carry layer set <layer> <patch>'.");
        }
    }
}
