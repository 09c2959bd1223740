using System.CommandLine;
using Carry.Model;
using Carry.Operations.Layers;
using Carry.Operations.Stack;

namespace Carry.Cli.Commands;

/// <summary>carry layer: list the layers, add or remove one, put patches into one.</summary>
internal static class LayerCommand
{
    public static Command Build(CliContext c)
    {
        var command = new Command("layer", "List the layers (lowest first) with their publishing rule and patches.") { Add(c), Remove(c), Set(c) };
        command.Description = """
            List the layers, lowest first, with their publishing rule and how many patches each holds.
            'private' patches (the development kit) are never published; 'fork' patches are published
            with the fork but never proposed; 'upstream' patches are candidates for merge requests.
            Lower layers always sit below higher ones in the series.
            """;
        command.SetAction(_ =>
        {
            using var session = Shared.Open(c, Preconditions.Stack, write: false);
            var state = session.State;
            var width = state.Details.Layers.Select(l => l.Name.Length).DefaultIfEmpty(0).Max();
            foreach (var layer in state.Details.Layers)
            {
                var patches = state.All.Where(p => p.Layer == layer.Name).ToList();
                var applied = patches.Count(state.Applied.Contains);
                c.Out.WriteLine($"{layer.Name.PadRight(width)}  {Layer.RuleName(layer.Rule),-8}  {patches.Count} patch{(patches.Count == 1 ? "" : "es")}"
                    + (patches.Count > applied ? $" ({patches.Count - applied} unapplied)" : ""));
            }
            return 0;
        });
        return command;
    }

    private static Command Add(CliContext c)
    {
        var name = new Argument<string>("name") { Description = "The new layer's name." };
        var rule = new Option<string>("--rule") { Description = "Its publishing rule: private, fork or upstream.", Required = true };
        var below = new Option<string?>("--below") { Description = "Place it just below this layer." };
        var above = new Option<string?>("--above") { Description = "Place it just above this layer." };
        var command = new Command("add", "Add a layer with a publishing rule (private layers sit lowest).") { name, rule, below, above };
        command.SetAction(parse =>
        {
            var word = parse.GetValue(rule)!;
            var r = Layer.ParseRule(word) ?? throw new CarryException($"--rule must be private, fork or upstream, not '{word}'");
            if (parse.GetValue(below) is not null && parse.GetValue(above) is not null) throw new CarryException("give --below or --above, not both");
            using var session = Shared.Open(c);
            var result = Layers.Add(session, parse.GetValue(name)!, r, new LayerPlace(parse.GetValue(below), parse.GetValue(above)), c.CommandLine);
            c.Out.WriteLine($"Added layer '{parse.GetValue(name)}' ({word})");
            return result.Changed ? 0 : 1;
        });
        return command;
    }

    private static Command Remove(CliContext c)
    {
        var name = new Argument<string>("name") { Description = "The layer to remove; it must hold no patch." };
        var command = new Command("remove", "Remove an empty layer you added.") { name };
        command.SetAction(parse =>
        {
            using var session = Shared.Open(c);
            Layers.Remove(session, parse.GetValue(name)!, c.CommandLine);
            c.Out.WriteLine($"Removed layer '{parse.GetValue(name)}'");
            return 0;
        });
        return command;
    }

    private static Command Set(CliContext c)
    {
        var layer = new Argument<string>("layer") { Description = "The layer." };
        var names = Shared.PatchesArgument("The patches to put in it.");
        names.Arity = ArgumentArity.OneOrMore;
        var command = new Command("set", "Put patches into a layer; the series is re-sorted so lower layers stay below.") { layer, names };
        command.Description += "\nEvery patch whose place changes is replayed; if one no longer applies, nothing is changed.";
        command.SetAction(parse =>
        {
            using var session = Shared.Open(c);
            return Shared.Report(c, Layers.Set(session, parse.GetValue(layer)!, Shared.Patches(session, parse.GetValue(names)), c.CommandLine));
        });
        return command;
    }
}
