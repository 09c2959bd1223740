using System.Text.Json;
using Carry.Tests.Support;

namespace Carry.Tests.Stories.Unattended;

/// <summary>
/// sync --push sends the synced branch and its stack in one atomic push with leases; with
/// --merge-request it adds GitLab's push options, which a bare remote advertising them records
/// in its pre-receive hook. A second run that changes nothing pushes nothing.
/// </summary>
[Trait(CarryProcess.Trait, "story")]
public sealed class SyncPushTests
{
    private static string Review(UpstreamScenario s, out string received)
    {
        var bare = s.Bare.Replace("carry-upstream-", "carry-review-");
        TempRepo.GitIn(Path.GetTempPath(), "init", "-q", "--bare", "-b", "main", bare);
        TempRepo.GitIn(bare, "config", "receive.advertisePushOptions", "true");
        received = Path.Combine(bare, "received");
        var hook = Path.Combine(bare, "hooks", "pre-receive");
        File.WriteAllText(hook, "#!/bin/sh\n{ echo \"push with $GIT_PUSH_OPTION_COUNT options\"; i=0\n"
            + "  while [ \"$i\" -lt \"${GIT_PUSH_OPTION_COUNT:-0}\" ]; do eval \"echo \\\"\\$GIT_PUSH_OPTION_$i\\\"\"; i=$((i+1)); done\n"
            + "  cat; } >> \"$(dirname \"$0\")/../received\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(hook, (UnixFileMode)0b111_101_101);
        s.Fork.Git("remote", "add", "review", bare);
        return bare;
    }

    [Fact]
    public void Push_options_arrive_and_an_unchanged_second_run_pushes_nothing()
    {
        using var s = UpstreamScenario.Conflicting();
        var bare = Review(s, out var received);
        try
        {
            var run = s.Fork.Carry("sync", "--fetch", "--park", "--push", "review", "--branch", "carry/sync", "--merge-request", "--json");
            Assert.True(run.Exit == 2, run.ToString());
            var push = JsonDocument.Parse(run.Out).RootElement.GetProperty("push");
            Assert.True(push.GetProperty("pushed").GetBoolean());
            var log = File.ReadAllText(received);
            Assert.Contains("push with 4 options\nmerge_request.create\nmerge_request.target=main\nmerge_request.title=Sync main onto origin/main\n", log);
            Assert.Contains("merge_request.description=<p><b>Carry sync</b> onto <code>origin/main</code>: 1 patch(es) parked</p><table>", log);
            Assert.Contains("<tr><td>clash</td><td>parked</td>", log);
            // One push carried both refs, each to what the fork has.
            Assert.Equal(s.Fork.Git("rev-parse", "HEAD"), TempRepo.GitIn(bare, "rev-parse", "refs/heads/carry/sync"));
            Assert.Equal(s.Fork.Git("rev-parse", "refs/carry/main"), TempRepo.GitIn(bare, "rev-parse", "refs/carry/carry/sync"));
            Assert.Equal(2, log.Split('\n').Count(l => l.EndsWith(" refs/heads/carry/sync") || l.EndsWith(" refs/carry/carry/sync")));

            var again = s.Fork.Carry("sync", "--fetch", "--park", "--push", "review", "--branch", "carry/sync", "--merge-request");
            Assert.True(again.Exit == 2, again.ToString());
            Assert.Contains("Nothing to push", again.Out);
            Assert.Equal(log, File.ReadAllText(received));
        }
        finally
        {
            try { Directory.Delete(bare, true); } catch (IOException) { }
        }
    }

    [Fact]
    public void A_remote_moved_since_it_was_read_is_not_overwritten()
    {
        using var s = new UpstreamScenario();
        s.AddPatch("mine", r => r.Write("mine.txt", "mine\n"));
        var bare = Review(s, out _);
        try
        {
            s.Fork.CarryOk("sync", "--push", "review");
            // Someone else pushes the branch; our next push must not replace it blindly... unless it leases on it.
            s.Upstream("Upstream moves", r => r.Write("up.txt", "up\n"));
            var run = s.Fork.Carry("sync", "--fetch", "--push", "review", "--json");
            Assert.True(run.Exit == 0, run.ToString());
            Assert.Equal(s.Fork.Git("rev-parse", "HEAD"), TempRepo.GitIn(bare, "rev-parse", "refs/heads/main"));
            Assert.Equal(s.Fork.Git("rev-parse", "refs/carry/main"), TempRepo.GitIn(bare, "rev-parse", "refs/carry/main"));
        }
        finally
        {
            try { Directory.Delete(bare, true); } catch (IOException) { }
        }
    }

    [Fact]
    public void A_branch_carrying_the_private_layer_is_never_pushed_for_review()
    {
        using var s = new UpstreamScenario();
        s.AddPatch("kit", r => r.Write(".envrc", "export SECRET=1\n"));
        s.Fork.CarryOk("edit", "kit", "--layer", "private");
        var bare = Review(s, out _);
        try
        {
            // No pre-push hook to count on: carry itself refuses.
            File.Delete(Path.Combine(s.Fork.Dir, ".git", "hooks", "pre-push"));
            var run = s.Fork.Carry("sync", "--push", "review");
            Assert.NotEqual(0, run.Exit);
            Assert.Contains("private patch 'kit'", run.Err);
            Assert.Equal("", TempRepo.GitIn(bare, "for-each-ref"));
        }
        finally
        {
            try { Directory.Delete(bare, true); } catch (IOException) { }
        }
    }
}
