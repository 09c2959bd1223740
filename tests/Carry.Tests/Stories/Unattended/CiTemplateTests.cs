using System.Diagnostics;
using Carry.Tests.Support;

namespace Carry.Tests.Stories.Unattended;

/// <summary>
/// The CI templates' steps (docs/ci/carry-ci.sh, which both templates run) work end to end against
/// bare remotes: tests/ci/run-locally.sh runs them twice and checks the push options and the
/// unchanged second run (it says what failed).
/// </summary>
[Trait("Speed", "Slow")]
[Trait(CarryProcess.Trait, "story")]
public sealed class CiTemplateTests
{
    [SkippableFact]
    public void The_templates_steps_park_push_with_merge_request_options_and_push_nothing_when_unchanged()
    {
        Skip.If(OperatingSystem.IsWindows(), "the CI script is POSIX sh (the templates run on Linux runners)");
        var carry = CarryProcess.Binary ?? $"dotnet {Path.Combine(AppContext.BaseDirectory, "carry.dll")}";
        var psi = new ProcessStartInfo("sh") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(TestEnvironment.RepoRoot, "tests", "ci", "run-locally.sh"));
        psi.ArgumentList.Add(carry);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"run-locally.sh exit {p.ExitCode}\n{output}\n{err.Result}");
        Assert.Contains("ok: run 1 parked keep-40", output);
    }
}
