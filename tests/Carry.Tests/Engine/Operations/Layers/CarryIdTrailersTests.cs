using System.Text.RegularExpressions;
using Carry.Operations.Layers;
using CsCheck;

namespace Carry.Tests.Engine.Operations.Layers;

/// <summary>
/// The <c>Carry-Id:</c> scan against the regular expression that defined it before it became a
/// plain scan (every line; key in any case; blanks; 16 hex digits; blanks).
/// </summary>
public sealed class CarryIdTrailersTests
{
    private static readonly Regex Definition =
        new(@"^carry-id:[ \t]*([0-9a-f]{16})[ \t]*$", RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.CultureInvariant);

    [Theory]
    [InlineData("Fix it\n\nCarry-Id: 0123456789abcdef\n", "0123456789abcdef")]
    [InlineData("Squashed\n\ncarry-id:0123456789ABCDEF\nCARRY-ID: \tfedcba9876543210 \t", "0123456789abcdef fedcba9876543210")]
    [InlineData("Carry-Id: 0123456789abcdef\r\n", "")]
    [InlineData(" Carry-Id: 0123456789abcdef", "")]
    [InlineData("Carry-Id: 0123456789abcde", "")]
    [InlineData("Carry-Id: 0123456789abcdefa", "")]
    [InlineData("Carry-Id: 0123456789abcdeg", "")]
    [InlineData("Carry-Id 0123456789abcdef", "")]
    [InlineData("", "")]
    public void Reads_the_ids_of_whole_trailer_lines(string message, string expected) =>
        Assert.Equal(expected, string.Join(' ', CarryIdTrailers.In(message)));

    [Fact]
    public void Agrees_with_the_regular_expression_on_generated_messages()
    {
        string[] pieces = ["Carry-Id:", "carry-id:", "CARRY-ID:", "Carry-Id", " ", "\t", "\n", "\r", "\r\n",
            "0123456789abcdef", "ABCDEF0123456789", "0123456789", "abcdef", "g", "x", "Signed-off-by: A <a@b>", "é", "İ"];
        Gen.Int[0, pieces.Length - 1].Array[0, 24].Select(ix => string.Concat(ix.Select(i => pieces[i])))
            .Sample(message =>
            {
                var expected = Definition.Matches(message).Select(m => m.Groups[1].Value.ToLowerInvariant());
                Assert.Equal(expected, CarryIdTrailers.In(message));
            }, iter: 5000);
    }
}
