using System.CommandLine;
using Carry.Operations.Stack;

namespace Carry.Cli.Commands;

/// <summary>carry rename: a new name for a patch.</summary>
internal static class RenameCommand
{
    public static Command Build(CliContext c)
    {
        var from = new Argument<string>("old") { Description = "The patch's current name." };
        var to = new Argument<string>("new") { Description = "Its new name." };
        var command = new Command("rename", "Rename a patch (its history follows it).") { from, to };
        command.SetAction(parse =>
        {
            using var session = Shared.Open(c);
            Authoring.Rename(session, parse.GetValue(from)!, parse.GetValue(to)!, c.CommandLine);
            c.Out.WriteLine($"Renamed '{parse.GetValue(from)}' to '{parse.GetValue(to)}'");
            return 0;
        });
        return command;
    }
}
