using System.CommandLine;
using Carry.Operations.Layers;
using Carry.Operations.Stack;

namespace Carry.Cli.Commands;

/// <summary>carry init: start a stack on the current branch.</summary>
internal static class InitCommand
{
    public static Command Build(CliContext c)
    {
        var baseOption = new Option<string>("--base", "-b")
        {
            Description = "The upstream ref the stack sits on (a remote branch, tag or commit). Defaults to the branch's upstream, then to carry.base in git config.",
        };
        var command = new Command("init", "Start a stack on the current branch.")
        {
            baseOption,
        };
        command.Description = """
            Start a stack on the current branch, on top of an upstream base.
            Commits already on the branch above the base become the stack's patches, named after their subjects.
            """;
        command.SetAction(parse =>
        {
            using var session = Shared.Open(c, Preconditions.NoConflicts);
            var baseRevision = parse.GetValue(baseOption)
                ?? session.Repo.UpstreamOf(session.Branch)
                ?? session.Repo.Config("carry.base");
            if (string.IsNullOrEmpty(baseRevision))
                throw new CarryException("no base given", "name the upstream ref: 'carry init --base upstream/main'.");
            var result = KitInit.Run(session, baseRevision, c.CommandLine);
            c.Out.WriteLine($"Initialized a stack on '{session.Branch}' with base {result.State.BaseName} ({result.State.Base.Short}), {Plural(result.State.Applied.Count, "patch", "patches")} adopted");
            GuardPushCommand.EnsureInstalled(c, session.Repo);
            return 0;
        });
        return command;
    }

    private static string Plural(int n, string one, string many) => $"{n} {(n == 1 ? one : many)}";
}
