using System.Text.RegularExpressions;
using Carry.Tests.Support;

namespace Carry.Tests.Commands;

/// <summary>`carry --version`: version, commit, and which build runs (NativeAOT for the installed binary CI tests).</summary>
[Trait(CarryProcess.Trait, "story")]
public sealed class VersionFlagTests
{
    [Fact]
    public void Version_says_the_version_the_commit_and_the_kind_of_build()
    {
        using var repo = new TempRepo();
        var run = CarryProcess.Run(repo.Dir, null, "--version");
        Assert.True(run.Exit == 0, run.ToString());
        var match = Regex.Match(run.Out, @"^carry (\d+\.\d+\.\d+\S*) \(commit ([0-9a-f]{7,12}|unknown), (NativeAOT|\.NET [0-9.]+) ([a-z0-9-]+)\)\n$");
        Assert.True(match.Success, run.Out);
        var expected = typeof(Carry.Cli.CarryApp).Assembly.GetName().Version!;
        Assert.StartsWith($"{expected.Major}.{expected.Minor}.{expected.Build}", match.Groups[1].Value);
        Assert.Equal(CarryProcess.Binary is null ? ".NET" : "NativeAOT", match.Groups[3].Value.Split(' ')[0]);
    }
}
