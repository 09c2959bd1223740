using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using Snapshooter;

namespace Carry.Tests.Support;

/// <summary>
/// A record of carry command lines and everything each printed (exit code, stdout, stderr),
/// matched as a whole against a committed snapshot file in <c>__snapshots__/</c> next to the
/// test. Temp folders are replaced by stable names; commit ids are stable because the tests
/// that use it run with a fixed clock (<see cref="FixedClock"/>).
/// </summary>
public sealed partial class Transcript
{
    private readonly StringBuilder text = new();
    private readonly List<(string Path, string Name)> places = [];

    /// <summary>Shows <paramref name="path"/> as <paramref name="name"/> in the snapshot.</summary>
    public Transcript Name(string path, string name)
    {
        places.Add((path.TrimEnd('/'), name));
        return this;
    }

    /// <summary>Runs one carry command line in <paramref name="repo"/> and records it.</summary>
    public CarryRun Run(TempRepo repo, params string[] args) => Add(args, repo.Carry(args));

    /// <summary>Runs a command that must succeed, and records it.</summary>
    public CarryRun Ok(TempRepo repo, params string[] args)
    {
        var run = Run(repo, args);
        Assert.True(run.Exit == 0, $"carry {string.Join(' ', args)} failed: {run}");
        return run;
    }

    /// <summary>Runs a command that must be refused (no stack trace), and records it.</summary>
    public CarryRun Fails(TempRepo repo, params string[] args)
    {
        var run = Run(repo, args);
        Assert.True(run.Exit != 0, $"carry {string.Join(' ', args)} should have failed: {run}");
        Assert.DoesNotContain("   at ", run.Err);
        return run;
    }

    /// <summary>Records a run made some other way (a process, another context).</summary>
    public CarryRun Add(IEnumerable<string> args, CarryRun run)
    {
        text.Append("$ carry ").AppendJoin(' ', args.Select(Quote)).Append('\n');
        text.Append("exit ").Append(run.Exit).Append('\n');
        Stream("stdout", run.Out);
        Stream("stderr", run.Err);
        text.Append('\n');
        return run;
    }

    private static string Quote(string arg) =>
        arg.Length > 0 && arg.All(ch => char.IsLetterOrDigit(ch) || "-_./=+:@,<>".Contains(ch)) ? arg : $"'{arg.Replace("'", "'\\''")}'";

    /// <summary>A note between commands (what the test did with plain git).</summary>
    public void Note(string note) => text.Append("# ").Append(note).Append("\n\n");

    private void Stream(string name, string output)
    {
        if (output.Length == 0) return;
        text.Append("--- ").Append(name).Append('\n').Append(output);
        if (!output.EndsWith('\n')) text.Append("\n(no newline at end)\n");
    }

    /// <summary>The transcript with temp paths replaced.</summary>
    public string Text
    {
        get
        {
            var result = text.ToString();
            foreach (var (path, name) in places.OrderByDescending(p => p.Path.Length)) result = result.Replace(path, name);
            result = result.Replace(Path.GetTempPath().TrimEnd('/'), "<tmp>");
            result = TempName().Replace(result, "carry-$1-<random>");
            result = DemoFolder().Replace(result, "carry-demo-<random>");
            result = Duration().Replace(result, "(<duration>)");
            return ScrubIds(result);
        }
    }

    /// <summary>Compares the whole transcript with <c>__snapshots__/{name}.snap</c> beside the calling test file.</summary>
    public void Match(string name, [CallerFilePath] string testFile = "") =>
        Snapshooter.Xunit.Snapshot.Match(Text, new SnapshotFullName(name + ".snap", Path.Combine(Path.GetDirectoryName(testFile)!)));

    /// <summary>
    /// Object ids (commits, blobs, carry's state commits) and patch ids become #1, #2… in order
    /// of first appearance, a short id taking the number of the full id it abbreviates: patch
    /// ids are random, and so are the ids of everything that records them.
    /// </summary>
    private static string ScrubIds(string text)
    {
        var numbers = new Dictionary<string, int>();
        var full = HexId().Matches(text).Select(m => m.Value).Where(v => v.Length is 40 or 64).Distinct().ToList();
        return HexId().Replace(text, m =>
        {
            var id = full.FirstOrDefault(f => f.StartsWith(m.Value, StringComparison.Ordinal)) ?? m.Value;
            if (!numbers.TryGetValue(id, out var n)) numbers[id] = n = numbers.Count + 1;
            return "#" + n;
        });
    }

    [GeneratedRegex(@"\b[0-9a-f]{7,64}\b")]
    private static partial Regex HexId();

    [GeneratedRegex(@"\(\d+(?:\.\d+)? ?(?:ms|s)\)")]
    private static partial Regex Duration();

    [GeneratedRegex(@"carry-demo-[A-Za-z0-9]{6}\b")]
    private static partial Regex DemoFolder();

    [GeneratedRegex(@"carry-([a-z-]*?)-?[0-9a-f]{8}(?![0-9a-f])")]
    private static partial Regex TempName();
}
