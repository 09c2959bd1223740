using Carry.Git;
using Carry.Tests.Support;

namespace Carry.Tests.Engine.Git;

/// <summary>Boolean settings are read as git reads them: what git accepts means the same, what git refuses is refused.</summary>
public sealed class ConfigBoolTests
{
    [Theory]
    [InlineData("true"), InlineData("Yes"), InlineData("ON"), InlineData("1"), InlineData("-3"), InlineData("2k")]
    [InlineData("false"), InlineData("no"), InlineData("Off"), InlineData("0"), InlineData("0m"), InlineData("")]
    public void Values_git_accepts_mean_what_git_says(string value)
    {
        using var repo = new TempRepo();
        repo.Git("config", "carry.test.flag", value);
        // What git itself makes of it: the expected value is git's, not this test's.
        var expected = repo.Git("config", "--type=bool", "carry.test.flag").Trim() == "true";
        using var carryRepo = CarryRepository.Open(repo.Dir);
        Assert.Equal(expected, carryRepo.ConfigBool("carry.test.flag"));
        Assert.Null(carryRepo.ConfigBool("carry.test.unset"));
    }

    [Theory]
    [InlineData("ture"), InlineData("maybe"), InlineData("1x"), InlineData("yes please"), InlineData(" on ")]
    public void Values_git_refuses_are_refused(string value)
    {
        using var repo = new TempRepo();
        repo.Git("config", "carry.test.flag", value);
        Assert.NotEqual(0, TempRepo.RunGit(repo.Dir, "config", "--type=bool", "carry.test.flag").Exit);
        using var carryRepo = CarryRepository.Open(repo.Dir);
        var refused = Assert.Throws<CarryException>(() => carryRepo.ConfigBool("carry.test.flag"));
        Assert.Equal($"bad boolean config value '{value}' for 'carry.test.flag'", refused.Message);
    }
}
