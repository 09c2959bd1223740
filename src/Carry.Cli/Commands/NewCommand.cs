using System.CommandLine;
using Carry.Operations;

namespace Carry.Cli.Commands;

/// <summary>carry new: an empty patch on top, ready for 'carry refresh'.</summary>
internal static class NewCommand
{
    public static Command Build(CliContext c)
    {
        var name = Shared.PatchArgument("The new patch's name (letters, digits, '.', '_', '-', '+').");
        var message = new Option<string?>("--message", "-m") { Description = "The patch's message (default: its name)." };
        var command = new Command("new", "Create an empty patch on top of the applied ones.") { name, message };
        command.Description = """
            Create an empty patch on top of the applied ones. Local changes stay in the working
            tree: record them into the new patch with 'carry refresh'.
            """;
        command.SetAction(parse =>
        {
            using var session = Shared.Open(c);
            var result = Authoring.New(session, parse.GetValue(name)!, parse.GetValue(message), c.CommandLine);
            return Shared.Report(c, result);
        });
        return command;
    }
}
