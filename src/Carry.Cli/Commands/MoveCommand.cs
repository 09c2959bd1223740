using System.CommandLine;
using Carry.Operations.Stack;

namespace Carry.Cli.Commands;

/// <summary>carry move, sink and float: reorder the series.</summary>
internal static class MoveCommand
{
    public static Command Build(CliContext c)
    {
        var names = Shared.PatchesArgument("The patches to move, kept in this order.");
        names.Arity = ArgumentArity.OneOrMore;
        var before = new Option<string?>("--before") { Description = "Place them just before this patch." };
        var after = new Option<string?>("--after") { Description = "Place them just after this patch." };
        var top = new Option<bool>("--top") { Description = "Place them on top of the applied patches." };
        var bottom = new Option<bool>("--bottom") { Description = "Place them at the bottom, right on the base." };
        var command = new Command("move", "Reorder patches; every patch whose position changes is rebuilt, all or nothing.") { names, before, after, top, bottom };
        OptionRules.Exclusive(command, before, after, top, bottom);
        command.SetAction(parse =>
        {
            Destination? to = null;
            var chosen = 0;
            if (parse.GetValue(before) is { } b) { to = new Destination.Before(b); chosen++; }
            if (parse.GetValue(after) is { } a) { to = new Destination.After(a); chosen++; }
            if (parse.GetValue(top)) { to = new Destination.Top(); chosen++; }
            if (parse.GetValue(bottom)) { to = new Destination.Bottom(); chosen++; }
            if (chosen != 1) throw new CarryException("say where to move: exactly one of --before, --after, --top, --bottom");
            return Run(c, parse.GetValue(names)!, to!);
        });
        return command;
    }

    internal static int Run(CliContext c, string[] names, Destination to)
    {
        using var session = Shared.Open(c);
        return Shared.Report(c, Reorder.Move(session, Shared.Patches(session, names), to, c.CommandLine));
    }
}

/// <summary>carry sink: move patches to the bottom of the stack.</summary>
internal static class SinkCommand
{
    public static Command Build(CliContext c)
    {
        var names = Shared.PatchesArgument("The patches to sink.");
        names.Arity = ArgumentArity.OneOrMore;
        var command = new Command("sink", "Move patches to the bottom of the stack (same as 'move --bottom').") { names };
        command.SetAction(parse => MoveCommand.Run(c, parse.GetValue(names)!, new Destination.Bottom()));
        return command;
    }
}

/// <summary>carry float: move patches to the top of the applied patches.</summary>
internal static class FloatCommand
{
    public static Command Build(CliContext c)
    {
        var names = Shared.PatchesArgument("The patches to float.");
        names.Arity = ArgumentArity.OneOrMore;
        var command = new Command("float", "Move patches to the top of the applied ones (same as 'move --top').") { names };
        command.SetAction(parse => MoveCommand.Run(c, parse.GetValue(names)!, new Destination.Top()));
        return command;
    }
}
