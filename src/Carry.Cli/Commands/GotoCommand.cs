using System.CommandLine;
using Carry.Operations.Stack;

namespace Carry.Cli.Commands;

/// <summary>carry goto: push or pop until a patch is on top.</summary>
internal static class GotoCommand
{
    public static Command Build(CliContext c)
    {
        var name = Shared.PatchArgument("The patch to make the top one.");
        var keep = new Option<bool>("--keep", "-k") { Description = "Keep local changes even in files the patches change (merged; a conflict refuses the goto)." };
        var command = new Command("goto", "Push or pop patches until the named one is on top.") { name, keep };
        command.SetAction(parse =>
        {
            using var session = Shared.Open(c);
            using var progress = Progress.For(c);
            var result = Navigation.Goto(session, parse.GetValue(name)!, c.CommandLine, progress, c.Cancel, parse.GetValue(keep));
            progress?.Done();
            return Shared.Report(c, result);
        });
        return command;
    }
}
