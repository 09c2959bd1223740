using System.CommandLine;
using Carry.Git;
using Carry.Operations.Layers;

namespace Carry.Cli.Commands;

/// <summary>carry guard-push: the pre-push hook that keeps the private layer from being pushed.</summary>
internal static class GuardPushCommand
{
    public static Command Build(CliContext c)
    {
        var command = new Command("guard-push", "Show, install or remove the pre-push hook that refuses to push private patches.")
        {
            Install(c), Uninstall(c), Check(c),
        };
        command.Description += """

            The hook refuses any 'git push' that would send a commit holding a private patch (the
            development kit) to a ref other than Carry's own share refs (refs/carry/*), naming the
            patches. 'carry init', 'carry work' and 'carry kit apply' install it; an existing
            pre-push hook is kept as pre-push.before-carry and run first. Turn it off with
            'git config carry.guardPush false'.
            """;
        command.SetAction(_ =>
        {
            using var repo = CarryRepository.Open(c.WorkingDirectory);
            var status = PushGuard.Status(repo);
            c.Out.WriteLine(status.Installed ? $"pre-push guard installed: {status.HookPath}" : $"pre-push guard not installed ({status.HookPath})");
            if (status.Chained is { } chained) c.Out.WriteLine($"  runs your hook first: {chained}");
            if (!status.Enabled) c.Out.WriteLine($"  turned off by 'git config {PushGuard.ConfigKey} false'");
            return 0;
        });
        return command;
    }

    private static Command Install(CliContext c)
    {
        var command = new Command("install", "Install (or update) the pre-push guard; an existing pre-push hook is kept and run first.");
        command.SetAction(_ =>
        {
            using var repo = CarryRepository.Open(c.WorkingDirectory);
            var status = PushGuard.Install(repo, SelfCommand(), evenIfDisabled: true)!;
            c.Out.WriteLine($"Installed the pre-push guard: {status.HookPath}");
            if (status.Chained is { } chained) c.Out.WriteLine($"  your own hook runs first: {chained}");
            if (!status.Enabled) c.Out.WriteLine($"  note: it stays off while 'git config {PushGuard.ConfigKey}' is false");
            return 0;
        });
        return command;
    }

    private static Command Uninstall(CliContext c)
    {
        var command = new Command("uninstall", "Remove the pre-push guard (your own pre-push hook, if it chained one, is put back).");
        command.SetAction(_ =>
        {
            using var repo = CarryRepository.Open(c.WorkingDirectory);
            var status = PushGuard.Uninstall(repo);
            if (status is null) c.Out.WriteLine("the pre-push guard is not installed; nothing to do");
            else c.Out.WriteLine($"Removed the pre-push guard{(status.Chained is not null ? "; your own pre-push hook is back" : "")}");
            if (status is not null && status.Enabled)
                c.Out.WriteLine($"hint: 'carry init', 'work' and 'kit apply' install it again unless 'git config {PushGuard.ConfigKey} false'.");
            return 0;
        });
        return command;
    }

    private static Command Check(CliContext c)
    {
        var remote = new Argument<string>("remote") { Description = "The remote's name (or URL), as git gives it to the hook." };
        var url = new Argument<string?>("url") { Description = "The remote's URL.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("check", "Check a push as git's pre-push hook does: ref lines on standard input.") { remote, url };
        command.Hidden = true;
        command.SetAction(parse =>
        {
            using var repo = CarryRepository.Open(c.WorkingDirectory);
            var lines = new List<string>();
            while (c.In.ReadLine() is { } line) lines.Add(line);
            var target = parse.GetValue(remote)!;
            var refused = PushGuard.Check(repo, target, lines);
            if (refused.Count == 0) return 0;
            var paint = c.Paint;
            c.Err.WriteLine(paint.Red($"error: push to '{target}' refused: {(refused.Count == 1 ? "1 commit holds" : $"{refused.Count} commits hold")} private patches (the development kit), which never leave this repository:"));
            foreach (var r in refused.Take(20))
                c.Err.WriteLine($"\t{r.Match.Commit.Short} -> {r.RemoteRef}: private patch '{r.Match.Patch.Name}' (stack '{r.Match.Stack}'; {r.Match.How})");
            if (refused.Count > 20) c.Err.WriteLine($"\t… and {refused.Count - 20} more");
            // Never suggest 'carry share push' here: it would put the kit on this very remote, under refs/carry/*.
            c.Err.WriteLine($"hint: 'carry publish --push {target}' builds a branch of the patches outside the private layers on the bare base and pushes that instead;");
            c.Err.WriteLine($"hint: the kit itself stays in this repository: do not send the stack to '{target}' by other means ('carry share push' would put the kit on its refs/carry/*).");
            c.Err.WriteLine($"hint: this check is Carry's pre-push guard; 'git config {PushGuard.ConfigKey} false' turns it off.");
            return 1;
        });
        return command;
    }

    /// <summary>How the hook runs this very carry: the binary itself, or the .NET host with carry.dll.</summary>
    internal static IReadOnlyList<string> SelfCommand()
    {
        var process = Environment.ProcessPath;
        var name = Path.GetFileNameWithoutExtension(process ?? "");
        if (process is not null && name is "carry" or "git-carry") return [process];
        var dll = Path.Combine(AppContext.BaseDirectory, "carry.dll");
        if (!File.Exists(dll)) return [];
        return name == "dotnet" && process is not null ? [process, dll] : ["dotnet", dll];
    }

    /// <summary>Installs or updates the guard after a command that starts or extends a kit; says so the first time.</summary>
    internal static void EnsureInstalled(CliContext c, CarryRepository repo)
    {
        var before = PushGuard.Status(repo);
        if (PushGuard.Install(repo, SelfCommand()) is not { } after || before.Installed) return;
        c.Out.WriteLine($"Installed a pre-push hook that refuses to push private patches ('carry guard-push --help'){(after.Chained is not null ? "; your own pre-push hook runs first" : "")}");
    }
}
