using Carry.Git;
using Carry.Model;
using Carry.Operations.Layers;
using Carry.Operations.Stack;
using Carry.Storage;
using Carry.Tests.Support;

namespace Carry.Tests.Engine.Storage;

/// <summary>The stack description keeps every detail a stack has, and reads what older versions wrote.</summary>
public sealed class StackFileTests
{
    private static Oid Id(char c) => new(new string(c, 40));

    [Fact]
    public void Layers_guards_statuses_retired_patches_versions_and_resolutions_round_trip()
    {
        var evidence = new LandingEvidence(LandingKind.PatchId, [Id('7'), Id('8')]);
        var kit = new Patch("kit-mise", "0011223344556677", Id('1')) { Layer = "kit", Guards = ["+linux", "-ci"] };
        var fix = new Patch("fix", "1122334455667788", Id('2'))
        {
            Status = new UpstreamStatus(StatusKind.Proposed, "https://example.org/mr/42?a=b c", Id('2')),
            Probable = new LandingEvidence(LandingKind.Similar, [Id('9')], 83),
        };
        var forkOnly = new Patch("branding", "2233445566778899", Id('3')) { Layer = Layer.Fork, Status = new UpstreamStatus(StatusKind.ForkOnly, Reason: "our logo, not theirs") };
        var landed = new Patch("old", "33445566778899aa", Id('4')) { Status = new UpstreamStatus(StatusKind.Landed, Evidence: evidence) };
        var details = new StackDetails(
            [new Layer("kit", PublishRule.Private), .. Layer.Defaults], ["linux"], [landed],
            [new StackVersion("v6.1.176-rt1", Id('5'))], Id('6'));
        var state = new StackState("main", "refs/remotes/origin/main", Id('0'), [kit, fix], [forkOnly]) { Details = details };

        var text = StackFile.Format(state);
        var back = StackFile.Parse(text);

        Assert.Equal(state.Applied, back.Applied);
        Assert.Equal(state.Unapplied, back.Unapplied);
        Assert.Equal(details, back.Details);
        Assert.Equal(text, StackFile.Format(back));
        Assert.StartsWith($"carry-stack {StackFile.Version}\n", text);
    }

    [Fact]
    public void Default_details_write_nothing_and_version_1_files_still_read()
    {
        var state = new StackState("main", "refs/tags/v1", Id('0'), [new Patch("a", "0011223344556677", Id('1'))], []);
        var text = StackFile.Format(state);
        Assert.DoesNotContain("layer", text);
        Assert.DoesNotContain("status", text);

        var v1 = StackFile.Parse(text.Replace($"carry-stack {StackFile.Version}", "carry-stack 1"));
        Assert.Equal(StackDetails.Default, v1.Details);
        Assert.Equal(state.Applied, v1.Applied);
        // Version 1 never had these lines: a file claiming version 1 with them is damaged, not guessed at.
        Assert.Throws<FormatException>(() => StackFile.Parse("carry-stack 1\nbranch main\nbase " + Id('0').Hex + " refs/tags/v1\nselect x\n"));
        Assert.Throws<FormatException>(() => StackFile.Parse(text.Replace($"carry-stack {StackFile.Version}", "carry-stack 99")));
    }

    [Fact]
    public void Retired_patches_stay_reachable_through_gc()
    {
        using var repo = TempRepo.WithStack(2);
        repo.CarryOk("pop", "-a");
        string patch;
        // Retire the first unapplied patch by hand-crafting the next state through the engine.
        using (var session = Carry.Operations.Stack.StackSession.Open(repo.Dir, "test", Carry.Operations.Stack.Preconditions.Standard))
        {
            var tx = session.Begin();
            var victim = tx.Unapplied[0];
            tx.Unapplied.RemoveAt(0);
            var landedPatch = victim with { Status = new UpstreamStatus(StatusKind.Landed, Evidence: new LandingEvidence(LandingKind.Manual, [])) };
            tx.Details = tx.Details with { Retired = tx.Details.Retired.Add(landedPatch) };
            tx.Execute("test retire");
            patch = victim.Commit.Hex;
        }
        repo.Git("reflog", "expire", "--expire=now", "--all");
        repo.Git("gc", "--prune=now", "--quiet");
        Assert.Equal("commit", repo.Git("cat-file", "-t", patch).Trim());
        repo.Git("fsck", "--strict", "--no-dangling");
    }
}
