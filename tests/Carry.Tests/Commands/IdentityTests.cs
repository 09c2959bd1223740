using Carry.Git;
using Carry.Tests.Support;

namespace Carry.Tests.Commands;

/// <summary>
/// Who carry writes commits as, run as a user runs it: a process (the NativeAOT binary when
/// CARRY_BINARY names it), HOME holding only a .gitconfig, no GIT_* identity variables. The
/// NativeAOT build once lost every value from ~/.gitconfig.
/// </summary>
[Trait(CarryProcess.Trait, "story")]
public sealed class IdentityTests
{
    private static string Ident(TempRepo repo, string format, string rev = "HEAD") => repo.Git("log", "-1", "--format=" + format, rev);

    private static void Ok(CarryRun run) => Assert.True(run.Exit == 0, run.ToString());

    [Fact]
    public void New_patches_and_sync_take_the_identity_from_the_global_gitconfig()
    {
        var home = CarryProcess.IdentityHome("Grace Home", "grace@example.com");
        using var s = new UpstreamScenario();
        s.Upstream("upstream moves", m => m.Write("upstream.txt", "new upstream file\n"));
        Ok(CarryProcess.RunAsUser(s.Fork.Dir, home, null, "new", "local-fix", "-m", "A local fix"));
        s.Fork.Write("fix.txt", "fixed\n");
        s.Fork.Git("add", "fix.txt");
        Ok(CarryProcess.RunAsUser(s.Fork.Dir, home, null, "refresh"));
        Assert.Equal("Grace Home <grace@example.com>", Ident(s.Fork, "%an <%ae>"));

        Ok(CarryProcess.RunAsUser(s.Fork.Dir, home, null, "sync", "--fetch"));

        Assert.Equal(s.Maintainer.Git("rev-parse", "HEAD"), s.Fork.Git("rev-parse", "HEAD~1"));
        Assert.Equal("Grace Home <grace@example.com>", Ident(s.Fork, "%cn <%ce>"));
        Assert.Equal("Grace Home <grace@example.com>", Ident(s.Fork, "%an <%ae>"));
        Assert.Equal("", s.Fork.Git("status", "--porcelain"));
    }

    [Fact]
    public void Committer_variables_alone_leave_the_author_to_the_config_as_git_does()
    {
        var home = CarryProcess.IdentityHome("Grace Home", "grace@example.com");
        using var repo = TempRepo.WithStack(1);
        var committer = new Dictionary<string, string> { ["GIT_COMMITTER_NAME"] = "Build Bot", ["GIT_COMMITTER_EMAIL"] = "bot@example.com" };
        Ok(CarryProcess.RunAsUser(repo.Dir, home, committer, "new", "second", "-m", "Second"));

        Assert.Equal("Grace Home <grace@example.com>", Ident(repo, "%an <%ae>"));
        Assert.Equal("Build Bot <bot@example.com>", Ident(repo, "%cn <%ce>"));
    }

    [Fact]
    public void Without_any_identity_carry_refuses_like_git_and_changes_nothing()
    {
        var home = Path.Combine(Path.GetTempPath(), "carry-home-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(home);
        using var repo = TempRepo.WithStack(1);
        var head = repo.Git("rev-parse", "HEAD");
        var run = CarryProcess.RunAsUser(repo.Dir, home, null, "new", "second");
        Assert.NotEqual(0, run.Exit);
        Assert.Contains("identity unknown", run.Err);
        Assert.Contains("git config --global user.email", run.Err);
        Assert.DoesNotContain("   at ", run.Err);
        Assert.Equal(head, repo.Git("rev-parse", "HEAD"));
    }

    [Fact]
    public void A_configured_name_with_angle_brackets_is_cleaned_as_git_cleans_it()
    {
        // git's fmt_ident leaves '<', '>' and newlines out and trims crud: "Grace <Home>" commits as "Grace Home".
        var home = CarryProcess.IdentityHome("Grace <Home>", "<grace@example.com>");
        using var repo = TempRepo.WithStack(1);
        Ok(CarryProcess.RunAsUser(repo.Dir, home, null, "new", "second", "-m", "Second"));

        Assert.Equal("Grace Home <grace@example.com>", Ident(repo, "%an <%ae>"));
        Assert.Equal("Grace Home <grace@example.com>", Ident(repo, "%cn <%ce>"));
        Assert.Equal(0, TempRepo.RunGit(repo.Dir, "fsck", "--strict", "--no-dangling").Exit);
    }

    [Fact]
    public void Values_given_with_git_dash_c_win_over_the_files()
    {
        // What git itself hands an external command for `git -c …`: captured with an alias.
        using var repo = new TempRepo();
        var parameters = repo.Git("-c", "user.name=Pat O'Brien!", "-c", "Carry.Base=upstream/main", "-c", "core.bare", "-c", "x.empty=",
            "-c", "alias.penv=!printf %s \"$GIT_CONFIG_PARAMETERS\"", "penv");
        var given = GitConfig.Overrides(name => name == "GIT_CONFIG_PARAMETERS" ? parameters : null);
        Assert.Equal("Pat O'Brien!", given["user.name"]);
        Assert.Equal("upstream/main", given["carry.base"]);
        Assert.Equal("true", given["core.bare"]);
        Assert.Equal("", given["x.empty"]);
    }
}
