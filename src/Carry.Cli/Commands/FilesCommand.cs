using System.CommandLine;
using Carry.Operations.Queries;
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
            foreach (var file in PatchView.Files(session, parse.GetValue(patch))) c.Out.WriteLine($"{file.Kind} {Paths.Printable.QuotedName(file.Path)}");
            return 0;
        });
        return command;
    }
}
