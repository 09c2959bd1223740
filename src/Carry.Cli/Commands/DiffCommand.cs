using System.CommandLine;
using Carry.Git;
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
            var objects = session.Repo.Objects;
            var spec = parse.GetValue(range);
            List<string> args = ["diff", ShowCommand.Color(c)];
            if (parse.GetValue(stat)) args.Add("--stat");
            if (spec is null) args.Add("HEAD");
            else
            {
                var dots = spec.IndexOf("..", StringComparison.Ordinal);
                var (from, to) = dots < 0 ? (spec, spec) : (spec[..dots], spec[(dots + 2)..]);
                var first = objects.ReadCommit(session.Require(from).Commit);
                var last = session.Require(to).Commit;
                args.Add(first.Parent?.Hex ?? Git.ObjectStore.EmptyTree.Hex);
                args.Add(last.Hex);
            }
            c.Out.Write(session.Repo.Git.Check(args) + "\n");
            return 0;
        });
        return command;
    }
}
