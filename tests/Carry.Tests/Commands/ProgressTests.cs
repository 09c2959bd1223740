using Carry.Tests.Support;

namespace Carry.Tests.Commands;

/// <summary>
/// Progress on the long network commands, on a real terminal (script(1) gives the process one),
/// with colour turned off: it shows while a slow remote answers and is cleared before the result.
/// The remote is made slow by its upload-pack and receive-pack commands (git runs them through the
/// shell for a local remote), so the step takes longer than the moment progress waits for.
/// </summary>
[Trait(CarryProcess.Trait, "story")]
[Trait("Speed", "Slow")] // real external tools (StGit, guilt, TopGit, man/groff) or deliberate waits: in the full suite, not the fast subset
public sealed class ProgressTests
{
    [SkippableFact]
    public void Share_and_publish_show_progress_on_a_terminal_whatever_the_colour_setting()
    {
        Skip.If(Terminal.Missing is not null, Terminal.Missing);
        using var repo = TempRepo.WithStack(2);
        using var remote = new TempDir("slow-remote");
        TempRepo.GitIn(remote.Path, "init", "-q", "--bare", "-b", "main");
        repo.Git("remote", "add", "slow", remote.Path);
        repo.Git("config", "remote.slow.uploadpack", "sleep 1; git-upload-pack");
        repo.Git("config", "remote.slow.receivepack", "sleep 1; git-receive-pack");

        var share = OnTerminal(repo, "share push slow");
        Assert.Contains("Sharing [", share);
        Assert.Contains("fetching the stack from 'slow'", share);
        Assert.Contains("\r\u001b[K", share); // the line is cleared
        Assert.EndsWith("Pushed the stack of 'main' to 'slow' (new, at " + repo.Git("rev-parse", "--short=7", "refs/carry/main") + ")", share.TrimEnd());
        Assert.Equal(repo.Git("rev-parse", "refs/carry/main"), TempRepo.GitIn(remote.Path, "rev-parse", "refs/carry/main"));

        var publish = OnTerminal(repo, "publish --push slow");
        Assert.Contains("Pushing [", publish);
        Assert.Contains("'publish/main' to slow", publish);
        Assert.Contains("Pushed 'publish/main' to slow", publish);
        Assert.Equal(repo.Git("rev-parse", "publish/main"), TempRepo.GitIn(remote.Path, "rev-parse", "publish/main"));

        // Not a terminal (in-process, standard error captured): no progress at all.
        Assert.Equal("", repo.CarryOk("share", "push", "slow").Err);
    }

    /// <summary>Runs carry on a terminal with NO_COLOR set; what the terminal got.</summary>
    private static string OnTerminal(TempRepo repo, string args)
    {
        var run = Terminal.Run(repo.Dir, args, new Dictionary<string, string> { ["NO_COLOR"] = "1" });
        Assert.True(run.Exit == 0, $"carry {args} failed on the terminal: {run}");
        return run.Out.Replace("\r\n", "\n");
    }
}
