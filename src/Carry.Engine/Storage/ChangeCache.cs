using System.Text;
using Carry.Git;
using Carry.Hashing;
using Carry.Paths;

namespace Carry.Storage;

/// <summary>
/// What each patch commit changes (its diff against its first parent, as
/// <see cref="TreeOps.Diff(ObjectStore, Oid, Oid)"/> lists it), kept beside the repository so
/// that a sync need not read every patch's trees again to find it: on a 1,000-patch series
/// those reads were a quarter of the sync (bench/README.md). A commit never changes under its
/// id, so an entry is never stale; the file is only ever incomplete, and a commit it lacks is
/// diffed as before. <c>carry-changes</c> in the common git folder, replaced whole by the
/// commands that make or adopt patch commits (docs/storage.md):
/// <code>
/// carry-changes 1
/// commit COMMIT-ID COUNT
/// OLD-MODE OLD-ID NEW-MODE NEW-ID PERCENT-ENCODED-PATH   (COUNT lines; an absent side is "0 -")
/// sum SHA-1 OF EVERYTHING ABOVE
/// </code>
/// A file whose sum does not match (cut short, damaged) is ignored whole.
/// </summary>
public static partial class ChangeCache
{
    /// <summary>The file's name in the common git folder.</summary>
    public const string FileName = "carry-changes";

    private const string Header = "carry-changes 1";

    /// <summary>Beyond this many commits, only the ones being written are kept: the file stays a few megabytes at most.</summary>
    private const int MaxCommits = 20_000;

    /// <summary>The entries of the repository's file; empty when there is none or it cannot be trusted.</summary>
    public static Dictionary<Oid, IReadOnlyList<PathChange>> Read(CarryRepository repo)
    {
        try
        {
            var path = Path.Combine(repo.CommonDir, FileName);
            return File.Exists(path) ? Parse(File.ReadAllBytes(path)) ?? [] : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>
    /// What each of <paramref name="commits"/> changes against its first parent: taken from
    /// <paramref name="cached"/> when there, else diffed, on every core (reading the trees is most of it).
    /// </summary>
    public static IReadOnlyList<PathChange>[] Of(ObjectStore objects, IReadOnlyList<Oid> commits, IReadOnlyDictionary<Oid, IReadOnlyList<PathChange>> cached)
    {
        var changes = new IReadOnlyList<PathChange>[commits.Count];
        Parallel.For(0, commits.Count, i =>
            changes[i] = cached.TryGetValue(commits[i], out var known) ? known : TreeOps.ChangesOf(objects, commits[i]));
        return changes;
    }

    /// <summary>Records what each of <paramref name="commits"/> changes, diffing the ones the file lacks.</summary>
    public static void Record(CarryRepository repo, IReadOnlyList<Oid> commits)
    {
        var cached = Read(repo);
        var changes = Of(repo.Objects, commits, cached);
        Write(repo, cached, [], commits.Select((c, i) => (c, changes[i])));
    }

    /// <summary>
    /// Replaces the file: <paramref name="known"/> (the entries read, with the ones to drop removed)
    /// and <paramref name="added"/>. Best effort, like <see cref="SeriesCache"/>: a file not written
    /// costs only the next sync's reading.
    /// </summary>
    public static void Write(CarryRepository repo, IReadOnlyDictionary<Oid, IReadOnlyList<PathChange>> known, IEnumerable<Oid> drop,
        IEnumerable<(Oid Commit, IReadOnlyList<PathChange> Changes)> added)
    {
        var entries = new Dictionary<Oid, IReadOnlyList<PathChange>>();
        foreach (var (commit, changes) in added) entries[commit] = changes;
        var dropped = drop.ToHashSet();
        if (known.Count + entries.Count <= MaxCommits)
            foreach (var (commit, changes) in known)
                if (!dropped.Contains(commit)) entries.TryAdd(commit, changes);
        try
        {
            ReplacedFile.Write(Path.Combine(repo.CommonDir, FileName), Format(entries), FileName + ".");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // not written: the next sync diffs the patches it lacks
        }
    }
}
