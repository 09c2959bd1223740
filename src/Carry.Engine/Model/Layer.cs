
namespace Carry.Model;

/// <summary>What may be done with a layer's patches when publishing.</summary>
public enum PublishRule
{
    /// <summary>Never published (the development kit).</summary>
    Private,
    /// <summary>Published with the fork, never proposed upstream.</summary>
    Fork,
    /// <summary>Candidates for upstream merge requests.</summary>
    Upstream,
}

/// <summary>A named group of patches with a publishing rule. Layers are ordered: lowest first.</summary>
/// <param name="Name">The layer's name (a patch-name-like word).</param>
/// <param name="Rule">What publishing may do with its patches.</param>
public sealed record Layer(string Name, PublishRule Rule)
{
    /// <summary>The built-in layer of the development kit.</summary>
    public const string Private = "private";

    /// <summary>The built-in layer of fork-only patches.</summary>
    public const string Fork = "fork";

    /// <summary>The built-in layer of upstream candidates, and a new patch's layer unless said otherwise.</summary>
    public const string Upstream = "upstream";

    /// <summary>The layers every stack starts with, lowest first.</summary>
    public static ValueList<Layer> Defaults { get; } =
        [new(Private, PublishRule.Private), new(Fork, PublishRule.Fork), new(Upstream, PublishRule.Upstream)];

    /// <summary>The rule's word in files and on the command line.</summary>
    public static string RuleName(PublishRule rule) => rule switch
    {
        PublishRule.Private => "private",
        PublishRule.Fork => "fork",
        _ => "upstream",
    };

    /// <summary>Reads a rule word; null when it is not one.</summary>
    public static PublishRule? ParseRule(string word) => word switch
    {
        "private" => PublishRule.Private,
        "fork" => PublishRule.Fork,
        "upstream" => PublishRule.Upstream,
        _ => null,
    };
}
