using System.Collections.Concurrent;
using Carry.Tests.Support;
using Xunit.Abstractions;

namespace Carry.Tests.Stories.PatchFiles.Parity;

/// <summary>
/// Patch-file parity with git apply, git am and GNU patch on vectors written from their own test
/// scripts (Vectors/git: git's t/t41xx and t4150; Vectors/gnu: GNU patch's and quilt's tests).
/// Each case is applied by Carry and by the peer on the same tree; they must agree (same tree,
/// same author and message for mails, or both refuse) unless the vector names a difference that
/// docs/formats.md documents. A Carry refusal must leave the repository exactly as it was.
/// <see cref="Agreement_counts_meet_the_targets"/> prints and checks the closing figures (issue 14).
/// </summary>
[Trait("Speed", "Slow")]
public sealed class ParityTests(ITestOutputHelper output)
{
    private static readonly string VectorDir = Path.Combine(TestEnvironment.RepoRoot, "tests", "Carry.Tests", "Stories", "PatchFiles", "Parity", "Vectors");
    private static readonly Lazy<List<ParityCase>> All = new(() => ParityCase.Load(VectorDir));

    /// <summary>Each case runs once per test run, whether a theory or the count asks first.</summary>
    private static readonly ConcurrentDictionary<string, Lazy<Verdict>> Verdicts = new();

    /// <summary>Issue 14's targets: cases the suite must hold per corpus, and how many of them must agree.</summary>
    private static readonly Dictionary<string, (int Cases, int Agree)> Targets = new() { ["git"] = (219, 210), ["gnu"] = (67, 64) };

    private sealed record Verdict(ParityCase Case, ParityOutcome? Peer, ParityOutcome? Carry, bool Agree);

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
    }

    /// <summary>
    /// The closing figures, computed by running every case:
    /// <c>dotnet test tests/Carry.Tests --filter "FullyQualifiedName~ParityTests.Agreement" --logger "console;verbosity=detailed"</c>.
    /// </summary>
    [SkippableFact]
    public void Agreement_counts_meet_the_targets()
    {
        Skip.If(!Corpus.HasProgram("patch"), "GNU patch is not installed, so the gnu corpus has nothing to compare with");
        var failures = new List<string>();
        foreach (var (corpus, target) in Targets)
        {
            var verdicts = All.Value.Where(c => c.Corpus == corpus).Select(c => Run(c.Id)).ToList();
            var agree = verdicts.Count(v => v.Agree);
            var documented = verdicts.Count(v => !v.Agree && !v.Case.ExpectsSame);
            var line = $"{corpus}: {agree} of {verdicts.Count} cases agree with {(corpus == "git" ? "git apply / git am" : "GNU patch")}, " +
                       $"{documented} documented differences, {verdicts.Count - agree - documented} unexplained " +
                       $"(target: {target.Agree} of {target.Cases})";
            output.WriteLine(line);
            if (verdicts.Count < target.Cases || agree < target.Agree || agree + documented < verdicts.Count)
                failures.Add(line);
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static Verdict Run(string id) => Verdicts.GetOrAdd(id, key => new Lazy<Verdict>(() =>
    {
        var c = All.Value.Single(x => x.Id == key);
        var peer = ParityRunner.RunPeer(c);
        if (peer is null) return new Verdict(c, null, null, false);
        var carry = ParityRunner.RunCarry(c);
        return new Verdict(c, peer, carry, carry.Refused == peer.Refused && carry.Tree == peer.Tree && carry.Commit == peer.Commit);
    })).Value;

    private void Check(string id)
    {
        var v = Run(id);
        var c = v.Case;
        Skip.If(v.Peer is null, $"'{c.Tool}' is not installed, so there is nothing to compare with");
        output.WriteLine($"{c.Id} ({c.From})\ncarry: {v.Carry}\npeer: {v.Peer}");
        if (c.ExpectsSame)
            Assert.True(v.Agree, $"{c.Id}: carry and {c.Tool} differ\n--- carry\n{v.Carry}\n--- {c.Tool}\n{v.Peer}");
        else
            Assert.False(v.Agree, $"{c.Id}: expected the documented difference '{c.DifferenceKey}', but carry and {c.Tool} now agree: drop the 'differ' line");
    }
}
