using System.Diagnostics;
using Carry.Cli;
using Carry.Tests.Support;

namespace Carry.Tests.Stories.Stack;

/// <summary>
/// carry split -p: hunks answered one by one (as 'git add -p'), the chosen ones moved to a new
/// part below; the parts' files checked with git, undone and redone, refusals changing nothing.
/// </summary>
public sealed class SplitHunksTests
{
    /// <summary>
    /// One patch: a new file, and shared.txt changed at lines 10, 50, 100 (three hunks) and 150 and
    /// 154 (one hunk with unchanged lines between, which 's' splits).
    /// </summary>
    internal static TempRepo PatchWithHunks()
    {
        var repo = TempRepo.WithStack(0);
        repo.CarryOk("new", "edits", "-m", "Edit the shared file");
        repo.Write("new.txt", "new\n");
        repo.Write("shared.txt", TempRepo.SharedText(Edits(10, 50, 100, 150, 154)));
        repo.Git("add", "new.txt", "shared.txt");
        repo.CarryOk("refresh");
        return repo;
    }

    internal static Dictionary<int, string> Edits(params int[] lines) => lines.ToDictionary(l => l, l => $"line {l} edited");

    /// <summary>Runs carry in-process with <paramref name="answers"/> as what the user types.</summary>
    internal static CarryRun WithAnswers(TempRepo repo, string answers, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = CarryApp.Run(args, new CliContext(repo.Dir, stdout, stderr) { Answers = new StringReader(answers) });
        return new CarryRun(exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void The_hunks_answered_yes_go_to_a_new_part_below()
    {
        using var repo = PatchWithHunks();
        var tree = repo.Git("rev-parse", "HEAD^{tree}");
        var before = Snapshot.Take(repo);
        // new.txt: n; shared.txt: line 10 y, line 50 n, line 100 y, then split the last hunk: line 150 y, line 154 n.
        var run = WithAnswers(repo, "n\ny\nn\ny\ns\ny\nn\n", "split", "-p");
        Assert.True(run.Exit == 0, run.ToString());
        Assert.Contains("(4/4) Move this hunk to 'edits-part' [y,n,q,a,d,s,?]? ", run.Out);
        Assert.Contains("Split into 2 hunks.", run.Out);
        Assert.Contains("Split 'edits' into 'edits-part', 'edits'", run.Out);
        Assert.Equal(tree, repo.Git("rev-parse", "HEAD^{tree}"));
        Assert.Equal(TempRepo.SharedText(Edits(10, 100, 150)), repo.Git("show", "HEAD~1:shared.txt") + "\n");
        Assert.Equal("shared.txt", repo.Git("diff", "--name-only", "HEAD~2", "HEAD~1"));
        Assert.Equal("new.txt\nshared.txt", repo.Git("diff", "--name-only", "HEAD~1", "HEAD"));
        Assert.Equal(["Edit the shared file", "Edit the shared file"], repo.Git("log", "--format=%s", "base..HEAD").Split('\n'));
        Assert.Contains("edits-part", repo.CarryOk("series").Out);
        Invariants.Check(repo);

        var after = Snapshot.Take(repo);
        repo.CarryOk("undo");
        Assert.Equal(before, Snapshot.Take(repo));
        Assert.Equal("1", repo.Git("rev-list", "--count", "base..HEAD"));
        repo.CarryOk("redo");
        Assert.Equal(after, Snapshot.Take(repo));
    }

    [Fact]
    public void All_of_a_file_a_whole_file_and_a_name_and_message()
    {
        using var repo = PatchWithHunks();
        // new.txt: y (a whole new file); '?' shows the keys; shared.txt: d (none of it).
        var run = WithAnswers(repo, "y\n?\nd\n", "split", "edits", "-p", "-n", "the-new-file", "-m", "Add the new file");
        Assert.True(run.Exit == 0, run.ToString());
        Assert.Contains("(1/1) Move this new file to 'the-new-file' [y,n,q,a,d,?]? ", run.Out);
        Assert.Contains("d - do not move this hunk or any of the later hunks in the file", run.Out);
        Assert.Equal("new.txt", repo.Git("diff", "--name-only", "HEAD~2", "HEAD~1"));
        Assert.Equal("shared.txt", repo.Git("diff", "--name-only", "HEAD~1", "HEAD"));
        Assert.Equal("Add the new file", repo.Git("log", "-1", "--format=%s", "HEAD~1"));

        // 'a' takes the rest of a file: split the top again, new part = all of shared.txt's first two hunks and the rest.
        using var again = PatchWithHunks();
        Assert.True(WithAnswers(again, "n\ny\na\n", "split", "-p").Exit == 0);
        Assert.Equal(TempRepo.SharedText(Edits(10, 50, 100, 150, 154)), again.Git("show", "HEAD~1:shared.txt") + "\n");
        Assert.Equal("new.txt", again.Git("diff", "--name-only", "HEAD~1", "HEAD"));
    }

    [Fact]
    public void Nothing_or_everything_chosen_is_refused_and_changes_nothing()
    {
        using var repo = PatchWithHunks();
        var state = repo.Git("rev-parse", "refs/carry/main");
        Assert.Contains("error: no hunk chosen: nothing was split", WithAnswers(repo, "n\nn\nn\nn\nn\n", "split", "-p").Err);
        Assert.Contains("error: no hunk chosen: nothing was split", WithAnswers(repo, "q\n", "split", "-p").Err);
        Assert.Contains("error: no hunk chosen: nothing was split", repo.CarryFails("split", "-p").Err); // no input at all: the end answers 'q'
        Assert.Contains("error: every hunk chosen: 'edits' would be left empty, nothing was split", WithAnswers(repo, "y\na\n", "split", "-p").Err);
        Assert.Contains("cannot be used together", repo.CarryFails("split", "-p", "--path", "new.txt").Err);
        Assert.Equal(state, repo.Git("rev-parse", "refs/carry/main"));
    }

    [Fact]
    public void Ctrl_c_at_the_prompt_interrupts_and_changes_nothing()
    {
        using var repo = PatchWithHunks();
        var state = repo.Git("rev-parse", "refs/carry/main");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        using var never = new ManualResetEventSlim();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = CarryApp.Run(["split", "-p"], new CliContext(repo.Dir, stdout, stderr, cancel.Token) { Answers = new Waiting(never) });
        Assert.Equal(130, exit);
        Assert.Equal("interrupted: nothing was changed.\n", stderr.ToString());
        Assert.Equal(state, repo.Git("rev-parse", "refs/carry/main"));
        never.Set();
    }

    /// <summary>A terminal nobody types on: every read waits.</summary>
    private sealed class Waiting(ManualResetEventSlim never) : TextReader
    {
        public override string? ReadLine()
        {
            never.Wait();
            return null;
        }
    }

    /// <summary>The real process reads the answers from a pipe, and from a terminal (script(1) gives it one).</summary>
    [SkippableFact]
    [Trait(CarryProcess.Trait, "story")]
    public void The_process_reads_answers_from_a_pipe_and_from_a_terminal()
    {
        using var repo = PatchWithHunks();
        var carry = CarryProcess.Binary ?? "dotnet";
        string[] prefix = CarryProcess.Binary is null ? [Path.Combine(AppContext.BaseDirectory, "carry.dll")] : [];
        var piped = Run(repo.Dir, carry, [.. prefix, "split", "-p"], "n\ny\nq\n");
        Assert.True(piped.Exit == 0, piped.ToString());
        Assert.Equal(TempRepo.SharedText(Edits(10)), repo.Git("show", "HEAD~1:shared.txt") + "\n");

        Skip.If(Terminal.Missing is not null, Terminal.Missing);
        repo.CarryOk("undo");
        var terminal = Terminal.Run(repo.Dir, "split -p", typed: ["n", "n", "y", "q"]);
        Assert.True(terminal.Exit == 0, terminal.ToString());
        Assert.Equal(TempRepo.SharedText(Edits(50)), repo.Git("show", "HEAD~1:shared.txt") + "\n");
        Assert.DoesNotContain("\u001b[?1h", terminal.Out); // reading the terminal left its modes alone
    }

    /// <summary>Runs a program with <paramref name="input"/> piped to its standard input.</summary>
    private static CarryRun Run(string dir, string program, string[] args, string input)
    {
        var psi = new ProcessStartInfo(program, args) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        using var p = Process.Start(psi)!;
        p.StandardInput.Write(input);
        p.StandardInput.Close();
        return CarryProcess.Finish(p);
    }
}
