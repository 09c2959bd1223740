using System.CommandLine;
using Carry.Operations.Stack;

namespace Carry.Cli.Commands;

/// <summary>carry new: an empty patch on top, ready for 'carry refresh'.</summary>
internal static class NewCommand
{
    public static Command Build(CliContext c)
    {
        var name = Shared.PatchArgument("The new patch's name (letters, digits, '.', '_', '-', '+').");
        var message = new Option<string?>("--message", "-m") { Description = "The patch's message (default: its name)." };
        var layer = new Option<string?>("--layer", "-l") { Description = "The patch's layer (default: git config carry.defaultLayer, else upstream)." };
        var edit = new Option<bool>("--edit", "-e") { Description = "Write the message in your editor (starting from -m, else the name)." };
        var command = new Command("new", "Create an empty patch on top of the applied ones.") { name, message, layer, edit };
        command.Description = """
            Create an empty patch on top of the applied ones. Local changes stay in the working
            tree: record them into the new patch with 'carry refresh'. A patch of a lower layer goes on
            top of its layer's patches (below those of higher layers): refresh it with 'carry refresh -p NAME'.
            """;
        command.SetAction(parse =>
        {
            using var session = Shared.Open(c);
            var text = parse.GetValue(message);
            if (parse.GetValue(edit))
            {
                text = Editor.Edit(session.Repo, text ?? parse.GetValue(name)!, "CARRY_NEW_MESSAGE");
                if (string.IsNullOrWhiteSpace(text)) throw new CarryException("aborting new: the message is empty");
            }
            var result = Authoring.New(session, parse.GetValue(name)!, text, c.CommandLine, parse.GetValue(layer));
            return Shared.Report(c, result);
        });
        return command;
    }
}
