using System.CommandLine;
using Carry.Operations.Queries;
using Carry.Operations.Stack;

namespace Carry.Cli.Commands;

/// <summary>carry diff: local changes, one patch's diff, or a range of patches as one diff.</summary>
internal static class DiffCommand
{
    public static Command Build(CliContext c)
    {
        var range = new Argument<string?>("patch-or-range")
        {
            Description = "A patch (its diff), or FROM..TO (the combined diff of those patches). Default: uncommitted changes against the top patch.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var stat = new Option<bool>("--stat") { Description = "Show a diffstat instead of the diff." };
        var command = new Command("diff", "Show local changes, a patch's diff, or a range of patches as one diff.") { range, stat };
        command.SetAction(parse =>
        {
            using var session = Shared.Open(c, Preconditions.Stack, write: false);
            c.Out.Write(PatchView.Diff(session, parse.GetValue(range), parse.GetValue(stat), c.Color) + "\n");
            return 0;
        });
        return command;
    }
}
