using Carry.Tests.Support;

namespace Carry.Tests.Commands;

/// <summary>Whole-output snapshots of layers, guards, publishing, the kit and upstream status.</summary>
[Collection(FixedClockCollection.Name)]
public sealed class LayerOutputTests
{
    [Fact]
    public void Layers_and_guards()
    {
        using var repo = TempRepo.WithStack(3);
        var t = new Transcript().Name(repo.Dir, "<repo>");
        t.Ok(repo, "layer");
        t.Ok(repo, "layer", "add", "client-fixes", "--rule", "fork", "--above", "fork");
        t.Ok(repo, "layer", "set", "private", "patch-number-3");
        t.Ok(repo, "layer", "set", "client-fixes", "patch-number-2");
        t.Ok(repo, "layer");
        t.Ok(repo, "layer", "set", "upstream", "patch-number-2");
        t.Ok(repo, "layer", "remove", "client-fixes");
        t.Ok(repo, "guard", "patch-number-1", "+arm", "-stable");
        t.Ok(repo, "guard", "patch-number-1");
        t.Ok(repo, "select", "stable");
        t.Ok(repo, "series");
        t.Ok(repo, "select", "--none");
        t.Ok(repo, "guard", "patch-number-1", "--none");
        t.Ok(repo, "series", "--json");
        t.Match("Layers_and_guards");
    }

    [Fact]
    public void Publish_work_and_kit()
    {
        using var repo = TempRepo.WithStack(2);
        using var fork = new TempDir("fork");
        using var kit = new TempDir("kit");
        TempRepo.GitIn(fork.Path, "init", "-q", "--bare", "-b", "main");
        repo.Git("remote", "add", "fork", fork.Path);
        var t = new Transcript().Name(repo.Dir, "<repo>").Name(fork.Path, "<fork>").Name(kit.Path, "<kit>");
        t.Ok(repo, "new", "devkit", "--layer", "private", "-m", "devkit: my tools");
        repo.Write(".mise.toml", "[tools]\npython = \"3.13\"\n");
        repo.Git("add", ".mise.toml");
        t.Note(".mise.toml written and added");
        t.Ok(repo, "refresh", "-p", "devkit");
        t.Ok(repo, "publish", "--push", "fork");
        t.Ok(repo, "publish", "patch-number-1", "--branch", "mr/one", "--no-trailer");
        t.Ok(repo, "kit", "export", Path.Combine(kit.Path, "kit/"));
        t.Ok(repo, "kit", "export", Path.Combine(kit.Path, "kit.mbox"));
        t.Ok(repo, "work", "issue-42");
        t.Ok(repo, "series");
        repo.Git("switch", "-q", "main");
        t.Note("git switch main");
        t.Ok(repo, "edit", "devkit", "-m", "devkit: my tools, newer");
        repo.Git("switch", "-q", "issue-42");
        t.Note("git switch issue-42");
        t.Ok(repo, "kit", "update");

        using var other = TempRepo.WithStack(1);
        t.Name(other.Dir, "<other>");
        t.Ok(other, "kit", "apply", Path.Combine(kit.Path, "kit"));
        t.Ok(other, "series");
        t.Match("Publish_work_and_kit");
    }

    [Fact]
    public void Upstream_status()
    {
        using var repo = TempRepo.WithStack(4);
        var t = new Transcript().Name(repo.Dir, "<repo>");
        t.Ok(repo, "propose", "patch-number-1", "--url", "https://git.example/app/-/merge_requests/12");
        t.Ok(repo, "reject", "patch-number-2", "--reason", "not the direction we want");
        t.Ok(repo, "fork-only", "patch-number-3", "--reason", "our branding");
        t.Ok(repo, "series");
        t.Fails(repo, "keep", "patch-number-2");
        t.Ok(repo, "landed", "patch-number-1", "--upstream", "base");
        t.Ok(repo, "series", "--json");
        t.Match("Upstream_status");
    }
}
