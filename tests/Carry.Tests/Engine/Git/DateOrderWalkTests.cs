using Carry.Git;
using Carry.Tests.Support;
using CsCheck;

namespace Carry.Tests.Engine.Git;

/// <summary>
/// The in-process walk stands in for <c>git rev-list --reverse --parents TO ^FROM</c>: on any
/// history (merges, several roots, equal dates, children dated before their parents) it must
/// print exactly what the installed git prints, or decline.
/// </summary>
public sealed class DateOrderWalkTests
{
    [Fact]
    public void Lists_what_git_lists_on_random_histories()
    {
        using var repo = TempRepo.WithBase();
        using var carryRepo = CarryRepository.Open(repo.Dir);
        var objects = carryRepo.Objects;
        var compared = 0;
        var history = Gen.Int[2, 24].SelectMany(n => Gen.Select(
            Gen.Int[0, 1000].Array[n, n],   // a parent choice per commit (several per merge)
            Gen.Int[0, 3].Array[n, n],      // number of parents: 0 (a root), 1, or a merge of 2-3
            Gen.Int[0, 6].Array[n, n],      // dates over a few seconds: ties and skew
            Gen.Int[0, n - 1], Gen.Int[0, n - 1]));
        var run = 0;
        history.Sample((choices, counts, dates, a, b) =>
        {
            run++;
            var ids = new List<Oid>();
            for (var i = 0; i < choices.Length; i++)
            {
                var count = i == 0 ? 0 : counts[i] switch { 0 => i % 5 == 0 ? 0 : 1, 3 => 3, var c => c };
                var parents = Enumerable.Range(0, count).Select(k => ids[(choices[i] + k * 7) % i]).Distinct().ToList();
                var when = new Signature("T", "t@example.com", 1_700_000_000 + dates[i], 0);
                ids.Add(objects.WriteCommit(new CommitData(ObjectStore.EmptyTree, parents, when, when, $"run {run} commit {i}\n")));
            }
            objects.Flush();
            var (from, to) = (ids[a], ids[b]);
            var ours = DateOrderWalk.TryList(carryRepo, from, to);
            Assert.NotNull(ours);
            Assert.Equal(Revisions.GitListWithParents(carryRepo, from, to), ours);
            compared++;
        }, iter: 150, threads: 1);
        Assert.True(compared >= 100, $"only {compared} histories compared");
    }

    [Fact]
    public void Long_ranges_and_rewritten_parents_are_left_to_git()
    {
        using var repo = TempRepo.WithBase();
        using var carryRepo = CarryRepository.Open(repo.Dir);
        var objects = carryRepo.Objects;
        var when = new Signature("T", "t@example.com", 1_700_000_000, 0);
        var ids = new List<Oid> { objects.WriteCommit(new CommitData(ObjectStore.EmptyTree, [], when, when, "root\n")) };
        for (var i = 1; i <= DateOrderWalk.Budget + 5; i++)
        {
            var at = when with { UnixSeconds = when.UnixSeconds + i };
            ids.Add(objects.WriteCommit(new CommitData(ObjectStore.EmptyTree, [ids[^1]], at, at, $"c{i}\n")));
        }
        objects.Flush();
        Assert.Null(DateOrderWalk.TryList(carryRepo, ids[0], ids[^1]));
        Assert.Equal(Revisions.GitListWithParents(carryRepo, ids[0], ids[^1]), Revisions.ListWithParents(carryRepo, ids[0], ids[^1]));
        Assert.Equal(Revisions.GitListWithParents(carryRepo, ids[^10], ids[^1]), DateOrderWalk.TryList(carryRepo, ids[^10], ids[^1]));

        // A "parent" that is not a commit (a hostile upstream): git answers, with its own error.
        var blob = objects.WriteBlob("not a commit\n"u8.ToArray());
        var odd = objects.WriteCommit(new CommitData(ObjectStore.EmptyTree, [blob], when, when, "odd\n"));
        objects.Flush();
        Assert.Null(DateOrderWalk.TryList(carryRepo, ids[^1], odd));

        // A graft gives a commit other parents than it records: only git knows them.
        Directory.CreateDirectory(Path.Combine(carryRepo.CommonDir, "info"));
        File.WriteAllText(Path.Combine(carryRepo.CommonDir, "info", "grafts"), $"{ids[^1].Hex} {ids[^5].Hex}\n");
        Assert.Null(DateOrderWalk.TryList(carryRepo, ids[^10], ids[^1]));
        // git follows the graft from the top straight to ids[^5]: 6 commits listed, not the 9 recorded.
        Assert.Equal(6, Revisions.ListWithParents(carryRepo, ids[^10], ids[^1]).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
