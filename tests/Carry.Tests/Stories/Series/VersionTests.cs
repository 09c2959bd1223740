using System.Text.Json;
using Carry.Operations.Series;
using Carry.Tests.Support;

namespace Carry.Tests.Stories.Series;

/// <summary>Named versions: marking, listing, moving, refusing, undoing.</summary>
public sealed class VersionTests
{
    private static List<(string Name, string State)> Versions(TempRepo repo) =>
        [.. JsonDocument.Parse(repo.CarryOk("versions", "--json").Out).RootElement.EnumerateArray()
            .Select(v => (v.GetProperty("name").GetString()!, v.GetProperty("state").GetString()!))];

    [Fact]
    public void A_version_names_the_state_before_the_command_and_undo_removes_it()
    {
        using var repo = TempRepo.WithStack(2);
        var state = repo.Git("rev-parse", "refs/carry/main");
        repo.CarryOk("version", "v1.0-rt1");
        Assert.Equal([("v1.0-rt1", state)], Versions(repo));
        Assert.Contains("carry init --base base (2/2 applied) [v1.0-rt1]", repo.CarryOk("log").Out);
        // The named state is still in the chain: git sees it as an ancestor of the stack ref.
        Assert.Equal(0, TempRepo.RunGit(repo.Dir, "merge-base", "--is-ancestor", state, "refs/carry/main").Exit);

        repo.CarryOk("pop");
        var refused = repo.CarryFails("version", "v1.0-rt1");
        Assert.Contains("version 'v1.0-rt1' already exists", refused.Err);
        Assert.Contains("--force", refused.Err);
        var popped = repo.Git("rev-parse", "refs/carry/main");
        repo.CarryOk("version", "v1.0-rt1", "--force");
        Assert.Equal([("v1.0-rt1", popped)], Versions(repo));

        repo.CarryOk("undo");
        Assert.Equal([("v1.0-rt1", state)], Versions(repo));
        repo.CarryOk("undo");
        repo.CarryOk("undo");
        Assert.Empty(Versions(repo));
        Invariants.Check(repo);
    }

    [Theory]
    [InlineData("@v1")]
    [InlineData("v 1")]
    [InlineData("v1~2")]
    [InlineData("-v1")]
    [InlineData("deadbeef")]
    public void Names_that_could_be_read_as_a_state_or_an_option_are_refused(string name)
    {
        using var repo = TempRepo.WithStack(1);
        var before = repo.Git("rev-parse", "refs/carry/main");
        var run = repo.CarryFails("version", "--", name);
        Assert.Contains("is not a valid version name", run.Err);
        Assert.Equal(before, repo.Git("rev-parse", "refs/carry/main"));
    }

    [Fact]
    public void Delete_removes_a_version_and_versions_lists_them_oldest_first_with_their_base()
    {
        using var repo = TempRepo.WithStack(2);
        repo.CarryOk("version", "one");
        repo.CarryOk("pop");
        repo.CarryOk("version", "two");
        var text = repo.CarryOk("versions").Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, text.Length);
        Assert.StartsWith("one", text[0]);
        Assert.Contains($"base base ({repo.Git("rev-parse", "--short=7", "base")})", text[1]);
        repo.CarryOk("version", "--delete", "one");
        Assert.Equal(["two"], Versions(repo).Select(v => v.Name));
        Assert.Contains("version 'nope' does not exist", repo.CarryFails("version", "-d", "nope").Err);
    }
}
