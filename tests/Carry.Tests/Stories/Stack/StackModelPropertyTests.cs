using Carry.Tests.Support;
using CsCheck;

namespace Carry.Tests.Stories.Stack;

/// <summary>
/// Random sequences of carry commands, run against a real repository and against a plain
/// model (an ordered list of patches, each owning one file and one line of a shared file,
/// with an applied count and undo/redo stacks). After every step the repository must match
/// the model, and the git-checked invariants must hold.
/// </summary>
[Trait("Speed", "Slow")]
public sealed class StackModelPropertyTests
{
    /// <summary>A patch in the model: its name and the change numbers it carries.</summary>
    private sealed record ModelPatch(string Name, int[] Changes);

    /// <summary>
    /// The series: patches in order, the first <c>Applied</c> of them applied, and the change
    /// (0: none) sitting in the working tree as a local change, as undoing a refresh leaves it.
    /// </summary>
    private sealed record ModelState(ModelPatch[] Series, int Applied, int Pending = 0)
    {
        public bool SameAs(ModelState other) =>
            Applied == other.Applied && Pending == other.Pending && Series.Length == other.Series.Length &&
            Series.Zip(other.Series).All(p => p.First.Name == p.Second.Name && p.First.Changes.SequenceEqual(p.Second.Changes));
    }

    [Fact]
    public void Random_command_sequences_match_the_model()
    {
        Gen.Int[0, 1_000_000].Array[4, 14].Sample(RunSequence, iter: 18, threads: 1,
            print: ops => string.Join(',', ops));
    }

    private static void RunSequence(int[] ops)
    {
        using var repo = TempRepo.WithBase();
        repo.CarryOk("init", "--base", "base");
        var state = new ModelState([], 0);
        // Each history entry: the state before a command, and whether that command was a refresh
        // (undoing one gives its change back as a local change; redoing it takes it again).
        var past = new Stack<(ModelState State, bool Refresh)>();
        var future = new Stack<(ModelState State, bool Refresh)>();
        var nextChange = 1;
        foreach (var op in ops)
        {
            string description;
            // The model holds one pending change: undoing a refresh while another is pending would
            // give back a second one (carry keeps both, as it should; the model could not say so).
            if (op % 16 == 14 && past.Count > 0 && !(past.Peek().Refresh && state.Pending != 0))
            {
                description = "undo";
                repo.CarryOk("undo");
                var (before, refresh) = past.Pop();
                future.Push((state, refresh));
                state = refresh ? before with { Pending = state.Series[state.Applied - 1].Changes[0] } : before with { Pending = state.Pending };
            }
            else if (op % 16 == 15 && future.Count > 0)
            {
                description = "redo";
                repo.CarryOk("redo");
                var (after, refresh) = future.Pop();
                past.Push((state, refresh));
                state = refresh ? after with { Pending = 0 } : after with { Pending = state.Pending };
            }
            else if (state.Pending != 0 || op % 16 is 14 or 15)
            {
                continue; // with local changes pending, only undo and redo are exercised
            }
            else if (op % 16 is 0 or 1 or 2)
            {
                var change = nextChange++;
                var name = $"p{change}";
                description = $"new {name} + refresh";
                repo.CarryOk("new", name);
                var empty = Insert(state, new ModelPatch(name, []));
                past.Push((state, false));
                WriteChange(repo, change);
                repo.Git("add", "-A");
                repo.CarryOk("refresh");
                past.Push((empty, true));
                future.Clear();
                state = Insert(state, new ModelPatch(name, [change]));
            }
            else
            {
                var next = Step(repo, state, op, out description);
                if (next is null || next.SameAs(state)) continue;
                past.Push((state, false));
                future.Clear();
                state = next;
            }
            Check(repo, state, description);
        }
    }

    private static ModelState Insert(ModelState s, ModelPatch patch)
    {
        var series = s.Series.ToList();
        series.Insert(s.Applied, patch);
        return new ModelState([.. series], s.Applied + 1);
    }

    /// <summary>Runs one command chosen by <paramref name="op"/>; returns the model's new state, or null if nothing applies.</summary>
    private static ModelState? Step(TempRepo repo, ModelState s, int op, out string description)
    {
        var n = s.Series.Length;
        var pick = op / 16;
        string Name(int i) => s.Series[i].Name;
        switch (op % 16)
        {
            case 3 when s.Applied > 0:
                description = "pop";
                repo.CarryOk("pop");
                return s with { Applied = s.Applied - 1 };
            case 4 when s.Applied > 0:
                description = "pop -a";
                repo.CarryOk("pop", "-a");
                return s with { Applied = 0 };
            case 5 when s.Applied < n:
                description = "push";
                repo.CarryOk("push");
                return s with { Applied = s.Applied + 1 };
            case 6 when s.Applied < n:
                description = "push -a";
                repo.CarryOk("push", "-a");
                return s with { Applied = n };
            case 7 when n > 0:
            {
                var target = pick % n;
                description = $"goto {Name(target)}";
                repo.CarryOk("goto", Name(target));
                if (target < s.Applied) return s with { Applied = target + 1 };
                return s with { Applied = target + 1 };
            }
            case 8 when n > 1:
            {
                var (from, to) = (pick % n, pick / 7 % n);
                if (from == to) break;
                description = $"move {Name(from)} --before {Name(to)}";
                repo.CarryOk("move", Name(from), "--before", Name(to));
                return MoveBefore(s, from, to);
            }
            case 9 when n > 0:
            {
                var i = pick % n;
                description = $"sink {Name(i)}";
                repo.CarryOk("sink", Name(i));
                var moving = s.Series[i];
                var rest = s.Series.Where((_, k) => k != i).ToList();
                rest.Insert(0, moving);
                return new ModelState([.. rest], s.Applied + (i < s.Applied ? 0 : 1));
            }
            case 10 when n > 0:
            {
                var i = pick % n;
                description = $"float {Name(i)}";
                repo.CarryOk("float", Name(i));
                var moving = s.Series[i];
                var applied = s.Series.Take(s.Applied).Where(p => p != moving).Append(moving);
                var unapplied = s.Series.Skip(s.Applied).Where(p => p != moving);
                return new ModelState([.. applied, .. unapplied], s.Applied + (i < s.Applied ? 0 : 1));
            }
            case 11 when n > 0:
            {
                var i = pick % n;
                description = $"delete {Name(i)}";
                repo.CarryOk("delete", Name(i));
                return new ModelState([.. s.Series.Where((_, k) => k != i)], s.Applied - (i < s.Applied ? 1 : 0));
            }
            case 12 when n > 0:
            {
                var i = pick % n;
                var newName = Name(i) + "r";
                description = $"rename {Name(i)} {newName}";
                repo.CarryOk("rename", Name(i), newName);
                return s with { Series = [.. s.Series.Select((p, k) => k == i ? p with { Name = newName } : p)] };
            }
            case 13 when s.Applied > 1:
            {
                var (a, b) = (pick % s.Applied, pick / 5 % s.Applied);
                if (a == b) break;
                var (first, second) = (Math.Min(a, b), Math.Max(a, b));
                description = $"squash {Name(first)} {Name(second)}";
                repo.CarryOk("squash", Name(first), Name(second));
                var merged = s.Series[first] with { Changes = [.. s.Series[first].Changes, .. s.Series[second].Changes] };
                var series = s.Series.Select((p, k) => k == first ? merged : p).Where((_, k) => k != second);
                return new ModelState([.. series], s.Applied - 1);
            }
        }
        description = "skip";
        return null;
    }

    private static ModelState MoveBefore(ModelState s, int from, int to)
    {
        var moving = s.Series[from];
        var anchor = s.Series[to];
        var anchorApplied = to < s.Applied;
        var applied = s.Series.Take(s.Applied).Where(p => p != moving).ToList();
        var unapplied = s.Series.Skip(s.Applied).Where(p => p != moving).ToList();
        var list = anchorApplied ? applied : unapplied;
        list.Insert(list.IndexOf(anchor), moving);
        return new ModelState([.. applied, .. unapplied], applied.Count);
    }

    /// <summary>Change k adds file-k.txt and rewrites line 5k of shared.txt.</summary>
    private static void WriteChange(TempRepo repo, int change)
    {
        repo.Write($"file-{change}.txt", $"change {change}\n");
        var lines = File.ReadAllLines(Path.Combine(repo.Dir, "shared.txt"));
        lines[5 * change - 1] = $"line {5 * change} changed by {change}";
        File.WriteAllText(Path.Combine(repo.Dir, "shared.txt"), string.Join('\n', lines) + "\n");
    }

    private static void Check(TempRepo repo, ModelState s, string step)
    {
        var applied = s.Series.Take(s.Applied).ToList();
        var expectedNames = applied.Select(p => p.Name).ToList();
        Assert.True(expectedNames.SequenceEqual(StackCommandTests.Applied(repo)),
            $"after '{step}': applied {string.Join(' ', expectedNames)} expected, carry says:\n{repo.CarryOk("series").Out}");
        var changes = applied.SelectMany(p => p.Changes).ToHashSet();
        if (s.Pending != 0) changes.Add(s.Pending);
        var edits = changes.ToDictionary(k => 5 * k, k => $"line {5 * k} changed by {k}");
        Assert.Equal(TempRepo.SharedText(edits), repo.Read("shared.txt"));
        for (var k = 1; k <= 14; k++) Assert.Equal(changes.Contains(k), repo.Exists($"file-{k}.txt"));
        Assert.Equal(s.Pending == 0, repo.Git("status", "--porcelain") == "");
        Invariants.Check(repo);
    }
}
