using System.CommandLine;

namespace Carry.Cli.Commands;

/// <summary>carry help [COMMAND…]: the overview, or a command's help, as 'git help' gives them.</summary>
internal static class HelpCommand
{
    public static Command Build(CliContext c, Func<RootCommand> root)
    {
        var words = new Argument<string[]>("command") { Description = "A command (and sub-command), e.g. 'sync' or 'import quilt'.", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("help", "Show the list of commands, or one command's help (same as 'carry COMMAND --help').") { words };
        command.SetAction(parse =>
        {
            string[] asked = parse.GetValue(words) ?? [];
            // Help never runs a command: 'carry help pop p2' once popped p2.
            Command at = root();
            var path = new List<string>();
            foreach (var word in asked)
            {
                if (at.Subcommands.FirstOrDefault(s => s.Name == word && !s.Hidden) is not { } next)
                {
                    // A word that is no command where one is expected: refused as 'carry frob' is
                    // ("did you mean"), from a parse that is never invoked. A word after a command
                    // that takes no sub-command is an argument: that command's help, as 'git help log x'.
                    if (at.Subcommands.Count > 0 && UsageErrors.Check(root().Parse([.. path, word], new ParserConfiguration { ResponseFileTokenReplacer = null }), c) is { } refused) return refused;
                    break;
                }
                path.Add(word);
                at = next;
            }
            return CarryApp.Run([.. path, "--help"], c);
        });
        return command;
    }
}
