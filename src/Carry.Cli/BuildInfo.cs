using System.Reflection;
using System.Runtime.InteropServices;

namespace Carry.Cli;

/// <summary>What `carry --version` says: the version, the commit it was built from, and which build this is.</summary>
internal static class BuildInfo
{
    /// <summary>
    /// <c>carry 0.1.0 (commit 88b159ca6a82, NativeAOT linux-x64)</c>: the build kind tells a user
    /// (and a bug report) whether the installed tool is the native binary or the .NET fallback.
    /// </summary>
    public static string Describe()
    {
        var (version, commit) = VersionAndCommit();
        var build = IsNativeAot
            ? $"NativeAOT {RuntimeInformation.RuntimeIdentifier}"
            : $".NET {Environment.Version} {RuntimeInformation.RuntimeIdentifier}";
        return $"carry {version} (commit {commit}, {build})";
    }

    /// <summary>
    /// True in the NativeAOT binary: the .NET host hands the runtime its list of framework assemblies;
    /// a NativeAOT binary has none. (RuntimeFeature.IsDynamicCodeSupported is no test: PublishAot turns it off in the JIT build too.)
    /// </summary>
    public static bool IsNativeAot => AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is null;

    /// <summary><c>0.1.0-88b159ca6a82-net10.0.12</c>: this build and the .NET that runs it, as a file name.</summary>
    public static string Stamp()
    {
        var (version, commit) = VersionAndCommit();
        var name = $"{version}-{commit}-net{Environment.Version}";
        return string.Concat(name.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '.' or '-' ? ch : '_'));
    }

    private static (string Version, string Commit) VersionAndCommit()
    {
        // The SDK stamps "VERSION+COMMIT" (SourceLink) into the informational version.
        var informational = typeof(BuildInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+');
        var version = plus < 0 ? informational : informational[..plus];
        var commit = plus < 0 ? "unknown" : informational[(plus + 1)..];
        return (version, commit.Length > 12 ? commit[..12] : commit);
    }
}
