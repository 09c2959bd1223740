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
            string[] path = parse.GetValue(words) ?? [];
            // A word that is no command: parsed without --help, so it is refused as 'carry frob' is ("did you mean").
            Command at = root();
            foreach (var word in path)
            {
                if (at.Subcommands.FirstOrDefault(s => s.Name == word && !s.Hidden) is not { } next) return CarryApp.Run(path, c);
                at = next;
            }
            return CarryApp.Run([.. path, "--help"], c);
        });
        return command;
    }
}
