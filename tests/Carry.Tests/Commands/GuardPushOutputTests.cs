using Carry.Tests.Support;

namespace Carry.Tests.Commands;

/// <summary>Whole-output snapshot of the pre-push guard's commands, and of a refused 'git push'.</summary>
[Collection(FixedClockCollection.Name)]
public sealed class GuardPushOutputTests
{
    [Fact]
    public void The_pre_push_guard()
    {
        using var s = new UpstreamScenario();
        var t = new Transcript().Name(s.Fork.Dir, "<repo>").Name(s.Bare, "<upstream>");
        t.Ok(s.Fork, "guard-push");
        t.Ok(s.Fork, "guard-push", "uninstall");
        t.Ok(s.Fork, "guard-push", "uninstall");
        t.Ok(s.Fork, "guard-push", "install");
        t.Ok(s.Fork, "new", "kit", "--layer", "private", "-m", "kit: my tools");
        s.Fork.Write(".mise.toml", "[tools]\n");
        s.Fork.Git("add", ".mise.toml");
        t.Ok(s.Fork, "refresh");
        var push = TempRepo.RunGit(s.Fork.Dir, "push", "origin", "main");
        t.Note("git push origin main (exit " + push.Exit + "):\n" + string.Join('\n', push.Err.Split('\n').Where(l => !l.StartsWith("To ", StringComparison.Ordinal))).Trim());
        s.Fork.Git("config", "carry.guardPush", "false");
        t.Ok(s.Fork, "guard-push");
        t.Match("The_pre_push_guard");
    }
}
