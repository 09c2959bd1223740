using Carry.Git;
using Carry.Storage;
using Carry.Tests.Support;
using CsCheck;

namespace Carry.Tests.Engine.Storage;

/// <summary>
/// The change cache reads back exactly what was written, refuses a damaged file whole, and
/// what init and sync write is what git says each commit changes (checked for every cached
/// commit by <see cref="Invariants.Check"/>, which every story calls after its commands).
/// </summary>
public sealed class ChangeCacheTests
{
    private static readonly Gen<string> Part = Gen.Char["aZ09 %.-_~+,@é\u202e\t\u00ff"].Array[1, 6].Select(c => new string(c));
    private static readonly Gen<TreeEntry?> Side = Gen.Frequency(
        (1, Gen.Const((TreeEntry?)null)),
        (4, Gen.Select(Gen.Int[0, 3].Select(i => new[] { EntryMode.Regular, EntryMode.Executable, EntryMode.Symlink, EntryMode.Gitlink }[i]), Gen.Byte.Array[20],
            (mode, id) => (TreeEntry?)new TreeEntry("", mode, Oid.FromBytes(id)))));
    private static readonly Gen<PathChange> Change = Gen.Select(Part.Array[1, 4], Side, Side, (parts, old, @new) =>
    {
        var path = string.Join('/', parts);
        var name = parts[^1];
        old ??= @new is null ? new TreeEntry("", EntryMode.Regular, ObjectStore.EmptyTree) : null;
        return new PathChange(path, old is null ? null : old with { Name = name }, @new is null ? null : @new with { Name = name });
    });

    [Fact]
    public void What_is_written_reads_back_the_same()
    {
        Gen.Select(Gen.Byte.Array[20], Change.List[0, 5]).List[0, 8].Sample(commits =>
        {
            var entries = new Dictionary<Oid, IReadOnlyList<PathChange>>();
            foreach (var (id, changes) in commits) entries[Oid.FromBytes(id)] = changes;
            var parsed = ChangeCache.Parse(ChangeCache.Format(entries));
            Assert.NotNull(parsed);
            Assert.Equal(entries.Keys.Select(k => k.Hex).Order(), parsed.Keys.Select(k => k.Hex).Order());
            foreach (var (id, changes) in entries) Assert.Equal(changes, parsed[id]);
        }, iter: 300);
    }

    [Fact]
    public void A_damaged_or_cut_file_is_not_read_at_all()
    {
        var entries = new Dictionary<Oid, IReadOnlyList<PathChange>>
        {
            [new Oid("1111111111111111111111111111111111111111")] = [new("dir/file.txt", null, new TreeEntry("file.txt", EntryMode.Regular, ObjectStore.EmptyTree))],
        };
        var file = ChangeCache.Format(entries);
        Assert.NotNull(ChangeCache.Parse(file));
        for (var i = 0; i < file.Length; i++)
        {
            var damaged = (byte[])file.Clone();
            damaged[i] ^= 0x20;
            Assert.Null(ChangeCache.Parse(damaged));
        }
        for (var length = 0; length < file.Length; length++) Assert.Null(ChangeCache.Parse(file[..length]));
    }

    [Fact]
    public void A_path_that_is_not_valid_text_leaves_its_commit_out()
    {
        var lone = "bad\uD800name";
        var entries = new Dictionary<Oid, IReadOnlyList<PathChange>>
        {
            [new Oid("1111111111111111111111111111111111111111")] = [new(lone, null, new TreeEntry(lone, EntryMode.Regular, ObjectStore.EmptyTree))],
            [new Oid("2222222222222222222222222222222222222222")] = [new("good", null, new TreeEntry("good", EntryMode.Regular, ObjectStore.EmptyTree))],
        };
        var parsed = ChangeCache.Parse(ChangeCache.Format(entries));
        Assert.Equal("2222222222222222222222222222222222222222", Assert.Single(parsed!.Keys).Hex);
    }

    [Fact]
    public void Init_records_what_git_says_each_adopted_commit_changes()
    {
        using var repo = TempRepo.WithStack(4);
        var recorded = ChangeCache.Parse(File.ReadAllBytes(Path.Combine(repo.Dir, ".git", ChangeCache.FileName)));
        Assert.Equal(repo.Git("rev-list", "base..HEAD").Split('\n').Order(), recorded!.Keys.Select(k => k.Hex).Order());
        Invariants.Check(repo); // each entry against git diff-tree
    }

    [Fact]
    public void Sync_records_the_commits_it_places_drops_the_ones_replaced_and_a_damaged_file_changes_no_result()
    {
        using var s = UpstreamScenario.Conflicting();
        var fork = s.Fork;
        var file = Path.Combine(fork.Dir, ".git", ChangeCache.FileName);
        var before = fork.Git("rev-list", "origin/main..HEAD").Split('\n');

        // Through a conflict and its resolution: what the sync placed is recorded, what it replaced is gone.
        Assert.Equal(2, fork.Carry("sync", "--fetch").Exit);
        UpstreamScenario.Resolve(fork, "both agreed");
        fork.CarryOk("sync", "--continue");
        var after = fork.Git("rev-list", "origin/main..HEAD").Split('\n');
        var recorded = ChangeCache.Parse(File.ReadAllBytes(file))!.Keys.Select(k => k.Hex).ToHashSet();
        Assert.Empty(before.Intersect(recorded));
        // 'below' and 'above' were placed by the replay; 'clash' was committed from the resolution.
        var commits = System.Text.Json.JsonDocument.Parse(fork.CarryOk("series", "--json").Out).RootElement.GetProperty("patches").EnumerateArray()
            .ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("commit").GetString()!);
        var placed = new HashSet<string> { commits["below"], commits["above"] };
        Assert.Subset(after.ToHashSet(), placed);
        Assert.Equal(placed, recorded);
        Invariants.Check(fork);

        // The same sync again from a damaged file: the same tree, and every entry written again is git's.
        var tree = fork.Git("rev-parse", "HEAD^{tree}");
        while (fork.Git("rev-list", "origin/main..HEAD").Split('\n').Order().SequenceEqual(before.Order()) == false)
            fork.CarryOk("undo");
        var bytes = File.ReadAllBytes(file);
        bytes[bytes.Length / 2] ^= 1;
        File.WriteAllBytes(file, bytes);
        // (The conflict's resolution is remembered now: this sync does not stop.)
        fork.CarryOk("sync", "--fetch");
        Assert.Equal(tree, fork.Git("rev-parse", "HEAD^{tree}"));
        Invariants.Check(fork);
    }
}
