using System.CommandLine;
using Carry.Model;
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
            var target = Target(session, parse.GetValue(patch));
            string[] args = ["show", Color(c), "--format=fuller", parse.GetValue(stat) ? "--stat" : "--patch-with-stat", target.Commit.Hex];
            c.Out.Write(session.Repo.Git.Check(args) + "\n");
            return 0;
        });
        return command;
    }

    internal static Model.Patch Target(StackSession session, string? name) =>
        name is null
            ? session.State.Top ?? throw new CarryException("no patch applied", "name a patch: 'carry show <patch>'.")
            : session.Require(name);

    internal static string Color(CliContext c) => c.Color ? "--color=always" : "--color=never";
}
