using Carry.Model;
using Carry.Operations.Layers;
using Carry.Tests.Support;
using static Carry.Tests.Stories.Layers.LayerRepo;

namespace Carry.Tests.Stories.Layers;

/// <summary>A portable development kit: exported from one project, applied to another, per patch.</summary>
public sealed class KitTests
{
    private static TempRepo MissionOne()
    {
        var repo = TempRepo.WithStack(1);
        NewPatch(repo, "mise", "private", (".mise.toml", "[tools]\npython = \"3.13\"\n"));
        NewPatch(repo, "readme-steps", "private", ("README.md", "Sample project\n\nDev: mise install && docker compose up -d\n"));
        NewPatch(repo, "compose", "private", ("docker-compose.yml", "services:\n  postgres:\n    ports: [\"5432\"]\n"));
        return repo;
    }

    [Theory]
    [InlineData("kit/")]
    [InlineData("kit.mbox")]
    public void A_kit_follows_the_freelancer_to_the_next_project(string target)
    {
        using var one = MissionOne();
        using var outDir = new TempDir("kit-out");
        var path = Path.Combine(outDir.Path, target);
        var exported = one.CarryOk("kit", "export", path);
        Assert.Contains("3 private patches", exported.Out);
        Assert.DoesNotContain("patch-number-1", exported.Out);

        // Mission two: another project, whose README differs, with work already in progress.
        using var two = new TempRepo("mission-two");
        two.Write("README.md", "Another client's project\n");
        two.Write("app.py", "print('hi')\n");
        two.Commit("client base");
        two.Git("tag", "base");
        two.Write("app.py", "print('hello')\n");
        two.Commit("Say hello");
        two.CarryOk("init", "--base", "base");

        var before = Snapshot.Take(two);
        Assert.Contains("does not apply", two.CarryFails("kit", "apply", path, "--all-or-nothing").Err);
        Assert.Equal(before, Snapshot.Take(two));

        var run = two.Carry("kit", "apply", path);
        Assert.Equal(2, run.Exit); // applied, with a patch skipped
        Assert.Contains("Kit: 2 applied, 1 skipped", run.Out);
        var file = target == "kit/" ? "readme-steps.patch" : "kit.mbox:2";
        Assert.Contains($"skipped {file}: patch '{file}' does not apply", run.Out);
        Assert.Contains("README.md", run.Out);
        // A quilt kit keeps the patch names; an mbox kit names them from their subjects, as import does.
        var applied = Applied(two);
        Assert.Equal(3, applied.Length);
        Assert.Equal("say-hello", applied[2]);
        Assert.StartsWith("mise", applied[0]);
        Assert.StartsWith("compose", applied[1]);
        Assert.All(applied[..2], n => Assert.Equal("private", Patch(two, n)!.Value.GetProperty("layer").GetString()));
        Assert.True(two.Exists(".mise.toml") && two.Exists("docker-compose.yml"));
        Assert.Equal("Another client's project\n", two.Read("README.md"));
        Invariants.Check(two);
        two.CarryOk("undo");
        Assert.Equal(before, Snapshot.Take(two));
    }

    [Fact]
    public void Exporting_a_stack_without_a_kit_says_so()
    {
        using var repo = TempRepo.WithStack(1);
        using var outDir = new TempDir("kit-none");
        Assert.Contains("no private patches", repo.CarryFails("kit", "export", Path.Combine(outDir.Path, "k/")).Err);
    }

    [Fact]
    public void Work_refuses_a_clash_with_local_changes_and_leaves_nothing_behind()
    {
        using var repo = MissionOne();
        repo.Write("file-1.txt", "a local edit of a file the new stack does not have\n");
        var run = repo.CarryFails("work", "issue-9");
        Assert.Contains("could not switch", run.Err);
        Assert.Equal("", repo.Git("branch", "--list", "issue-9"));
        Assert.Equal("", repo.Git("for-each-ref", "refs/carry/issue-9"));
        Assert.Equal("main", repo.Git("branch", "--show-current"));
        repo.Git("checkout", "--", "file-1.txt");

        repo.CarryOk("work", "issue-9");
        Assert.Equal(["mise", "readme-steps", "compose"], Applied(repo));
        Assert.False(repo.Exists("file-1.txt"));
        Invariants.Check(repo);
        Assert.Contains("already exists", repo.CarryFails("work", "main").Err);
    }

    [Theory]
    [InlineData("Fix it\n", "Fix it\n\nCarry-Id: 0123456789abcdef\n")]
    [InlineData("Fix it\n\nBecause.\n", "Fix it\n\nBecause.\n\nCarry-Id: 0123456789abcdef\n")]
    [InlineData("Fix it\n\nSigned-off-by: A <a@x>\n", "Fix it\n\nSigned-off-by: A <a@x>\nCarry-Id: 0123456789abcdef\n")]
    [InlineData("Fix it\n\nCarry-Id: 0123456789abcdef\n", "Fix it\n\nCarry-Id: 0123456789abcdef\n")]
    public void The_trailer_joins_a_trailer_paragraph_or_starts_one(string message, string expected)
    {
        Assert.Equal(expected, Carry.Operations.Layers.Publish.WithTrailer(message, "0123456789abcdef"));
        // git agrees that it is a trailer.
        using var repo = new TempRepo("trailer");
        var file = Path.Combine(repo.Dir, "msg");
        File.WriteAllText(file, expected);
        Assert.Equal("0123456789abcdef", repo.Git("interpret-trailers", "--parse", file).Split('\n').Last().Replace("Carry-Id: ", ""));
    }
}
