using System.Diagnostics;
using Carry.Tests.Support;
using Xunit.Abstractions;

namespace Carry.Tests.Commands;

/// <summary>
/// The kill -9 campaign: carry commands killed at random (at a named point of the transaction,
/// or by a real SIGKILL at a random moment), sometimes killed again while the next run
/// recovers, then followed by the next command. Afterwards git fsck is clean, no patch is
/// lost or mixed (same names, same patch-ids), the working tree is what the stack says, and a
/// local edit survives. A few trials run in the suite; CARRY_KILL_TRIALS=500 runs the long
/// campaign (CARRY_KILL_SEED replays one).
/// </summary>
public sealed class KillCampaignTests(ITestOutputHelper output) : IDisposable
{
    private const string LocalEdit = "local edit that must survive\n", RefreshedText = "patch 1, refreshed\n";

    private static readonly string[] Points = ["locked", "before-journal", "before-worktree", "worktree-written", "after-worktree", "after-refs"];
    private static readonly string[] RecoveryPoints = ["recovery-start", "recovery-files", "recovery-end"];

    /// <summary>One kind of trial: a prepared repository (built once, copied per trial) and the command to kill in it.</summary>
    private sealed record Op(string Name, string[] Args, Func<TempRepo> Prepare, string? Changes = null, bool MayAdd = false);

    private readonly Dictionary<string, TempRepo> _templates = [];
    private readonly List<IDisposable> _owned = [];

    private Op[] Ops() =>
    [
        new("import", ["import", "patch", PatchFile()], () => WithLocalEdit(TempRepo.WithStack(3)), MayAdd: true),
        new("sync", ["sync"], CleanSync),
        new("sync-conflicting", ["sync"], ConflictingSync),
        new("refresh -p", ["refresh", "-p", "patch-number-1"], RefreshBelowTop, Changes: "patch-number-1"),
        new("push -a", ["push", "-a"], () => { var r = WithLocalEdit(TempRepo.WithStack(3)); r.CarryOk("pop", "-a"); return r; }),
        new("pop -a", ["pop", "-a"], () => WithLocalEdit(TempRepo.WithStack(3))),
        new("undo", ["undo"], () => { var r = WithLocalEdit(TempRepo.WithStack(3)); r.CarryOk("pop", "-a"); return r; }),
        new("sync --abort", ["sync", "--abort"], () => { var r = ConflictingSync(); Assert.Equal(1, r.Carry("sync").Exit); return r; }),
    ];

    [Trait("Speed", "Slow")]
    [Fact]
    public void Carry_killed_at_random_loses_nothing()
    {
        var trials = CrashTests.Trials("CARRY_KILL_TRIALS", 8);
        var seed = int.TryParse(Environment.GetEnvironmentVariable("CARRY_KILL_SEED"), out var s) ? s : Environment.TickCount;
        var random = new Random(seed);
        var ops = Ops();
        var failures = new List<string>();
        var killedInRecovery = 0;
        var clock = Stopwatch.StartNew();
        for (var t = 0; t < trials; t++)
        {
            // In the suite every kind runs once before any repeats.
            var op = t < ops.Length ? ops[t] : ops[random.Next(ops.Length)];
            var outcome = "ok";
            try
            {
                if (Trial(op, random)) killedInRecovery++;
            }
            catch (Exception e)
            {
                failures.Add(outcome = $"trial {t} ({op.Name}): {e.Message.Split('\n')[0]}");
            }
            // A long campaign reports as it goes (CARRY_KILL_LOG names the file).
            if (Environment.GetEnvironmentVariable("CARRY_KILL_LOG") is { Length: > 0 } log)
                File.AppendAllText(log, $"{t + 1}/{trials} {op.Name}: {outcome} ({clock.Elapsed.TotalSeconds:F0} s, {failures.Count} failures)\n");
        }
        output.WriteLine($"kill campaign: seed {seed}, {trials} trials ({killedInRecovery} killed again during recovery), " +
                         $"{failures.Count} failures, {clock.Elapsed.TotalSeconds:F0} s");
        foreach (var f in failures) output.WriteLine(f);
        Assert.True(failures.Count == 0, $"seed {seed}: {failures.Count} of {trials} trials failed:\n{string.Join('\n', failures.Take(20))}");
    }

    /// <summary>Runs one trial; returns true when the recovery itself was killed too.</summary>
    private bool Trial(Op op, Random random)
    {
        using var repo = Copy(op);
        var before = Invariants.PatchIds(repo);
        Kill(repo, op.Args, Points, random);
        var killedAgain = random.Next(3) == 0;
        if (killedAgain) Kill(repo, ["series"], RecoveryPoints, random);

        var next = repo.Carry("series");
        Assert.True(next.Exit == 0, $"the next command failed: {next}");
        Assert.DoesNotContain("Exception", next.Err);
        Invariants.Check(repo);

        var after = Invariants.PatchIds(repo);
        var added = after.Keys.Except(before.Keys).ToList();
        Assert.True(before.Keys.All(after.ContainsKey), $"patches lost: {string.Join(", ", before.Keys.Except(after.Keys))}");
        Assert.True(added.Count == 0 || (op.MayAdd && added.Count == 1), $"patches appeared: {string.Join(", ", added)}");
        foreach (var (name, id) in before)
            if (name != op.Changes) Assert.True(after[name] == id, $"patch '{name}' changed (mixed with another?)");

        // The working tree is what the stack says: only the local edits differ (none once a
        // refresh took them; while a sync is stopped, also the conflicted file), and nothing
        // carry keeps for itself is left.
        Assert.Equal(LocalEdit, repo.Read("README.md"));
        var refreshed = op.Changes is { } changed && after[changed] != before[changed];
        string[] local = refreshed ? [] : op.Changes is null ? [" M README.md"] : [" M README.md", " M file-1.txt"];
        if (op.Changes is not null) Assert.Equal(RefreshedText, repo.Read("file-1.txt"));
        var stopped = repo.Carry("push").Err.Contains("a sync is in progress");
        foreach (var line in repo.Git("status", "--porcelain", "--untracked-files=no").Split('\n', StringSplitOptions.RemoveEmptyEntries))
            Assert.True(local.Contains(line) || (stopped && line.StartsWith("UU ")), $"unexpected working tree state '{line}'");
        var gitDir = Path.Combine(repo.Dir, ".git");
        Assert.False(File.Exists(Path.Combine(gitDir, "carry-journal")));
        Assert.False(File.Exists(Path.Combine(gitDir, "index.lock")));
        Assert.Empty(Directory.GetFiles(gitDir, "carry-index-*"));
        return killedAgain;
    }

    /// <summary>Kills carry: at a named point half of the time, else by SIGKILL at a random moment.</summary>
    private static void Kill(TempRepo repo, string[] args, string[] points, Random random)
    {
        if (random.Next(2) == 0)
        {
            var point = points[random.Next(points.Length)];
            CarryProcess.Run(repo.Dir, new Dictionary<string, string> { ["CARRY_CRASH_AT"] = point }, args);
        }
        else
        {
            var process = CarryProcess.Start(repo.Dir, null, args);
            Thread.Sleep(random.Next(0, 2500));
            CarryProcess.Kill(process);
        }
        var fsck = TempRepo.RunGit(repo.Dir, "fsck", "--no-progress");
        Assert.True(fsck.Exit == 0, $"git fsck right after the kill: {fsck.Err}");
    }

    private TempRepo Copy(Op op)
    {
        if (!_templates.TryGetValue(op.Name, out var template)) _templates[op.Name] = template = op.Prepare();
        return TempRepo.CopyOf(template, Path.Combine(Path.GetTempPath(), "carry-kill-" + Guid.NewGuid().ToString("N")[..8]));
    }

    private static TempRepo WithLocalEdit(TempRepo repo)
    {
        repo.Write("README.md", LocalEdit);
        return repo;
    }

    private static TempRepo RefreshBelowTop()
    {
        var repo = WithLocalEdit(TempRepo.WithStack(3));
        repo.Write("file-1.txt", RefreshedText);
        return repo;
    }

    private TempRepo CleanSync()
    {
        var s = Own(new UpstreamScenario());
        s.AddPatch("below", r => r.Write("below.txt", "applies cleanly\n"));
        s.AddPatch("middle", r => UpstreamScenario.EditLines(r, "shared.txt", (50, "line 50, the fork's")));
        s.AddPatch("above", r => r.Write("above.txt", "also applies cleanly\n"));
        s.Upstream("Upstream edits another file", r => UpstreamScenario.EditLines(r, "other.txt", (10, "line 10, upstream's")));
        s.Fork.Git("fetch", "-q");
        return WithLocalEdit(s.Fork);
    }

    private TempRepo ConflictingSync()
    {
        var s = Own(UpstreamScenario.Conflicting());
        s.Fork.Git("fetch", "-q");
        return WithLocalEdit(s.Fork);
    }

    private UpstreamScenario Own(UpstreamScenario s)
    {
        _owned.Add(s);
        return s;
    }

    private string PatchFile()
    {
        var file = Path.Combine(Path.GetTempPath(), "carry-kill-" + Guid.NewGuid().ToString("N")[..8] + ".patch");
        File.WriteAllText(file, """
            Add an imported file

            diff --git a/imported.txt b/imported.txt
            new file mode 100644
            --- /dev/null
            +++ b/imported.txt
            @@ -0,0 +1 @@
            +imported by the campaign

            """.Replace("\r\n", "\n"));
        _owned.Add(new Deleter(file));
        return file;
    }

    private sealed class Deleter(string file) : IDisposable
    {
        public void Dispose() => File.Delete(file);
    }

    public void Dispose()
    {
        foreach (var t in _templates.Values) t.Dispose();
        foreach (var o in _owned) o.Dispose();
    }
}
