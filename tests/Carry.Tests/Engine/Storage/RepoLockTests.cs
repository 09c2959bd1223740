using Carry.Storage;
using Carry.Tests.Support;

namespace Carry.Tests.Engine.Storage;

/// <summary>The lock's one primitive: a name created with its content, by one run only.</summary>
public sealed class RepoLockTests
{
    /// <summary>
    /// Runs racing to create the same lock name: in every round exactly one succeeds, and the file
    /// holds its content. (.NET's File.Move without overwrite looks for the name, then renames over
    /// whatever is there by then: under this race two runs each believed they had created it.)
    /// </summary>
    [Fact]
    public void Of_runs_racing_to_create_a_lock_exactly_one_succeeds()
    {
        var dir = Templates.NewDir("lock-race");
        Directory.CreateDirectory(dir);
        try
        {
            var path = Path.Combine(dir, "carry.lock");
            const int racers = 4, rounds = 3000;
            var won = new bool[racers];
            var doubles = new List<string>();
            using var start = new Barrier(racers);
            using var done = new Barrier(racers, _ =>
            {
                var winners = Enumerable.Range(0, racers).Where(i => won[i]).ToList();
                var content = File.Exists(path) ? File.ReadAllText(path) : "(none)";
                if (winners.Count != 1 || content != $"racer {winners[0]}\n")
                    doubles.Add($"winners [{string.Join(", ", winners)}], file holds '{content.TrimEnd()}'");
                File.Delete(path);
            });
            var threads = Enumerable.Range(0, racers).Select(i => new Thread(() =>
            {
                for (var round = 0; round < rounds; round++)
                {
                    start.SignalAndWait();
                    won[i] = RepoLock.TryCreate(path, $"racer {i}\n");
                    done.SignalAndWait();
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            Assert.True(doubles.Count == 0, $"{doubles.Count} of {rounds} rounds went wrong, e.g. {string.Join("; ", doubles.Take(3))}");
            Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
        }
        finally
        {
            TempRepo.DeleteFolder(dir);
        }
    }
}
