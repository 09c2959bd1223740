using System.CommandLine;
using Carry.Git;
using Carry.Operations.Stack;

namespace Carry.Cli.Commands;

/// <summary>carry files: the files a patch changes.</summary>
internal static class FilesCommand
{
    public static Command Build(CliContext c)
    {
        var patch = new Argument<string?>("patch") { Description = "The patch (default: the top one).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("files", "List the files a patch changes (A added, D deleted, M modified).") { patch };
        command.SetAction(parse =>
        {
            using var session = Shared.Open(c, Preconditions.Stack, write: false);
            var objects = session.Repo.Objects;
            var commit = objects.ReadCommit(ShowCommand.Target(session, parse.GetValue(patch)).Commit);
            var parentTree = objects.ParentTree(commit);
            foreach (var change in TreeOps.Diff(objects, parentTree, commit.Tree))
            {
                var kind = change.Old is null ? 'A' : change.New is null ? 'D' : 'M';
                c.Out.WriteLine($"{kind} {RawPath.ToText(change.Path)}");
            }
            return 0;
        });
        return command;
    }
}
