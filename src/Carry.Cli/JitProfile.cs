using System.Runtime;

namespace Carry.Cli;

/// <summary>
/// The `any` fallback's start-up aid: .NET's multi-core JIT profile (<see cref="ProfileOptimization"/>).
/// </summary>
/// <remarks>
/// The fallback is ReadyToRun code, yet a sync still JIT-compiles ~360 generic instantiations the
/// image cannot hold, and loads ~4,800 types and ~4,500 precompiled methods one by one as it first
/// calls them, all on the main thread (bench/README.md, "The any fallback"). With a profile the
/// runtime records which methods a command needed and, at its next start, prepares them on another
/// core ahead of the main thread: the dev-kit sync 191.6 → 164.7 ms (20 alternating rounds). One profile
/// per command (a sync and a series need different code), in the user's cache folder, in a folder
/// per build and .NET version (a profile names methods by metadata tokens, which another build
/// numbers differently); a new build's first run removes the folders older builds left. The
/// NativeAOT binary compiles nothing at run time and writes nothing. CARRY_JIT_PROFILE=0 turns it off.
/// A profile is only a list of methods to compile early: a lost, stale or half-written one costs
/// speed, never correctness (the runtime checks its records and stops reading at a bad one).
/// </remarks>
internal static class JitProfile
{
    /// <summary>Starts recording (and, when one exists, playing) the profile of the command <paramref name="args"/> names.</summary>
    public static void Start(string[] args)
    {
        if (BuildInfo.IsNativeAot || Environment.GetEnvironmentVariable("CARRY_JIT_PROFILE") is "0" or "false") return;
        if (args is not [var command, ..] || !Array.Exists(CarryApp.Table, c => c.Name == command)) return;
        if (Folder(Environment.GetEnvironmentVariable, OperatingSystem.IsWindows(), OperatingSystem.IsMacOS()) is not { } jit) return;
        var folder = Path.Combine(jit, BuildInfo.Stamp());
        try
        {
            if (!Directory.Exists(folder))
            {
                Directory.CreateDirectory(folder);
                RemoveOthers(jit, folder);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return; // no cache folder (a read-only home): run without the profile
        }
        ProfileOptimization.SetProfileRoot(folder);
        ProfileOptimization.StartProfile(command + ".jitprofile");
    }

    /// <summary>
    /// The folder of all builds' profiles, <c>carry/jit</c> in the user's cache folder:
    /// %LOCALAPPDATA% on Windows, ~/Library/Caches on macOS, else $XDG_CACHE_HOME or ~/.cache (the
    /// XDG rule: a relative $XDG_CACHE_HOME is ignored). Null when there is no home to put it in.
    /// </summary>
    internal static string? Folder(Func<string, string?> env, bool windows, bool macOS)
    {
        string? cache;
        if (windows)
            cache = env("LOCALAPPDATA");
        else if (env("XDG_CACHE_HOME") is { } xdg && Path.IsPathFullyQualified(xdg) && !macOS)
            cache = xdg;
        else
            cache = env("HOME") is { } home && Path.IsPathFullyQualified(home) ? Path.Combine(home, macOS ? "Library/Caches" : ".cache") : null;
        return string.IsNullOrEmpty(cache) || !Path.IsPathFullyQualified(cache) ? null : Path.Combine(cache, "carry", "jit");
    }

    /// <summary>
    /// Removes the profiles other builds left in <paramref name="jit"/>: in each of its other
    /// folders the *.jitprofile files, then the folder if that left it empty. A link is not
    /// followed (a folder that is a link is left alone), and nothing else is touched.
    /// </summary>
    internal static void RemoveOthers(string jit, string keep)
    {
        foreach (var dir in new DirectoryInfo(jit).EnumerateDirectories())
        {
            if (dir.FullName == Path.GetFullPath(keep) || dir.LinkTarget is not null) continue;
            try
            {
                foreach (var file in dir.EnumerateFiles("*.jitprofile")) file.Delete(); // a link: the link itself
                if (!dir.EnumerateFileSystemInfos().Any()) dir.Delete();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // another carry removing it too, or not ours to remove: leave it
            }
        }
    }
}
