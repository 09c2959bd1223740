using System.CommandLine;
using Carry.Operations.Layers;

namespace Carry.Cli.Commands;

/// <summary>carry work: a new stack for a new piece of work, with the development kit already applied.</summary>
internal static class WorkCommand
{
    public static Command Build(CliContext c)
    {
        var branch = new Argument<string>("branch") { Description = "The new branch (e.g. issue-42)." };
        var command = new Command("work", "Start a new stack on a new branch: the same base with the private layer (the kit) applied, and switch to it.") { branch };
        command.Description = """
            Start a new stack on a new branch, on the same base as the current stack, with its private
            patches (the development kit) already applied, and switch to it. The kit's patches keep
            their ids, so the stacks share the kit: 'carry kit update' (and sync) brings the newest
            version of it into a stack. Local changes come along when they do not clash (as git
            switch does); otherwise nothing is changed.
            """;
        command.SetAction(parse =>
        {
            using var session = Shared.Open(c);
            var result = Work.Start(session, parse.GetValue(branch)!, c.CommandLine);
            c.Out.WriteLine($"Switched to a new stack '{result.Branch}' on {result.State.BaseName} with {result.State.Applied.Count} private patch{(result.State.Applied.Count == 1 ? "" : "es")} applied");
            GuardPushCommand.EnsureInstalled(c, session.Repo);
            return 0;
        });
        return command;
    }
}
