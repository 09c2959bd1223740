using System.Diagnostics;
using Carry.Tests.Support;

namespace Carry.Tests.Commands;

/// <summary>
/// What a git user meets first: usage errors worded as git words them (exit 129, one usage
/// line, never a .NET type name), "did you mean" for typos, and a refresh that says what it took.
/// </summary>
[Collection(FixedClockCollection.Name)]
public sealed class FirstContactTests
{
    [Fact]
    public void Usage_errors_read_like_git()
    {
        using var repo = TempRepo.WithStack(2);
        var t = new Transcript().Name(repo.Dir, "<repo>");
        foreach (var args in new[]
        {
            ["sync", "--frobnicate"], ["frob"], ["flaot"], ["import"], ["import", "quilts", "x"],
            ["pop", "-n", "x"], ["pop", "-a", "-n", "2"], ["pop", "-a", "patch-number-1"], ["sync", "--continue", "--abort"],
            ["sync", "--onto"], ["move", "patch-number-1", "--top", "--bottom"], ["range-diff", "a", "b", "c"], ["show", "--frobnicate"], new[] { "rename", "a" },
        })
        {
            var run = t.Fails(repo, args);
            Assert.Equal(129, run.Exit);
            Assert.Equal("", run.Out);
        }
        t.Match("Usage_errors_read_like_git");
    }

    /// <summary>Every command and sub-command: an unknown option is exit 129 with its usage, never the whole help.</summary>
    [Fact]
    public void Every_command_refuses_an_unknown_option_the_same_way()
    {
        using var repo = new TempRepo();
        foreach (var command in HelpTests.CommandLines(repo).Where(c => c.Length > 0))
        {
            var run = repo.Carry([.. command, "--frobnicate"]);
            var path = string.Join(' ', command.Prepend("carry"));
            Assert.True(run.Exit == 129, $"{path}: {run}");
            var lines = run.Err.TrimEnd('\n').Split('\n');
            Assert.Equal("error: unknown option '--frobnicate'", lines[0]);
            Assert.StartsWith($"usage: {path}", lines[^2]);
            Assert.Equal($"see '{path} --help'", lines[^1]);
        }
    }

    /// <summary>No message names a .NET type, whatever the bad value.</summary>
    [Theory]
    [InlineData("pop", "-n", "many")]
    [InlineData("push", "--number", "1.5")]
    [InlineData("import", "quilt", "dir", "--fuzz", "x")]
    [InlineData("import", "patch", "f", "-p", "x")]
    public void No_message_names_a_dotnet_type(params string[] args)
    {
        using var repo = TempRepo.WithStack(1);
        var run = repo.CarryFails(args);
        Assert.Equal(129, run.Exit);
        Assert.DoesNotContain("System.", run.Err);
        Assert.DoesNotContain("`1", run.Err);
        Assert.Contains("expects a whole number", run.Err);
    }

    [Fact]
    public void A_misspelt_patch_gets_a_suggestion_and_refresh_says_what_it_recorded()
    {
        using var repo = TempRepo.WithStack(2);
        var t = new Transcript().Name(repo.Dir, "<repo>");
        t.Fails(repo, "show", "patch-numbr-1");
        t.Fails(repo, "goto", "patch-number-12");
        t.Fails(repo, "delete", "zzz");
        repo.Write("shared.txt", TempRepo.SharedText(new Dictionary<int, string> { [1] = "edited" }));
        repo.Write("new-file.txt", "one\ntwo\n");
        repo.Git("add", "new-file.txt");
        t.Note("shared.txt edited, new-file.txt written and added");
        var before = repo.Git("rev-parse", "HEAD").Trim();
        var run = t.Ok(repo, "refresh");
        // What it says it recorded is what the patch gained: the diff between its old and new commit.
        var said = run.Out.Split('\n')[0];
        Assert.StartsWith("Refreshed 'patch-number-2': 2 files changed", said);
        Assert.Equal(TempRepo.GitIn(repo.Dir, "diff", "--shortstat", before, "HEAD").Trim(), said.Split(": ", 2)[1]);
        t.Match("A_misspelt_patch_gets_a_suggestion_and_refresh_says_what_it_recorded");
    }
}

/// <summary>'carry work' on a name whose branch was deleted: both ways out the hint gives work.</summary>
[Collection(FixedClockCollection.Name)]
public sealed class WorkOnDeletedBranchTests
{
    [Fact]
    public void Work_on_a_deleted_branch_explains_how_to_reuse_or_drop_the_stack()
    {
        using var repo = TempRepo.WithStack(1);
        var t = new Transcript().Name(repo.Dir, "<repo>");
        t.Ok(repo, "work", "feature");
        repo.Git("switch", "-q", "main");
        repo.Git("branch", "-D", "feature");
        t.Note("git branch -D feature");
        var run = t.Fails(repo, "work", "feature");
        t.Match("Work_on_a_deleted_branch_explains_how_to_reuse_or_drop_the_stack");

        // Reuse: the branch command from the hint brings the stack back as it was.
        var reuse = run.Err.Split('\'').First(w => w.StartsWith("git branch feature ", StringComparison.Ordinal));
        repo.Git([.. reuse.Split(' ').Skip(1)]);
        repo.Git("switch", "-q", "feature");
        Assert.Contains("On branch feature", repo.CarryOk("status").Out); // the stack took up again, no repair needed
        // Drop: with the stack ref gone, the name is free again.
        repo.Git("switch", "-q", "main");
        repo.Git("branch", "-D", "feature");
        repo.Git("update-ref", "-d", "refs/carry/feature");
        repo.CarryOk("work", "feature");
    }
}

/// <summary>The real process on a real terminal (script(1) gives it one): nothing switches the terminal's modes.</summary>
[Trait(CarryProcess.Trait, "story")]
public sealed class TerminalModeTests
{
    [SkippableFact]
    public void No_command_leaves_the_keypad_in_application_mode()
    {
        Skip.If(Terminal.Missing is not null, Terminal.Missing);
        using var repo = TempRepo.WithStack(1);
        foreach (var args in new[] { "status", "series", "--version", "frobnicate", "show nope" })
        {
            var output = Terminal.Run(repo.Dir, args).Out;
            Assert.True(output.Length > 0, $"carry {args} printed nothing on the terminal");
            Assert.DoesNotContain("\u001b[?1h", output);
            Assert.DoesNotContain("\u001b=", output);
        }
    }
}

/// <summary>carry help, completion and setup: the help text reaches 'git help', man and the shells.</summary>
[Collection(FixedClockCollection.Name)]
public sealed class HelpAndCompletionTests
{
    [Fact]
    public void Help_completion_and_setup()
    {
        using var repo = TempRepo.WithStack(2);
        var prefix = Path.Combine(repo.Dir, ".git", "prefix");
        var t = new Transcript().Name(repo.Dir, "<repo>");
        Assert.Equal(repo.CarryOk("--help").Out, t.Ok(repo, "help").Out);
        Assert.Equal(repo.CarryOk("import", "quilt", "--help").Out, t.Ok(repo, "help", "import", "quilt").Out);
        t.Fails(repo, "help", "frob");
        foreach (var shell in new[] { "bash", "zsh", "fish", "powershell" }) t.Ok(repo, "completion", shell);
        t.Fails(repo, "completion", "tcsh");
        t.Ok(repo, "setup", "--prefix", prefix);
        t.Match("Help_completion_and_setup");
    }

    [Theory]
    [InlineData("pu", "publish push")]
    [InlineData("push ", "patch-number-1 patch-number-2")]
    [InlineData("show patch-number-", "patch-number-1 patch-number-2")]
    [InlineData("pop --", "--all --keep --number")]
    [InlineData("import q", "quilt")]
    [InlineData("sync --onto ", "base main")]
    [InlineData("layer set ", "fork private upstream")]
    [InlineData("range-diff ", "@ v1")]
    [InlineData("completion p", "powershell")]
    [InlineData("import quilt ", "")]
    public void Completion_offers_commands_options_patches_layers_versions_and_refs(string line, string expected)
    {
        using var repo = TempRepo.WithStack(2);
        repo.CarryOk("version", "v1");
        var words = line.Split(' ');
        var run = repo.CarryOk(["__complete", "--", .. words]);
        Assert.Equal(expected, string.Join(' ', run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }
}

/// <summary>The installed pieces at work: git finds 'git carry' and its manual page, bash completes through the script.</summary>
[Trait(CarryProcess.Trait, "story")]
[Trait("Speed", "Slow")] // real external tools (StGit, guilt, TopGit, man/groff) or deliberate waits: in the full suite, not the fast subset
public sealed class SetupStoryTests
{
    [SkippableFact]
    public void Git_carry_help_opens_the_manual_page_setup_installed()
    {
        Skip.IfNot(File.Exists("/usr/bin/man"), "man (man-db) is needed to read the pages 'git help' opens");
        using var repo = TempRepo.WithStack(1);
        var prefix = Path.Combine(repo.Dir, ".git", "prefix");
        var setup = CarryProcess.Run(repo.Dir, null, "setup", "--prefix", prefix);
        Assert.True(setup.Exit == 0, setup.ToString());
        var env = new Dictionary<string, string>
        {
            ["PATH"] = Path.Combine(prefix, "bin") + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
            ["MANPATH"] = Path.Combine(prefix, "share", "man") + ":", ["MANPAGER"] = "cat", ["PAGER"] = "cat", ["MANWIDTH"] = "80",
        };
        var help = Run(repo.Dir, env, "git", "carry", "--help");
        Assert.True(help.Exit == 0, help.ToString());
        Assert.Contains("GIT-CARRY(1)", help.Out);
        // man justifies lines and may print hyphens as U+2010: compare words.
        var words = System.Text.RegularExpressions.Regex.Replace(help.Out.Replace('\u2010', '-'), @"\s+", " ");
        Assert.Contains("sync Re-apply the stack on the new upstream base", words);
        Assert.Contains("GIT-CARRY-SYNC(1)", Run(repo.Dir, env, "man", "git-carry-sync").Out);
        // 'git carry' runs carry through the link.
        var status = Run(repo.Dir, env, "git", "carry", "series");
        Assert.True(status.Exit == 0, status.ToString());
        Assert.Contains("patch-number-1", status.Out);
        // Every page reads without a warning from groff, in a UTF-8 locale and in C ('…' warned there).
        var cLocale = new Dictionary<string, string>(env) { ["LC_ALL"] = "C", ["LANG"] = "C" };
        foreach (var page in Directory.GetFiles(Path.Combine(prefix, "share", "man", "man1")))
            foreach (var locale in new[] { env, cLocale })
            {
                var man = Run(repo.Dir, locale, "man", "--warnings", "-l", page);
                Assert.True(man.Exit == 0 && man.Err == "", $"{Path.GetFileName(page)}: {man}");
            }
        // bash completes 'git carry' and 'carry' through the installed script (carry itself is found on PATH as git-carry's target).
        var script = Path.Combine(prefix, "share", "bash-completion", "completions", "carry");
        var bin = Path.Combine(prefix, "bin");
        File.CreateSymbolicLink(Path.Combine(bin, "carry"), Path.Combine(bin, "git-carry"));
        var bash = Run(repo.Dir, env, "bash", "-c", $"source '{script}'; COMP_WORDS=(carry push ''); COMP_CWORD=2; _carry; echo \"${{COMPREPLY[@]}}\"");
        Assert.Equal("patch-number-1", bash.Out.Trim());
    }

    private static CarryRun Run(string dir, Dictionary<string, string> env, string exe, params string[] args)
    {
        var psi = new ProcessStartInfo(exe) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return new CarryRun(p.ExitCode, output, err.Result);
    }
}
