using System.Runtime.CompilerServices;
using Carry.Operations.Stack;

namespace Carry.Tests.Support;

/// <summary>
/// Makes every test run alike on any machine: a fixed identity (carry and git read these
/// variables before any config), no system or global git config, no pager, no colors.
/// </summary>
internal static class TestEnvironment
{
    [ModuleInitializer]
    internal static void Init()
    {
        Set("GIT_AUTHOR_NAME", "Ada Tester");
        Set("GIT_AUTHOR_EMAIL", "ada@example.com");
        Set("GIT_COMMITTER_NAME", "Ada Tester");
        Set("GIT_COMMITTER_EMAIL", "ada@example.com");
        Set("GIT_CONFIG_NOSYSTEM", "1");
        Set("GIT_CONFIG_GLOBAL", "/dev/null");
        Set("NO_COLOR", "1");
        Set("GIT_PAGER", "cat");
        TempRoot.Init();
        // No automatic housekeeping: after each commit, fetch and push git would start 'git maintenance
        // run --auto' or 'git gc --auto' (one to three more processes), which never find work in a test's
        // small repository. The test's own command-line config, as 'git -c' would give it.
        Set("GIT_CONFIG_COUNT", "2");
        Set("GIT_CONFIG_KEY_0", "maintenance.auto");
        Set("GIT_CONFIG_VALUE_0", "false");
        Set("GIT_CONFIG_KEY_1", "receive.autoGc");
        Set("GIT_CONFIG_VALUE_1", "false");
        // On CI a missing snapshot fails (Snapshooter's strict mode) instead of being written and passing;
        // a changed one fails everywhere.
        if (Environment.GetEnvironmentVariable("CI") is { Length: > 0 } ci && ci is not ("0" or "false"))
            Set("SNAPSHOOTER_STRICT_MODE", "true");
    }

    private static void Set(string name, string value) => Environment.SetEnvironmentVariable(name, value);

    /// <summary>The repository root (where Carry.slnx is).</summary>
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Carry.slnx"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Carry.slnx not found above the test folder");
        }
    }
}
