using System.CommandLine;
using Carry.Operations.Series;
using Carry.Operations.Stack;

namespace Carry.Cli.Commands;

/// <summary>
/// carry completion SHELL: a completion script for bash, zsh, fish or PowerShell. Each script is a
/// thin wrapper that asks carry itself ('carry __complete WORDS…') for the candidates, so commands,
/// options, patch names, layers, versions and refs are always those of this carry and this stack.
/// </summary>
internal static class CompletionCommand
{
    public static readonly string[] Shells = ["bash", "zsh", "fish", "powershell"];

    public static Command Build(CliContext c)
    {
        var shell = new Argument<string>("shell") { Description = "bash, zsh, fish or powershell." };
        shell.AcceptOnlyFromAmong(Shells);
        var command = new Command("completion", "Print a completion script for bash, zsh, fish or PowerShell (commands, options, patches, layers, versions, refs).") { shell };
        command.Description += """

            'carry setup' installs them; by hand: bash: eval "$(carry completion bash)"; zsh: carry completion zsh > ~/.zfunc/_carry;
            fish: carry completion fish > ~/.config/fish/completions/carry.fish; PowerShell: carry completion powershell | Out-String | Invoke-Expression.
            """;
        command.SetAction(parse =>
        {
            c.Out.Write(CompletionScripts.For(parse.GetValue(shell)!));
            return 0;
        });
        return command;
    }

    /// <summary>The hidden command the scripts call: the words typed so far, the last one being completed.</summary>
    public static Command Hidden(CliContext c, Func<RootCommand> root)
    {
        var words = new Argument<string[]>("words") { Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("__complete", "Print completion candidates for the words typed so far.") { words };
        command.Hidden = true;
        command.SetAction(parse =>
        {
            foreach (var candidate in Candidates(c, root(), parse.GetValue(words) ?? []))
                c.Out.WriteLine(candidate);
            return 0;
        });
        return command;
    }

    /// <summary>The candidates for the last of <paramref name="words"/> (the words after 'carry'; the last may be empty).</summary>
    internal static IEnumerable<string> Candidates(CliContext c, RootCommand root, string[] words)
    {
        var typed = words.Length > 0 ? words[^1] : "";
        var before = words.Length > 0 ? words[..^1] : [];
        Command command = root;
        var positional = 0;
        Option? pending = null;
        foreach (var word in before)
        {
            if (pending is not null) { pending = null; continue; }
            if (word.StartsWith('-'))
            {
                pending = command.Options.FirstOrDefault(o => (o.Name == word || o.Aliases.Contains(word)) && o.Arity.MaximumNumberOfValues > 0 && o.ValueType != typeof(bool));
                continue;
            }
            if (command.Subcommands.FirstOrDefault(s => s.Name == word || s.Aliases.Contains(word)) is { } sub) { command = sub; positional = 0; continue; }
            positional++;
        }
        IEnumerable<string> found;
        if (pending is not null) found = Values(c, pending.Name.TrimStart('-'));
        else if (typed.StartsWith('-'))
            found = command.Options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal) || typed.Length < 2);
        else if (command.Subcommands.Any(s => !s.Hidden))
            found = command.Subcommands.Where(s => !s.Hidden).Select(s => s.Name).Append(command == root ? "help" : null).OfType<string>();
        else
        {
            var argument = command.Arguments.ElementAtOrDefault(Math.Min(positional, Math.Max(0, command.Arguments.Count - 1)));
            found = argument is null ? [] : Values(c, argument.Name, command.Name);
        }
        return found.Where(f => f.StartsWith(typed, StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal);
    }

    /// <summary>Values for an argument or option, by what it names; nothing (the shell completes files) when it names files.</summary>
    private static IEnumerable<string> Values(CliContext c, string name, string command = "")
    {
        try
        {
            return name switch
            {
                "patch" or "patches" or "old" or "patch-or-range" or "before" or "after" => Stack(c, s => s.State.All.Select(p => p.Name)),
                "layer" or "layers" => Stack(c, s => s.State.Details.Layers.Select(l => l.Name)),
                "from" or "to" => Stack(c, s => Versions.List(s.Store, s.Record!).Select(v => v.Name).Append("@")),
                "onto" or "base" or "branch" or "range" or "upstream" or "ref" => Refs(c),
                "fetch" or "remote" => Refs(c, "refs/remotes/").Select(r => r.Split('/')[0]).Distinct(),
                "shell" => Shells,
                "command" => [],
                _ => [],
            };
        }
        catch (Exception)
        {
            return []; // not in a repository, no stack, a damaged one: completion offers nothing and never fails
        }
    }

    private static IEnumerable<string> Stack(CliContext c, Func<StackSession, IEnumerable<string>> pick)
    {
        using var session = StackSession.Open(c.WorkingDirectory, "", Preconditions.Stack, write: false);
        return pick(session).ToList();
    }

    private static IEnumerable<string> Refs(CliContext c, string? only = null)
    {
        using var repo = Git.CarryRepository.Open(c.WorkingDirectory);
        var prefixes = only is null ? new[] { "refs/heads/", "refs/tags/", "refs/remotes/" } : [only];
        return prefixes.SelectMany(p => Git.Revisions.RefNames(repo, p).Select(r => r[p.Length..])).ToList();
    }
}
