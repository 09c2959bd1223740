using System.CommandLine;
using Carry.Operations.Queries;
using Carry.Operations.Stack;

namespace Carry.Cli.Commands;

/// <summary>carry show: a patch's message and diff, as git show prints them.</summary>
internal static class ShowCommand
{
    public static Command Build(CliContext c)
    {
        var patch = new Argument<string?>("patch") { Description = "The patch to show (default: the top one).", Arity = ArgumentArity.ZeroOrOne };
        var stat = new Option<bool>("--stat") { Description = "Show a diffstat instead of the diff." };
        var command = new Command("show", "Show a patch's message and diff.") { patch, stat };
        command.SetAction(parse =>
        {
            using var session = Shared.Open(c, Preconditions.Stack, write: false);
            c.Out.Write(PatchView.Show(session, parse.GetValue(patch), parse.GetValue(stat), c.Color) + "\n");
            return 0;
        });
        return command;
    }
}
