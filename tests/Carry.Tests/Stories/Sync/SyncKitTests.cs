using Carry.Operations.Layers;
using Carry.Operations.Sync;
using Carry.Tests.Support;

namespace Carry.Tests.Stories.Sync;

/// <summary>Stacks sharing a private layer (carry work) take the newest kit at every sync.</summary>
public sealed class SyncKitTests
{
    [Fact]
    public void The_next_sync_of_another_stack_brings_the_newest_kit_and_the_upstream_changes()
    {
        using var s = new UpstreamScenario();
        s.Fork.CarryOk("new", "devkit", "--layer", "private", "-m", "Dev kit");
        s.Fork.Write(".envrc.sh", "export DB=local\n");
        s.Fork.Git("add", ".envrc.sh");
        s.Fork.CarryOk("refresh");
        s.Fork.CarryOk("work", "issue-42");
        s.AddPatch("fix-42", r => UpstreamScenario.EditLines(r, "shared.txt", (42, "line 42, fixed for issue 42")));

        // The kit changes in the main stack; upstream moves too.
        s.Fork.Git("switch", "-q", "main");
        s.Fork.Write(".envrc.sh", "export DB=local\nexport DEBUG=1\n");
        s.Fork.Git("add", ".envrc.sh");
        s.Fork.CarryOk("refresh", "-p", "devkit");
        s.Upstream("upstream work", r => UpstreamScenario.EditLines(r, "other.txt", (7, "line 7, upstream's")));

        s.Fork.Git("switch", "-q", "issue-42");
        Assert.DoesNotContain("DEBUG", s.Fork.Read(".envrc.sh"));
        var run = s.Fork.CarryOk("sync", "--fetch");
        Assert.Contains("private layer brought up to date from stack 'main'", run.Out);
        Assert.Contains("DEBUG=1", s.Fork.Read(".envrc.sh"));
        Assert.Contains("line 7, upstream's", s.Fork.Read("other.txt"));
        Assert.Contains("fixed for issue 42", s.Fork.Read("shared.txt"));
        Assert.Equal(s.Fork.Git("rev-parse", "origin/main"), s.Fork.Git("rev-parse", "HEAD~2"));
        Invariants.Check(s.Fork);

        // Nothing new anywhere: the next sync says so.
        Assert.Contains("Already up to date", s.Fork.CarryOk("sync").Out);
    }
}
