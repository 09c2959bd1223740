using System.CommandLine;
using Carry.Operations.Stack;

namespace Carry.Cli.Commands;

/// <summary>carry squash: several patches become one.</summary>
internal static class SquashCommand
{
    public static Command Build(CliContext c)
    {
        var names = Shared.PatchesArgument("The patches to combine, in the order their changes apply.");
        names.Arity = ArgumentArity.OneOrMore;
        var name = new Option<string?>("--name", "-n") { Description = "The combined patch's name (default: the first patch's)." };
        var message = new Option<string?>("--message", "-m") { Description = "The combined message (default: the messages one after another)." };
        var command = new Command("squash", "Combine patches into one, placed where the first of them was.") { names, name, message };
        command.SetAction(parse =>
        {
            using var session = Shared.Open(c);
            var result = Authoring.Squash(session, Shared.Patches(session, parse.GetValue(names)), parse.GetValue(name), parse.GetValue(message), c.CommandLine);
            return Shared.Report(c, result);
        });
        return command;
    }
}
