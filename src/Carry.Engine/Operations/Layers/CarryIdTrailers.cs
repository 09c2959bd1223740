using System.Text.RegularExpressions;

namespace Carry.Operations.Layers;

/// <summary>The <c>Carry-Id:</c> trailers publish writes, read back from any commit message.</summary>
internal static partial class CarryIdTrailers
{
    // Squash merges stack several commits' trailers in one body, so every line is searched.
    [GeneratedRegex(@"^carry-id:[ \t]*([0-9a-f]{16})[ \t]*$", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex CarryIdLine();

    /// <summary>The patch ids named by the message's <c>Carry-Id:</c> lines (lower case).</summary>
    public static List<string> In(string message) =>
        [.. CarryIdLine().Matches(message).Select(m => m.Groups[1].Value.ToLowerInvariant())];
}
