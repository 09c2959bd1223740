using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;
using Carry.Model;

namespace Carry.Cli;

/// <summary>
/// A command line carry cannot parse, told as git tells it: one "error:" line in plain words
/// (never a .NET type name), a one-line usage, where the full help is, and exit code 129 — not
/// the whole help text, which hides the one line that matters.
/// </summary>
internal static partial class UsageErrors
{
    /// <summary>git's exit code for a usage error (usage_with_options).</summary>
    public const int ExitCode = 129;

    /// <summary>When <paramref name="parsed"/> is not a valid command line: prints why and returns <see cref="ExitCode"/>.</summary>
    public static int? Check(ParseResult parsed, CliContext c)
    {
        string raw;
        if (UnknownOption(parsed) is { } option) raw = $"Unrecognized command or argument '{option}'.";
        else if (parsed.Errors.Count > 0)
            // An unknown word explains the rest ("Required command was not provided" follows 'carry frob').
            raw = (parsed.Errors.FirstOrDefault(e => Unrecognized().IsMatch(e.Message)) ?? parsed.Errors[0]).Message;
        else return null;
        var command = parsed.CommandResult.Command;
        var path = CommandPath(parsed.CommandResult);
        var (message, hint) = Describe(raw, command, parsed);
        c.Err.WriteLine($"error: {message}");
        if (hint is not null) c.Err.WriteLine($"hint: {hint}");
        c.Err.WriteLine($"usage: {Usage(command, path)}");
        c.Err.WriteLine($"see '{path} --help'");
        return ExitCode;
    }

    /// <summary>
    /// A word that looks like an option but is none of the command's: System.CommandLine hands it
    /// to an argument ('carry show --frobnicate' would look for a patch named so). Patch names,
    /// refs and versions cannot start with '-'; a file that does goes after '--'. A single dash
    /// is left alone: '-stable' is a guard ('carry guard fix +x86 -stable').
    /// </summary>
    private static string? UnknownOption(ParseResult parsed)
    {
        foreach (var token in parsed.Tokens)
        {
            if (token.Type == TokenType.DoubleDash) return null;
            if (token.Type == TokenType.Argument && token.Value.Length > 2 && token.Value.StartsWith("--", StringComparison.Ordinal))
                return token.Value;
        }
        return null;
    }

    /// <summary>"carry import quilt": the names from the root down (the root is always "carry").</summary>
    internal static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r is CommandResult cr; r = cr.Parent)
            names.Insert(0, cr.Parent is null ? "carry" : cr.Command.Name);
        return string.Join(' ', names);
    }

    /// <summary>One line: the command, "[&lt;options&gt;]" when it has any, its arguments or sub-commands.</summary>
    internal static string Usage(Command command, string path)
    {
        var parts = new List<string> { path };
        if (command.Subcommands.Count > 0)
            parts.Add(command.Parents.Any() ? $"({string.Join('|', command.Subcommands.Where(s => !s.Hidden).Select(s => s.Name))}) [<args>]" : "<command> [<args>]");
        else
        {
            if (command.Options.Any(o => !o.Hidden && o is not System.CommandLine.Help.HelpOption)) parts.Add("[<options>]");
            foreach (var a in command.Arguments.Where(a => !a.Hidden))
                parts.Add(a.Arity.MinimumNumberOfValues == 0
                    ? (a.Arity.MaximumNumberOfValues > 1 ? $"[<{a.Name}>...]" : $"[<{a.Name}>]")
                    : (a.Arity.MaximumNumberOfValues > 1 ? $"<{a.Name}>..." : $"<{a.Name}>"));
        }
        return string.Join(' ', parts);
    }

    /// <summary>System.CommandLine's message in git's words, with a hint when one helps.</summary>
    private static (string Message, string? Hint) Describe(string raw, Command command, ParseResult parsed)
    {
        if (Unrecognized().Match(raw) is { Success: true } u)
        {
            var token = u.Groups[1].Value;
            if (token.StartsWith('-'))
                return ($"unknown option '{token}'", Spelling.Hint(token, command.Options.SelectMany(o => o.Aliases.Prepend(o.Name))));
            if (command.Subcommands.Count > 0 && parsed.CommandResult.Tokens.Count == 0)
                return (command.Parents.Any() ? $"unknown command '{token}' for '{CommandPath(parsed.CommandResult)}'" : $"unknown command '{token}'",
                    Spelling.Hint(token, command.Subcommands.Where(s => !s.Hidden).Select(s => s.Name)));
            return ($"unexpected argument '{token}'", null);
        }
        if (raw.StartsWith("Required command was not provided", StringComparison.Ordinal))
            return ($"'{CommandPath(parsed.CommandResult)}' needs a command: {string.Join(", ", command.Subcommands.Where(s => !s.Hidden).Select(s => s.Name))}", null);
        if (MissingArgument().Match(raw) is { Success: true } m)
            return m.Groups[1].Value == "option"
                ? ($"option '{m.Groups[2].Value}' needs a value", null)
                : ($"missing {string.Join(" ", command.Arguments.Where(a => a.Arity.MinimumNumberOfValues > 0).Select(a => $"<{a.Name}>"))}".TrimEnd(), null);
        if (CannotParse().Match(raw) is { Success: true } p)
            return (p.Groups[2].Success
                ? $"{(p.Groups[3].Value == "option" ? "option" : "argument")} '{p.Groups[4].Value}' expects {Kind(p.Groups[5].Value)}, not '{p.Groups[1].Value}'"
                : $"expected {Kind(p.Groups[5].Value)}, not '{p.Groups[1].Value}'", null);
        if (OneArgument().Match(raw) is { Success: true } o)
            return ($"option '{o.Groups[1].Value}' takes one value, but {o.Groups[2].Value} were given", null);
        if (NotAmong().Match(raw) is { Success: true } n)
            return ($"'{n.Groups[1].Value}' is not one of: {string.Join(", ", n.Groups[2].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))}", null);
        // Any other message: ours (validators), or the library's with type names taken out.
        return (TypeName().Replace(raw.TrimEnd('.'), t => Kind(t.Value)), null);
    }

    /// <summary>What a .NET type means to a user.</summary>
    private static string Kind(string type) => type switch
    {
        _ when type.Contains("Int32") || type.Contains("Int64") || type.Contains("UInt") => "a whole number",
        _ when type.Contains("Double") || type.Contains("Decimal") || type.Contains("Single") => "a number",
        _ when type.Contains("Boolean") => "true or false",
        _ when type.Contains("DateTime") => "a date",
        _ => "a value of another kind",
    };

    [GeneratedRegex(@"^Unrecognized command or argument '(.*)'\.$")]
    private static partial Regex Unrecognized();

    [GeneratedRegex(@"^Required argument missing for (command|option): '(.*)'\.$")]
    private static partial Regex MissingArgument();

    // Groups: 1 the token, 2 "for option '--x' " (or none), 3 option/command/argument, 4 its name, 5 the type.
    [GeneratedRegex(@"^Cannot parse argument '(.*?)' (for (option|command|argument) '(.*?)' )?as expected type '(.*?)'\.", RegexOptions.Singleline)]
    private static partial Regex CannotParse();

    [GeneratedRegex(@"^Option '(.*)' expects a single argument but (\d+) were provided\.$")]
    private static partial Regex OneArgument();

    [GeneratedRegex(@"^Argument '(.*)' not recognized\. Must be one of:(.*)$", RegexOptions.Singleline)]
    private static partial Regex NotAmong();

    [GeneratedRegex(@"System\.[A-Za-z0-9_.`\[\]]+")]
    private static partial Regex TypeName();
}
