using System.Diagnostics;

namespace Carry.Tests.Support;

/// <summary>
/// The real Debian corpora in <c>../shared/corpora/debian</c> beside the repository, unpacked
/// once per test run into a temporary folder. Tests that need them call <see cref="TryGet"/>
/// and return early (with a message) when the corpora or <c>tar</c> are not available.
/// </summary>
internal static class Corpus
{
    private static readonly Lazy<string?> DebianDir = new(FindDebianDir);
    private static readonly Lazy<string> Scratch = new(CreateScratch);
    private static readonly Dictionary<string, string?> Extracted = [];
    private static readonly Lock Gate = new();

    /// <summary>The debian corpora folder, or null with a reason.</summary>
    public static string? DebianCorpora(out string reason)
    {
        reason = DebianDir.Value is null
            ? "corpora not found: expected shared/corpora/debian beside the folder holding Carry.slnx or beside a folder above it"
            : "";
        return DebianDir.Value;
    }

    /// <summary>Unpacks an archive of the corpora (once) and returns the folder, or null with a reason.</summary>
    public static string? TryGet(string archive, out string reason)
    {
        var dir = DebianCorpora(out reason);
        if (dir is null)
            return null;
        lock (Gate)
        {
            if (!Extracted.TryGetValue(archive, out var target))
            {
                target = Path.Combine(Scratch.Value, archive.Replace(".tar.", "_"));
                Directory.CreateDirectory(target);
                var flags = archive.EndsWith(".xz", StringComparison.Ordinal) ? "xJf" : "xzf";
                if (!Run("tar", [flags, Path.Combine(dir, archive), "-C", target], target, out _))
                    target = null;
                Extracted[archive] = target;
            }
            reason = target is null ? $"could not unpack {archive} with tar" : "";
            return target;
        }
    }

    /// <summary>
    /// Unpacks only <paramref name="paths"/> (tree paths under <paramref name="topFolder"/>) of an
    /// upstream archive into <paramref name="destination"/>; names missing from the archive are
    /// ignored. False when the archive or tar is not available.
    /// </summary>
    public static bool ExtractMembers(string archive, string topFolder, IEnumerable<string> paths, string destination, out string reason)
    {
        var dir = DebianCorpora(out reason);
        if (dir is null)
            return false;
        var list = Path.Combine(destination, ".members");
        File.WriteAllLines(list, paths.Distinct().Select(p => $"{topFolder}/{p}"));
        var flags = archive.EndsWith(".xz", StringComparison.Ordinal) ? "xJf" : "xzf";
        // tar exits non-zero for names that are not in the archive (files the series creates); fine.
        Run("tar", [flags, Path.Combine(dir, archive), "-C", destination, "-T", list], destination, out var text);
        File.Delete(list);
        if (!Directory.Exists(Path.Combine(destination, topFolder)))
        {
            reason = $"could not unpack {archive} with tar: {text}";
            return false;
        }
        return true;
    }

    /// <summary>The patch names of a quilt series file, in order, with their -p level (comments and blank lines dropped).</summary>
    public static List<(string Name, int Strip)> ReadSeries(string patchesDir)
    {
        var series = new List<(string, int)>();
        foreach (var raw in File.ReadAllLines(Path.Combine(patchesDir, "series")))
        {
            var line = raw.Split('#')[0].Trim();
            if (line.Length == 0)
                continue;
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var strip = parts.Skip(1).Where(p => p.StartsWith("-p", StringComparison.Ordinal)).Select(p => int.Parse(p[2..])).DefaultIfEmpty(1).First();
            series.Add((parts[0], strip));
        }
        return series;
    }

    /// <summary>Every patch file under the unpacked debian/patches folders of all Debian revisions.</summary>
    public static IEnumerable<string> AllDebianArchives(string dir) =>
        Directory.GetFiles(dir, "*.debian.tar.xz").Select(Path.GetFileName).Order()!;

    public static bool Run(string program, string[] args, string workDir, out string output)
    {
        try
        {
            var info = new ProcessStartInfo(program)
            {
                WorkingDirectory = workDir,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in args)
                info.ArgumentList.Add(a);
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            output = stdout.Result + stderr;
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            output = e.Message;
            return false;
        }
    }

    public static bool HasProgram(string program) => Run(program, ["--version"], Path.GetTempPath(), out _);

    private static string? FindDebianDir()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Carry.slnx")))
            dir = dir.Parent;
        // Beside the checkout (CI, /work/main) or beside a folder above it (a worktree in /work/wt/NAME).
        for (dir = dir?.Parent; dir is not null; dir = dir.Parent)
        {
            var debian = Path.Combine(dir.FullName, "shared", "corpora", "debian");
            if (Directory.Exists(debian)) return debian;
        }
        return null;
    }

    private static string CreateScratch()
    {
        var path = Path.Combine(Path.GetTempPath(), $"carry-patches-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        return path;
    }
}
