using Carry.Tests.Support;
using Xunit.Abstractions;

namespace Carry.Tests.Stories.PatchFiles.Parity;

/// <summary>
/// Patch-file parity with git apply, git am and GNU patch on vectors written from their own test
/// scripts (Vectors/git: git's t/t41xx and t4150; Vectors/gnu: GNU patch's and quilt's tests).
/// Each case is applied by Carry and by the peer on the same tree; they must agree (same tree,
/// same author and message for mails, or both refuse) unless the vector names a difference that
/// docs/formats.md documents. A Carry refusal must leave the repository exactly as it was.
/// </summary>
[Trait("Speed", "Slow")]
public sealed class ParityTests(ITestOutputHelper output)
{
    private static readonly string VectorDir = Path.Combine(TestEnvironment.RepoRoot, "tests", "Carry.Tests", "Stories", "PatchFiles", "Parity", "Vectors");
    private static readonly Lazy<List<ParityCase>> All = new(() => ParityCase.Load(VectorDir));

    public static TheoryData<string> GitCases => Ids("git");

    public static TheoryData<string> GnuCases => Ids("gnu");

    private static TheoryData<string> Ids(string corpus)
    {
        var data = new TheoryData<string>();
        foreach (var c in All.Value.Where(c => c.Corpus == corpus)) data.Add(c.Id);
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(GitCases))]
    public void Git_case(string id) => Check(id);

    [SkippableTheory]
    [MemberData(nameof(GnuCases))]
    public void Gnu_patch_case(string id) => Check(id);

    [Fact]
    public void Vectors_are_well_formed_and_differences_documented()
    {
        var docs = File.ReadAllText(Path.Combine(TestEnvironment.RepoRoot, "docs", "formats.md"));
        Assert.Equal(All.Value.Count, All.Value.Select(c => c.Id).Distinct().Count());
        foreach (var c in All.Value.Where(c => !c.ExpectsSame))
        {
            Assert.True(c.DifferenceKey is { Length: > 0 }, $"{c.Id}: expect is 'same' or 'differ KEY', not '{c.Expect}'");
            Assert.True(docs.Contains($"`{c.DifferenceKey}`", StringComparison.Ordinal), $"{c.Id}: difference '{c.DifferenceKey}' is not documented in docs/formats.md");
        }
        foreach (var corpus in new[] { "git", "gnu" })
        {
            var cases = All.Value.Where(c => c.Corpus == corpus).ToList();
            output.WriteLine($"{corpus}: {cases.Count} cases, {cases.Count(c => c.ExpectsSame)} expected to agree, {cases.Count(c => !c.ExpectsSame)} documented differences");
        }
    }

    private void Check(string id)
    {
        var c = All.Value.Single(x => x.Id == id);
        var peer = ParityRunner.RunPeer(c);
        Skip.If(peer is null, $"'{c.Tool}' is not installed, so there is nothing to compare with");
        var carry = ParityRunner.RunCarry(c);
        var agree = carry.Refused == peer!.Refused && carry.Tree == peer.Tree && carry.Commit == peer.Commit;
        output.WriteLine($"{c.Id} ({c.From})\ncarry: {carry}\npeer: {peer}");
        if (c.ExpectsSame)
            Assert.True(agree, $"{c.Id}: carry and {c.Tool} differ\n--- carry\n{carry}\n--- {c.Tool}\n{peer}");
        else
            Assert.False(agree, $"{c.Id}: expected the documented difference '{c.DifferenceKey}', but carry and {c.Tool} now agree: drop the 'differ' line");
    }
}
