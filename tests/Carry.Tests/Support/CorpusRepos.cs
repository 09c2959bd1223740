using Carry.Operations.Layers;
using Carry.Patches;
using Carry.Tests.Support;

namespace Carry.Tests.Support;

/// <summary>
/// The corpus repositories built once per test class by <c>../shared/corpora/build-repo.sh</c>
/// into a temporary folder (glibc takes ~10 s), plus helpers to get a working clone and to run
/// quilt. When the corpora are missing, <see cref="Reason"/> says why and tests return early.
/// </summary>
public abstract class CorpusRepos : IDisposable
{
    // Hundreds of megabytes: on disk even when the other temp folders are in memory (TempRoot).
    private readonly string _dest = Path.Combine(TempRoot.OnDisk, "carry-corpus-" + Guid.NewGuid().ToString("N")[..8]);

    protected CorpusRepos(string package)
    {
        Package = package;
        var debian = Corpus.DebianCorpora(out var reason);
        if (debian is null)
        {
            Reason = reason;
            return;
        }
        var script = Path.Combine(Path.GetDirectoryName(debian)!, "build-repo.sh");
        if (!Corpus.Run("bash", [script, package, _dest], Path.GetTempPath(), out var output))
        {
            Reason = $"build-repo.sh {package} failed: {output}";
            return;
        }
        Revisions = [.. Directory.GetDirectories(Path.Combine(_dest, "series")).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
        BaseTag = TempRepo.GitIn(Path.Combine(_dest, "repo"), "tag").Split('\n')[0];
    }

    /// <summary>The Debian package.</summary>
    public string Package { get; }

    /// <summary>Why the corpora cannot be used, or null.</summary>
    public string? Reason { get; }

    /// <summary>The Debian revisions, each a quilt series.</summary>
    public IReadOnlyList<string> Revisions { get; } = [];

    /// <summary>The upstream tag (upstream/VERSION).</summary>
    public string BaseTag { get; } = "";

    /// <summary>The upstream repository.</summary>
    public string Upstream => Path.Combine(_dest, "repo");

    /// <summary>A revision's series folder.</summary>
    public string SeriesDir(string revision) => Path.Combine(_dest, "series", revision);

    /// <summary>A fresh repository on branch 'work' at the upstream tag, with a stack.</summary>
    public TempRepo NewStack()
    {
        var repo = new TempRepo(Package, onDisk: true);
        // Borrow the upstream objects (as 'git clone --shared' does): no copying of 19k blobs.
        File.WriteAllText(Path.Combine(repo.Dir, ".git", "objects", "info", "alternates"), Path.Combine(Upstream, ".git", "objects") + "\n");
        repo.Git("fetch", "-q", Upstream, "refs/heads/upstream:refs/heads/upstream", "refs/tags/*:refs/tags/*");
        repo.Git("checkout", "-q", "-B", "work", BaseTag);
        repo.CarryOk("init", "--base", BaseTag);
        return repo;
    }

    private TempRepo? _shared;

    /// <summary>
    /// A new branch at the upstream tag with a stack, in one repository shared by the class's
    /// tests (which xunit runs one after another): a 19k-file checkout is paid once.
    /// </summary>
    public TempRepo SharedStack(string branch)
    {
        if (_shared is null)
        {
            _shared = NewStack();
        }
        _shared.Git("checkout", "-q", "-f", "-B", branch, BaseTag);
        _shared.Git("clean", "-q", "-fdx");
        _shared.CarryOk("init", "--base", BaseTag);
        return _shared;
    }

    /// <summary>
    /// Checks that <c>quilt push -a</c> (GNU patch) on <paramref name="commit"/> gives the tree
    /// <paramref name="rev"/> holds, except for <paramref name="excluded"/> paths. Only the files
    /// the series touches are checked out for quilt (that is all it reads), and the rest of the
    /// tree must be the same as <paramref name="commit"/>'s: equal trees, without writing 19k files.
    /// </summary>
    public static void AssertQuiltTree(TempRepo repo, string commit, string rev, string seriesDir, int? fuzz, params string[] excluded)
    {
        var touched = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (name, strip) in Corpus.ReadSeries(seriesDir))
            foreach (var diff in Carry.Patches.UnifiedDiffReader.Parse(File.ReadAllBytes(Path.Combine(seriesDir, name))).Files)
                foreach (var p in new[] { diff.OldPath, diff.NewPath })
                    if (p is not null && p.TryStrip(strip, out var path, out _)) touched.Add(path);
        touched.ExceptWith(excluded);

        var work = Path.Combine(Path.GetTempPath(), "carry-quilt-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        try
        {
            var existing = repo.Git("ls-tree", "-r", "--name-only", commit).Split('\n').Where(touched.Contains).ToList();
            var listFile = Path.Combine(work, ".paths");
            File.WriteAllLines(listFile, existing);
            Assert.True(Corpus.Run("sh", ["-c", $"git -C '{repo.Dir}' archive --format=tar {commit} $(cat '{listFile}') | tar xf - -C '{work}'"], work, out var tarOutput), tarOutput);
            File.Delete(listFile);
            var args = new List<string> { "push", "-a", "-q" };
            if (fuzz is { } f) args.Add($"--fuzz={f}");
            Assert.True(RunQuilt(work, seriesDir, args, out var output), $"quilt push -a failed: {output}");

            var present = touched.Where(p => File.Exists(Path.Combine(work, p)) && !IsLink(Path.Combine(work, p))).ToList();
            File.WriteAllLines(listFile, present);
            Assert.True(Corpus.Run("sh", ["-c", $"git hash-object --no-filters --stdin-paths < '{listFile}'"], work, out var ids), ids);
            var idList = ids.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var expected = new List<string>();
            for (var i = 0; i < present.Count; i++)
            {
                var exec = !OperatingSystem.IsWindows() && (File.GetUnixFileMode(Path.Combine(work, present[i])) & UnixFileMode.UserExecute) != 0;
                expected.Add($"{(exec ? "100755" : "100644")} {idList[i]} {present[i]}");
            }
            Assert.DoesNotContain(touched, p => IsLink(Path.Combine(work, p))); // no symlinks in these series
            var actual = touched.Count == 0 ? [] : LsTree(repo, rev, touched);
            Assert.Equal(string.Join('\n', expected), string.Join('\n', actual));
            // Nothing outside the touched files may differ from the base.
            var changed = repo.Git("diff", "--name-only", "--no-renames", commit, rev).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.DoesNotContain(changed, p => !touched.Contains(p) && !excluded.Contains(p));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static bool IsLink(string path) => new FileInfo(path).LinkTarget is not null;

    private static List<string> LsTree(TempRepo repo, string rev, IEnumerable<string> paths)
    {
        var wanted = paths.ToHashSet();
        return repo.Git("ls-tree", "-r", rev).Split('\n')
            .Select(l => (Line: l, Tab: l.IndexOf('\t')))
            .Where(x => x.Tab > 0 && wanted.Contains(x.Line[(x.Tab + 1)..]))
            .Select(x => { var meta = x.Line[..x.Tab].Split(' '); return $"{meta[0]} {meta[2]} {x.Line[(x.Tab + 1)..]}"; })
            .ToList();
    }

    public static bool RunQuilt(string work, string seriesDir, IEnumerable<string> args, out string output)
    {
        var info = new System.Diagnostics.ProcessStartInfo("quilt") { WorkingDirectory = work, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["QUILT_PATCHES"] = seriesDir;
        info.Environment["QUILTRC"] = "/dev/null";
        info.Environment["QUILT_PC"] = ".pc";
        using var p = System.Diagnostics.Process.Start(info)!;
        var err = p.StandardError.ReadToEndAsync();
        output = p.StandardOutput.ReadToEnd() + err.Result;
        p.WaitForExit();
        return p.ExitCode == 0;
    }

    /// <summary>
    /// What <c>diff -r</c> would report between the original series folder and an export: every
    /// file on either side must exist on the other with the same bytes (the folder's files that
    /// the series does not list included: import keeps them for export).
    /// </summary>
    public static string DiffSeriesFolders(string original, string exported)
    {
        static HashSet<string> Files(string dir) => Directory.GetFiles(dir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(dir, f)).ToHashSet();
        var (left, right) = (Files(original), Files(exported));
        var problems = new List<string>();
        foreach (var file in left.Order(StringComparer.Ordinal))
        {
            if (!right.Contains(file)) problems.Add($"missing {file}");
            else if (!File.ReadAllBytes(Path.Combine(original, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(exported, file))))
                problems.Add($"differs {file}");
        }
        problems.AddRange(right.Where(f => !left.Contains(f)).Order(StringComparer.Ordinal).Select(f => $"extra {f}"));
        return string.Join('\n', problems);
    }

    public void Dispose()
    {
        _shared?.Dispose();
        try { Directory.Delete(_dest, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        GC.SuppressFinalize(this);
    }
}

/// <summary>openssh 9.2p1 with its two Debian series.</summary>
public sealed class OpensshRepos() : CorpusRepos("openssh");

/// <summary>glibc 2.36 with its three Debian series.</summary>
public sealed class GlibcRepos() : CorpusRepos("glibc");
