using System.Text;
using Carry.Git;
using Carry.Hashing;
using Carry.Model;
using Carry.Operations.Stack;

namespace Carry.Operations.Unattended;

/// <summary>One applied patch's test result.</summary>
/// <param name="Patch">The patch's name.</param>
/// <param name="Tree">The tree the command ran on (the cache key, with the command).</param>
/// <param name="Passed">True when the command exited with 0.</param>
/// <param name="Exit">The command's exit code.</param>
/// <param name="Cached">True when the result came from the cache (the command did not run).</param>
/// <param name="Output">What the command printed (empty for a cached result).</param>
public sealed record PatchTestResult(string Patch, Oid Tree, bool Passed, int Exit, bool Cached, string Output);

/// <summary>What <c>carry test</c> did: a result per applied patch, bottom first, and how many times the command ran.</summary>
public sealed record TestRun(string Command, IReadOnlyList<PatchTestResult> Results, int Ran)
{
    /// <summary>The lowest patch whose tree fails, or null when all pass.</summary>
    public PatchTestResult? FirstFailure => Results.FirstOrDefault(r => !r.Passed);
}

/// <summary>
/// Runs a command on the tree of every applied patch, each in a temporary working tree, several
/// at once, and caches pass/fail by (command, tree id) in the stack itself
/// (<see cref="StackDetails.TestResults"/>): rewording, reordering or re-syncing a patch whose
/// tree stays the same does not run it again, and <c>share push</c>/<c>pull</c> carry the cache.
/// </summary>
public static class PatchTests
{
    /// <summary>Tests the applied patches with <paramref name="argv"/>, <paramref name="jobs"/> at a time, and records new results.</summary>
    public static TestRun Run(StackSession session, IReadOnlyList<string> argv, int jobs, string command, CancellationToken cancel = default)
    {
        if (argv.Count == 0) throw new CarryException("no command to test with", "give it after '--', e.g. 'carry test -- make check'.");
        var state = session.State;
        var repo = session.Repo;
        var objects = repo.Objects;
        var key = CommandKey(argv);
        var cache = state.Details.TestResults;
        var patches = state.Applied.Select(p => (p.Name, Tree: objects.ReadCommit(p.Commit).Tree, p.Commit)).ToList();
        var known = new Dictionary<Oid, (bool Passed, int Exit)>();
        foreach (var (_, tree, _) in patches)
            if (cache is { } c && !known.ContainsKey(tree) && TreeOps.Lookup(objects, c, $"{key}/{tree.Hex}") is { IsTree: false } e)
                known[tree] = Parse(objects.ReadBlob(e.Id));
        // Each tree runs once, however many patches share it (an empty patch keeps its parent's).
        var todo = patches.Where(p => !known.ContainsKey(p.Tree)).DistinctBy(p => p.Tree).ToList();
        var ran = RunAll(repo, argv, todo.Select(t => (t.Tree, t.Commit)).ToList(), Math.Max(1, jobs), cancel);
        var results = patches.Select(p => ran.TryGetValue(p.Tree, out var r)
            ? new PatchTestResult(p.Name, p.Tree, r.Exit == 0, r.Exit, false, r.Output)
            : new PatchTestResult(p.Name, p.Tree, known[p.Tree].Passed, known[p.Tree].Exit, true, "")).ToList();
        if (ran.Count > 0) Record(session, key, ran, command);
        return new TestRun(string.Join(' ', argv.Select(a => a.Length == 0 || a.Any(char.IsWhiteSpace) ? $"'{a}'" : a)), results, ran.Count);
    }

    /// <summary>The cache's folder for a command: 16 hex digits of SHA-256 over its arguments.</summary>
    public static string CommandKey(IReadOnlyList<string> argv) =>
        Convert.ToHexStringLower(Sha256.Hash(Encoding.UTF8.GetBytes(string.Join('\0', argv))))[..16];

    private static Dictionary<Oid, (int Exit, string Output)> RunAll(CarryRepository repo, IReadOnlyList<string> argv,
        List<(Oid Tree, Oid Commit)> todo, int jobs, CancellationToken cancel)
    {
        var results = new Dictionary<Oid, (int, string)>();
        if (todo.Count == 0) return results;
        var root = Path.Combine(Path.GetTempPath(), "carry-test-" + Guid.NewGuid().ToString("N")[..8]);
        var folders = todo.Select((_, i) => Path.Combine(root, i.ToString())).ToList();
        try
        {
            // git serialises worktree bookkeeping: created one by one, the commands run in parallel.
            // Each tree is checked against the one before it: the first in full, the rest by their differences.
            for (var i = 0; i < todo.Count; i++) Worktrees.AddDetached(repo, folders[i], todo[i].Commit, i == 0 ? ObjectStore.EmptyTree : todo[i - 1].Tree);
            var outcomes = new (int, string)[todo.Count];
            Parallel.For(0, todo.Count, new ParallelOptions { MaxDegreeOfParallelism = jobs, CancellationToken = cancel },
                i => outcomes[i] = UserCommand.Run(argv, folders[i], cancel));
            for (var i = 0; i < todo.Count; i++) results[todo[i].Tree] = outcomes[i];
        }
        finally
        {
            foreach (var f in folders.Where(Directory.Exists)) Worktrees.Remove(repo, f);
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
        return results;
    }

    /// <summary>Adds the new results to the stack's cache: one small state change, kept by undo like resolutions.</summary>
    private static void Record(StackSession session, string key, Dictionary<Oid, (int Exit, string Output)> ran, string command)
    {
        var objects = session.Repo.Objects;
        var cache = session.State.Details.TestResults ?? objects.WriteTree([]);
        var updates = ran.Select(r => ($"{key}/{r.Key.Hex}", (TreeEntry?)new TreeEntry(r.Key.Hex, EntryMode.Regular,
            objects.WriteBlob(Encoding.UTF8.GetBytes(r.Value.Exit == 0 ? "pass\n" : $"fail {r.Value.Exit}\n")))));
        var tx = session.Begin();
        tx.Details = tx.Details with { TestResults = TreeOps.Update(objects, cache, updates) };
        tx.Execute(command, new TransactionOptions("test"));
    }

    private static (bool Passed, int Exit) Parse(byte[] blob)
    {
        var text = Encoding.UTF8.GetString(blob).Trim();
        if (text == "pass") return (true, 0);
        return (false, text.StartsWith("fail ", StringComparison.Ordinal) && int.TryParse(text[5..], out var exit) ? exit : 1);
    }
}
