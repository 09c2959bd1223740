using System.CommandLine;
using Carry.Operations.Stack;

namespace Carry.Cli.Commands;

/// <summary>carry push: apply unapplied patches.</summary>
internal static class PushCommand
{
    public static Command Build(CliContext c)
    {
        var names = Shared.PatchesArgument("Push these patches, in this order (default: the next one).");
        var all = new Option<bool>("--all", "-a") { Description = "Push every unapplied patch." };
        var count = new Option<int?>("--number", "-n") { Description = "Push this many patches." };
        var command = new Command("push", "Apply the next unapplied patch, or the named ones.") { names, all, count };
        OptionRules.Exclusive(command, all, count, names);
        command.Description += "\nIf a patch does not apply, the push stops before it; the patches before it stay applied.";
        command.SetAction(parse =>
        {
            using var session = Shared.Open(c);
            var n = parse.GetValue(all) ? int.MaxValue : parse.GetValue(count) ?? 1;
            using var progress = Progress.For(c);
            var result = Navigation.Push(session, Shared.Patches(session, parse.GetValue(names)), n, c.CommandLine, progress, c.Cancel);
            progress?.Done();
            return Shared.Report(c, result);
        });
        return command;
    }
}
