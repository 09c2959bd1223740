using System.CommandLine;
using Carry.Model;
using Carry.Operations.Layers;

namespace Carry.Cli.Commands;

/// <summary>carry fork-only: keep a patch in the fork on purpose.</summary>
internal static class ForkOnlyCommand
{
    public static Command Build(CliContext c)
    {
        var name = Shared.PatchArgument();
        var reason = new Option<string>("--reason") { Description = "Why it stays in the fork (the next maintainer will ask).", Required = true };
        var keep = new Option<bool>("--keep-layer") { Description = "Leave the patch in its layer." };
        var command = new Command("fork-only", "Record that a patch stays in the fork on purpose (status 'fork-only', with a reason).") { name, reason, keep };
        command.Description += "\nA patch of an upstream layer also moves to the lowest fork layer, so publishing the upstream candidates leaves it out (--keep-layer to not move it).";
        command.SetAction(parse =>
        {
            using var session = Shared.Open(c);
            var result = Upstream.ForkOnly(session, parse.GetValue(name)!, parse.GetValue(reason)!, parse.GetValue(keep), c.CommandLine);
            var patch = result.State.Find(parse.GetValue(name)!)!;
            c.Out.WriteLine($"'{patch.Name}' is fork-only (layer {patch.Layer}): {parse.GetValue(reason)}");
            return Shared.Report(c, result);
        });
        return command;
    }
}
