using System.Text.RegularExpressions;
using Carry.Tests.Support;

namespace Carry.Tests.Commands;

/// <summary>Every command and sub-command the help lists has its output in a snapshot, and so has its --json output.</summary>
public sealed class SnapshotCoverageTests
{
    [Fact]
    public void Every_command_and_every_json_output_is_snapshotted()
    {
        var folder = Path.Combine(TestEnvironment.RepoRoot, "tests", "Carry.Tests", "Commands", "__snapshots__");
        var runs = Directory.EnumerateFiles(folder, "*.snap")
            .Where(f => Path.GetFileName(f) != "Every_help_text.snap")
            .SelectMany(File.ReadLines).Where(l => l.StartsWith("$ carry ", StringComparison.Ordinal)).ToList();
        using var repo = new TempRepo();
        var missing = new List<string>();
        foreach (var command in HelpTests.CommandLines(repo).Where(c => c.Length > 0))
        {
            var name = string.Join(' ', command);
            var help = repo.CarryOk([.. command, "--help"]).Out;
            if (Regex.IsMatch(help, @"^Commands:", RegexOptions.Multiline)) continue; // a group: its sub-commands count
            var mine = runs.Where(l => l == $"$ carry {name}" || l.StartsWith($"$ carry {name} ", StringComparison.Ordinal)).ToList();
            if (mine.Count == 0) missing.Add(name);
            if (help.Contains("--json") && !mine.Any(l => l.Contains(" --json"))) missing.Add(name + " --json");
        }
        Assert.True(missing.Count == 0, "no snapshot of: " + string.Join(", ", missing));
    }
}
