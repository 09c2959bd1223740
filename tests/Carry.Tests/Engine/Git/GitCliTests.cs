using Carry.Git;
using Carry.Tests.Support;

namespace Carry.Tests.Engine.Git;

/// <summary>
/// git's three pipes are moved on one thread (poll on Unix): a command that reads its input
/// while it writes more output than a pipe holds must neither deadlock nor lose a byte.
/// </summary>
public sealed class GitCliTests
{
    [Fact]
    public void Input_and_output_larger_than_a_pipe_move_together()
    {
        using var repo = TempRepo.WithBase();
        var head = repo.Git("rev-parse", "HEAD");
        // cat-file --batch answers each line as it reads it: 20,000 requests (~800 KB in, several MB out).
        var requests = string.Concat(Enumerable.Repeat(head + "\n", 20_000));
        var expected = TempRepo.GitIn(repo.Dir, "cat-file", "-p", head);
        var cli = new GitCli(repo.Dir);

        var result = cli.Run(["cat-file", "--batch"], requests);

        Assert.True(result.Ok, result.Stderr);
        var answers = result.Stdout.Split(head + " commit ", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(20_000, answers.Length);
        Assert.All(answers, a => Assert.Contains(expected.TrimEnd('\n'), a));
    }

    [Fact]
    public void Standard_error_and_the_exit_code_of_a_failing_git_are_kept()
    {
        using var repo = TempRepo.WithBase();
        var cli = new GitCli(repo.Dir);

        var result = cli.Run(["rev-parse", "--verify", "no-such-branch"]);

        var (exit, _, err) = TempRepo.RunGit(repo.Dir, "rev-parse", "--verify", "no-such-branch");
        Assert.Equal(exit, result.ExitCode);
        Assert.False(result.Ok);
        Assert.Equal(err.Trim(), result.Stderr.Trim());
    }

    [Fact]
    public void Output_on_both_pipes_at_once_is_read_whole()
    {
        using var repo = TempRepo.WithBase();
        // GIT_TRACE=2 writes a trace line to standard error for every command git runs; with a
        // large standard output beside it neither pipe may stall the other.
        var env = new Dictionary<string, string> { ["GIT_TRACE"] = "2" };
        var cli = new GitCli(repo.Dir);

        var result = cli.Run(["cat-file", "--batch-check"], string.Concat(Enumerable.Repeat("HEAD\n", 50_000)), env);

        Assert.True(result.Ok, result.Stderr);
        Assert.Equal(50_000, result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("trace:", result.Stderr);
    }

    [Fact]
    public void Input_git_never_reads_is_reported_after_git_ends()
    {
        using var repo = TempRepo.WithBase();
        var cli = new GitCli(repo.Dir);

        // rev-parse ignores its standard input and exits: 4 MB cannot all fit in the pipe.
        Assert.Throws<IOException>(() => cli.Run(["rev-parse", "HEAD"], new string('x', 4 << 20)));
    }
}
