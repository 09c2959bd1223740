using Carry.Tests.Support;

namespace Carry.Tests.Commands;

/// <summary>
/// A damaged refs/carry/&lt;branch&gt; (garbage, a missing object, a commit that is not a stack
/// record) gets a clear message from every command, and 'carry repair --from-reflog' puts the
/// stack back from the ref's reflog.
/// </summary>
public sealed class DamagedRefTests
{
    [Theory]
    [InlineData("garbage")]
    [InlineData("missing")]
    [InlineData("not-a-stack")]
    public void A_damaged_stack_ref_is_reported_and_put_back_from_its_reflog(string damage)
    {
        using var repo = TempRepo.WithStack(3);
        repo.CarryOk("pop");
        var good = repo.Git("rev-parse", "refs/carry/main");
        var files = Snapshot.Take(repo);
        var refFile = Path.Combine(repo.Dir, ".git", "refs", "carry", "main");
        switch (damage)
        {
            case "garbage": File.WriteAllText(refFile, "this is not an object id\n"); break;
            case "missing": File.WriteAllText(refFile, "0123456789012345678901234567890123456789\n"); break;
            default: repo.Git("update-ref", "refs/carry/main", "HEAD"); break;
        }

        foreach (var command in new[] { "series", "log", "undo", "repair", "push" })
        {
            var run = repo.CarryFails(command);
            Assert.Contains("refs/carry/main is damaged", run.Err);
            Assert.Contains("carry repair --from-reflog", run.Err);
            Assert.DoesNotContain("Exception", run.Err);
        }
        Assert.Equal(files, Snapshot.Take(repo));

        var repaired = repo.CarryOk("repair", "--from-reflog");
        Assert.Contains("after 'carry pop'", repaired.Out);
        Assert.Equal(good, repo.Git("rev-parse", "refs/carry/main"));
        Assert.Equal(files, Snapshot.Take(repo));
        Invariants.Check(repo);
        repo.CarryOk("undo");
        Assert.Contains("> patch-number-3", repo.CarryOk("series").Out);
    }

    [Fact]
    public void Repair_from_the_reflog_refuses_when_nothing_is_damaged()
    {
        using var repo = TempRepo.WithStack(1);
        var run = repo.CarryFails("repair", "--from-reflog");
        Assert.Contains("is not damaged", run.Err);
    }
}
