using System.CommandLine;
using Carry.Operations.Stack;

namespace Carry.Cli.Commands;

/// <summary>carry delete: remove patches from the stack.</summary>
internal static class DeleteCommand
{
    public static Command Build(CliContext c)
    {
        var names = Shared.PatchesArgument("The patches to delete.");
        names.Arity = ArgumentArity.OneOrMore;
        var command = new Command("delete", "Remove patches from the stack; applied patches above them are rebuilt without them.") { names };
        command.Description += "\n'carry undo' brings them back.";
        command.SetAction(parse =>
        {
            using var session = Shared.Open(c);
            var list = Shared.Patches(session, parse.GetValue(names));
            var result = Authoring.Delete(session, list, c.CommandLine);
            foreach (var n in list) c.Out.WriteLine($"Deleted '{n}'");
            return Shared.Report(c, result);
        });
        return command;
    }
}
