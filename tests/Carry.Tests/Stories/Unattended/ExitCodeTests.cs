using System.Text.Json;
using Carry.Tests.Support;

namespace Carry.Tests.Stories.Unattended;

/// <summary>The documented exit codes of an unattended sync not shown elsewhere: 0 clean, 4 probable landings, 5 locked (2 and 3: SyncParkTests, PatchTestTests).</summary>
[Trait(CarryProcess.Trait, "story")]
public sealed class ExitCodeTests
{
    private static readonly string[] Added = ["retry the request with backoff", "log the retry attempt number", "give up after five attempts", "report the final failure"];

    [Fact]
    public void Clean_is_0_probable_landings_are_4_and_a_lock_is_5()
    {
        using var s = new UpstreamScenario();
        s.AddPatch("retry", r => File.WriteAllText(Path.Combine(r.Dir, "other.txt"),
            r.Read("other.txt").Replace("line 150\n", "line 150\n" + string.Join('\n', Added) + "\n")));
        s.Upstream("Unrelated", r => r.Write("unrelated.txt", "x\n"));
        var clean = s.Fork.Carry("sync", "--fetch", "--json");
        Assert.True(clean.Exit == 0, clean.ToString());
        Assert.Equal(0, JsonDocument.Parse(clean.Out).RootElement.GetProperty("exit").GetInt32());

        // Upstream takes three of its four lines, elsewhere in the file: the patch still applies, probably landed.
        s.Upstream("Retry, reworked", r => File.WriteAllText(Path.Combine(r.Dir, "other.txt"),
            r.Read("other.txt").Replace("line 20\n", "line 20\n" + string.Join('\n', Added.Take(3)) + "\n")));
        var probable = s.Fork.Carry("sync", "--fetch", "--json");
        Assert.True(probable.Exit == 4, probable.ToString());
        Assert.Equal("probably-landed", JsonDocument.Parse(probable.Out).RootElement.GetProperty("patches")[0].GetProperty("outcome").GetString());
        s.Fork.CarryOk("keep", "retry");

        File.WriteAllText(Path.Combine(s.Fork.Dir, ".git", "carry.lock"), "");
        var locked = s.Fork.Carry("sync");
        Assert.Equal(5, locked.Exit);
        Assert.Contains("another carry is running", locked.Err);
    }
}
