using System.CommandLine;
using Carry.Operations.Stack;

namespace Carry.Cli.Commands;

/// <summary>carry pop: unapply patches.</summary>
internal static class PopCommand
{
    public static Command Build(CliContext c)
    {
        var names = Shared.PatchesArgument("Pop exactly these patches; the ones above them stay applied (default: the top one).");
        var all = new Option<bool>("--all", "-a") { Description = "Pop every applied patch." };
        var count = new Option<int?>("--number", "-n") { Description = "Pop this many patches." };
        var keep = new Option<bool>("--keep", "-k") { Description = "Keep local changes even in files the pop changes (merged; a conflict refuses the pop)." };
        var command = new Command("pop", "Unapply the top patch, or the named ones.") { names, all, count, keep };
        OptionRules.Exclusive(command, all, count, names);
        command.SetAction(parse =>
        {
            using var session = Shared.Open(c);
            var n = parse.GetValue(all) ? int.MaxValue : parse.GetValue(count) ?? 1;
            return Shared.Report(c, Navigation.Pop(session, Shared.Patches(session, parse.GetValue(names)), n, c.CommandLine, parse.GetValue(keep)));
        });
        return command;
    }
}
