using System.CommandLine;
using System.CommandLine.Parsing;

namespace Carry.Cli.Commands;

/// <summary>Rules between a command's options, checked while parsing so a contradiction is a usage error (exit 129).</summary>
internal static class OptionRules
{
    /// <summary>
    /// At most one of <paramref name="symbols"/> may be given (an argument counts when it has
    /// values): "error: options '--all' and '--number' cannot be used together", as git says it.
    /// </summary>
    public static void Exclusive(Command command, params Symbol[] symbols) =>
        command.Validators.Add(result =>
        {
            var given = symbols.Where(s => Given(result, s)).ToList();
            if (given.Count < 2) return;
            var names = $"{string.Join(", ", given.SkipLast(1).Select(Name))} and {Name(given[^1])}";
            result.AddError($"{(given.All(s => s is Option) ? "options " : "")}{names} cannot be used together");
        });

    private static bool Given(CommandResult result, Symbol symbol) => symbol switch
    {
        Option o => result.GetResult(o) is OptionResult { Implicit: false },
        Argument a => result.GetResult(a) is ArgumentResult { Tokens.Count: > 0 },
        _ => false,
    };

    private static string Name(Symbol s) => s is Option o ? $"'{o.Name}'" : $"<{s.Name}>";
}
