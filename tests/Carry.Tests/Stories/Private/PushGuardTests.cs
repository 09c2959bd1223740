using Carry.Tests.Stories.Layers;
using Carry.Tests.Support;

namespace Carry.Tests.Stories.Private;

/// <summary>
/// A habitual 'git push' of the stacked branch would send the kit. Carry's pre-push guard,
/// installed at init, refuses it with the patches' names, while 'carry publish --push' and
/// 'carry share push' still work; a user's own hook is kept and run; the guard can be turned off.
/// </summary>
public sealed class PushGuardTests
{
    private static UpstreamScenario KitAndWork()
    {
        var s = new UpstreamScenario();
        LayerRepo.NewPatch(s.Fork, "kit-mise", "private", (".mise.toml", "[tools]\npython = \"3.13\"\n"));
        LayerRepo.NewPatch(s.Fork, "issue-1", "upstream", ("feature.txt", "the feature\n"));
        return s;
    }

    private static void MakeExecutable(string path)
    {
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
    }

    private static string Hook(TempRepo repo) => Path.Combine(repo.Dir, ".git", "hooks", "pre-push");

    private static (int Exit, string Out, string Err) Push(TempRepo repo, params string[] args) => TempRepo.RunGit(repo.Dir, ["push", .. args]);

    private static string? RemoteRef(UpstreamScenario s, string name)
    {
        var run = TempRepo.RunGit(s.Bare, "rev-parse", "--verify", "-q", name);
        return run.Exit == 0 ? run.Out.Trim() : null;
    }

    [Fact]
    public void A_plain_git_push_of_the_stacked_branch_is_refused_naming_the_kit()
    {
        using var s = KitAndWork();
        Assert.Contains("carry-guard-push", File.ReadAllText(Hook(s.Fork)));
        var before = RemoteRef(s, "refs/heads/main");

        var push = Push(s.Fork, "origin", "main");

        Assert.NotEqual(0, push.Exit);
        Assert.Contains("private patch 'kit-mise'", push.Err);
        Assert.Contains("carry publish --push origin", push.Err);
        Assert.DoesNotContain("issue-1", push.Err);
        Assert.Equal(before, RemoteRef(s, "refs/heads/main"));
        // A new branch and a tag holding the kit are refused the same way.
        Assert.NotEqual(0, Push(s.Fork, "origin", "HEAD:refs/heads/elsewhere").Exit);
        s.Fork.Git("tag", "snapshot");
        Assert.NotEqual(0, Push(s.Fork, "origin", "snapshot").Exit);
        Assert.Null(RemoteRef(s, "refs/heads/elsewhere"));
    }

    [Fact]
    public void The_refusal_never_suggests_sending_the_kit_to_the_refused_remote()
    {
        using var s = KitAndWork();

        var push = Push(s.Fork, "origin", "main");

        Assert.NotEqual(0, push.Exit);
        Assert.Contains("carry publish --push origin", push.Err);
        Assert.DoesNotContain("carry share push origin", push.Err);
        Assert.Contains("the kit itself stays in this repository", push.Err);
    }

    [Fact]
    public void A_hooks_path_set_after_init_is_warned_about_until_the_guard_is_installed_there()
    {
        using var s = KitAndWork();
        // What husky's 'npm install' does: git now looks for hooks in .husky, not where the guard is.
        s.Fork.Git("config", "core.hooksPath", ".husky");

        var pop = s.Fork.CarryOk("pop");

        const string warning = "warning: the pre-push guard is not in git's hooks folder now";
        Assert.Single(pop.Err.Split('\n'), l => l.Contains(warning));
        Assert.Contains("hint: run 'carry guard-push install'", pop.Err);
        s.Fork.CarryOk("guard-push", "install");
        Assert.DoesNotContain(warning, s.Fork.CarryOk("push").Err);
        Assert.NotEqual(0, Push(s.Fork, "origin", "main").Exit);
    }

    [Fact]
    public void Publish_push_and_share_push_still_work()
    {
        using var s = KitAndWork();

        s.Fork.CarryOk("publish", "--push", "origin");
        s.Fork.CarryOk("share", "push", "origin");

        Assert.Equal(s.Fork.Git("rev-parse", "publish/main"), RemoteRef(s, "refs/heads/publish/main"));
        Assert.NotNull(RemoteRef(s, "refs/carry/main"));
        // Work without the kit pushes as usual.
        s.Fork.Git("switch", "-q", "-c", "plain", "origin/main");
        s.Fork.Write("plain.txt", "plain\n");
        s.Fork.Commit("Plain work");
        Assert.Equal(0, Push(s.Fork, "origin", "plain").Exit);
    }

    [Fact]
    public void Turning_the_guard_off_lets_the_push_through()
    {
        using var s = KitAndWork();
        s.Fork.Git("config", "carry.guardPush", "false");
        var push = Push(s.Fork, "origin", "main");
        Assert.True(push.Exit == 0, push.Err);
        Assert.Equal(s.Fork.Git("rev-parse", "main"), RemoteRef(s, "refs/heads/main"));
    }

    [Fact]
    public void An_existing_hook_is_kept_run_first_and_put_back_on_uninstall()
    {
        using var s = new UpstreamScenario();
        s.Fork.CarryOk("guard-push", "uninstall");
        var log = Path.Combine(s.Fork.Dir, ".git", "user-hook.log");
        var mine = $"#!/bin/sh\ncat >> '{log}'\necho \"$1\" >> '{log}'\n";
        File.WriteAllText(Hook(s.Fork), mine);
        MakeExecutable(Hook(s.Fork));

        s.Fork.CarryOk("guard-push", "install");
        Assert.Equal(mine, File.ReadAllText(Hook(s.Fork) + ".before-carry"));
        LayerRepo.NewPatch(s.Fork, "kit-mise", "private", (".mise.toml", "x\n"));
        Assert.NotEqual(0, Push(s.Fork, "origin", "main").Exit);
        Assert.Contains("refs/heads/main", File.ReadAllText(log));
        Assert.Contains("origin", File.ReadAllText(log));

        s.Fork.CarryOk("guard-push", "uninstall");
        Assert.Equal(mine, File.ReadAllText(Hook(s.Fork)));
        Assert.False(File.Exists(Hook(s.Fork) + ".before-carry"));
        Assert.Contains("not installed", s.Fork.CarryOk("guard-push").Out);
    }

    [Fact]
    public void A_failing_user_hook_still_stops_the_push()
    {
        using var s = new UpstreamScenario();
        s.Fork.CarryOk("guard-push", "uninstall");
        File.WriteAllText(Hook(s.Fork), "#!/bin/sh\necho 'user hook says no' >&2\nexit 1\n");
        MakeExecutable(Hook(s.Fork));
        s.Fork.CarryOk("guard-push", "install");
        s.Fork.Write("plain.txt", "plain\n");
        s.Fork.Commit("Plain work");
        var push = Push(s.Fork, "origin", "main");
        Assert.NotEqual(0, push.Exit);
        Assert.Contains("user hook says no", push.Err);
    }

    [Fact]
    public void The_guard_goes_where_core_hooksPath_says()
    {
        using var s = KitAndWork();
        s.Fork.CarryOk("guard-push", "uninstall");
        var hooks = Path.Combine(s.Fork.Dir, ".git", "shared-hooks");
        s.Fork.Git("config", "core.hooksPath", hooks);
        s.Fork.CarryOk("guard-push", "install");
        Assert.Contains("carry-guard-push", File.ReadAllText(Path.Combine(hooks, "pre-push")));
        Assert.NotEqual(0, Push(s.Fork, "origin", "main").Exit);
    }
}
