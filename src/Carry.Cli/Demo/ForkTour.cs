using static Carry.Cli.Demo.ForkSample;

namespace Carry.Cli.Demo;

/// <summary>
/// carry demo fork: Acme ships hearth, a small open-source web server, with its own quilt
/// series on top. The maintainer imports the series, names the version shipped, rehearses the
/// sync on upstream's release candidate (one patch landed, one conflict resolved by hand), goes
/// back, and syncs onto the release, where the same conflict is resolved from memory; then
/// compares the two versions and exports the series back. Everything runs on a sample built in
/// a temp folder, with carry run in-process exactly as typed.
/// </summary>
internal static class ForkTour
{
    private const string Branch = "acme";
    private const string Shipped = "acme-1.0-1";
    private const string Next = "acme-1.1-1";
    private const string Config = "src/config.h";

    private static readonly Chapter[] Story =
    [
        new("A fork you maintain",
            "Acme ships hearth, an open-source web server, with three patches of its own: a security fix sent upstream, Acme's defaults, a banner. They live in a quilt series next to upstream's 1.0 release, as distributions keep theirs.",
            Project),
        new("Import the series",
            "Patches as commits, series as a stack: start one on the release tag and import the quilt folder. Each patch keeps its file name, header and options, so it can be exported back as it was.",
            Import),
        new("Name the version you ship",
            "'carry version' names the current state of the series, to compare with or go back to later.",
            NameVersion),
        new("Upstream publishes a release candidate",
            "hearth 1.1-rc1 merges Acme's fix (#311) and changes the defaults Acme's own patch changes.",
            Candidate),
        new("Rehearse the sync on the candidate",
            "'carry sync' moves the series onto the candidate in memory. The fix is recognised upstream (same patch-id) and retired; the defaults conflict, and the sync stops there with the conflict in the working tree, as git rebase would.",
            Rehearse),
        new("Resolve it once",
            "Keep Acme's values, take upstream's new setting. 'carry sync --continue' records the resolution, keyed by the exact content of the three sides.",
            Resolve),
        new("Back to the release you ship",
            "Acme ships releases, not candidates: 'carry undo' puts the series back on 1.0. The resolution is knowledge, not state: undo keeps it.",
            Undo),
        new("Upstream releases 1.1",
            "The release changes only the version and the news since the candidate.",
            Release),
        new("Sync onto the release",
            "The same conflict meets the same three sides: carry applies the recorded resolution and does not stop. The fix leaves the series as landed, with upstream's commit as evidence.",
            SyncRelease),
        new("What changed between the versions",
            "Name the new version, and compare the two patch by patch: what landed, what changed (the diff of the diffs), what stayed.",
            Compare),
        new("Export the series back",
            "'carry export quilt' writes the series for the 1.1 package: unchanged patches byte for byte, the changed one in its own style, the series file's comment kept.",
            Export),
    ];

    /// <summary>Runs the fork maintainer's tour.</summary>
    public static int Run(CliContext c, bool keep) => TourRunner.Run(c, keep, new TourScript(
        "carry demo fork: a fork maintainer's tour",
        "A fork maintainer's story on a sample project built in {0} (nothing else on this machine is touched). Each step shows the command typed and carry's own output.",
        "carry demo fork --keep", Story) { CloneName = "hearth", UpstreamWorkName = "hearth-dev" });

    /// <summary>The quilt series as Acme keeps it, beside the clone.</summary>
    private static string SeriesFolder(TourSession t) => Path.Combine(t.Root, "acme-patches");

    private static void Project(TourSession t)
    {
        SampleRepositories.RequireGit(t.Root);
        TourSession.RunGit(t.Root, ["init", "-q", "--bare", "-b", "main", t.Upstream]);
        TourSession.RunGit(t.Root, ["init", "-q", "-b", "main", t.UpstreamWork]);
        SampleRepositories.Configure(t.UpstreamWork, UpstreamName, UpstreamEmail);
        foreach (var file in Release10) TourSession.WriteFile(t.UpstreamWork, file);
        SampleRepositories.Commit(t.UpstreamWork, "hearth 1.0: a tiny static HTTP server");
        TourSession.RunGit(t.UpstreamWork, ["tag", "-a", "v1.0", "-m", "hearth 1.0"]);
        TourSession.RunGit(t.UpstreamWork, ["remote", "add", "origin", t.Upstream]);
        TourSession.RunGit(t.UpstreamWork, ["push", "-q", "--follow-tags", "-u", "origin", "main"]);
        TourSession.RunGit(t.Root, ["clone", "-q", t.Upstream, t.Clone]);
        SampleRepositories.Configure(t.Clone, MaintainerName, MaintainerEmail);
        foreach (var file in Series) TourSession.WriteFile(SeriesFolder(t), file);

        t.Say("upstream's release, cloned:");
        t.Git("log", "--oneline", "--decorate");
        t.Say("Acme's quilt series, beside the clone (its patches sit in the same folder):");
        t.Writer.ShowFile("file", "../acme-patches/series", Series[0].Content);
    }

    private static void Import(TourSession t)
    {
        t.Git("switch", "-q", "-c", Branch, "v1.0");
        t.Carry("init", "--base", "v1.0");
        t.Carry("import", "quilt", "../acme-patches");
        t.Carry("series");
        t.Git("log", "--oneline", "v1.0..");
    }

    private static void NameVersion(TourSession t)
    {
        t.Carry("version", Shipped);
        t.Carry("versions");
    }

    private static void Candidate(TourSession t)
    {
        foreach (var (message, files) in ForkSample.Candidate) UpstreamCommit(t, message, files);
        Tag(t, "v1.1-rc1");
        t.Git("fetch", "-q", "--tags", "origin");
        t.Git("log", "--oneline", "v1.0..v1.1-rc1");
    }

    private static void Rehearse(TourSession t)
    {
        t.CarryExiting(2, "sync", "--onto", "v1.1-rc1");
        t.Writer.ShowFile("the conflict in", Config, t.Read(Config));
        t.Check(t.Read(Config).Contains("<<<<<<< upstream") && Stack(t).Any(l => l.StartsWith("sync ", StringComparison.Ordinal)),
            "the sync is stopped at the conflict, recorded in the stack: it can be continued from any shell");
    }

    private static void Resolve(TourSession t)
    {
        t.Edit(Config, "keep Acme's 1024 clients and 120 s, take upstream's keep-alive timeout", ResolvedConfig);
        t.Git("add", Config);
        t.Carry("sync", "--continue");
        t.Check(Stack(t).Any(l => l.StartsWith("resolutions ", StringComparison.Ordinal)), "the resolution is recorded in the stack");
    }

    private static void Undo(TourSession t)
    {
        t.Carry("undo");
        t.Carry("series");
        var onRelease = t.Quietly(t.Clone, "rev-parse", "v1.0^{commit}") == t.Quietly(t.Clone, "rev-parse", "HEAD~3");
        t.Check(onRelease && Stack(t).Any(l => l.StartsWith("resolutions ", StringComparison.Ordinal)) && t.IsClean(),
            "the three patches are back on 1.0, and the resolution is still known");
    }

    private static void Release(TourSession t)
    {
        UpstreamCommit(t, "hearth 1.1", Release11);
        Tag(t, "v1.1");
        t.Git("fetch", "-q", "--tags", "origin");
        t.Git("log", "--oneline", "v1.1-rc1..v1.1");
    }

    private static void SyncRelease(TourSession t)
    {
        t.Carry("sync", "--onto", "v1.1");
        t.Carry("series");
        var stack = Stack(t);
        var landed = stack.Any(l => l.StartsWith("retired ", StringComparison.Ordinal) && l.Split(' ')[2] == Traversal && l.Contains("evidence=patch-id"));
        var onRelease = t.Quietly(t.Clone, "merge-base", "--is-ancestor", "v1.1", "HEAD") == "";
        t.Check(landed && onRelease && t.Read(Config) == ResolvedConfig("") && t.IsClean(),
            "on 1.1 without a stop: the fix retired as landed (patch-id), src/config.h resolved as last time");
    }

    private static void Compare(TourSession t)
    {
        t.Carry("version", Next);
        t.Carry("range-diff", Shipped, Next);
    }

    private static void Export(TourSession t)
    {
        t.Carry("export", "quilt", "../acme-patches-1.1");
        var exported = Path.Combine(t.Root, "acme-patches-1.1");
        var series = File.ReadAllText(Path.Combine(exported, "series"));
        t.Writer.ShowFile("the new", "../acme-patches-1.1/series", series);
        var same = File.ReadAllBytes(Path.Combine(exported, Banner + ".patch")).AsSpan()
            .SequenceEqual(File.ReadAllBytes(Path.Combine(SeriesFolder(t), Banner + ".patch")));
        var changed = File.ReadAllText(Path.Combine(exported, Defaults + ".patch")).Contains("KEEPALIVE_TIMEOUT");
        t.Check(same && changed && !series.Contains(Traversal) && !File.Exists(Path.Combine(exported, Traversal + ".patch")),
            $"{Banner}.patch unchanged byte for byte, {Defaults}.patch rebased onto 1.1, the landed fix gone");
    }

    /// <summary>A commit of upstream's developers, pushed to upstream's repository.</summary>
    private static void UpstreamCommit(TourSession t, string message, SampleFile[] files)
    {
        foreach (var file in files) TourSession.WriteFile(t.UpstreamWork, file);
        SampleRepositories.Commit(t.UpstreamWork, message);
        TourSession.RunGit(t.UpstreamWork, ["push", "-q", "origin", "main"]);
    }

    private static void Tag(TourSession t, string name)
    {
        TourSession.RunGit(t.UpstreamWork, ["tag", "-a", name, "-m", "hearth " + name[1..]]);
        TourSession.RunGit(t.UpstreamWork, ["push", "-q", "origin", name]);
    }

    /// <summary>The stack's description as carry stored it (docs/storage.md), one line a fact.</summary>
    private static string[] Stack(TourSession t) => t.Quietly(t.Clone, "show", $"refs/carry/{Branch}:stack").Split('\n');
}
