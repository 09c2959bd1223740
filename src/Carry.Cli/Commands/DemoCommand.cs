using System.CommandLine;
using Carry.Cli.Demo;

namespace Carry.Cli.Commands;

/// <summary>carry demo [fork]: a guided tour on a sample repository built in a temp folder.</summary>
internal static class DemoCommand
{
    public static Command Build(CliContext c)
    {
        var tour = new Argument<string?>("tour")
        {
            Description = "Which tour: the freelancer's (default) or 'fork', the fork maintainer's (quilt import, sync, range-diff, export).",
            Arity = ArgumentArity.ZeroOrOne,
            HelpName = "fork",
        };
        tour.AcceptOnlyFromAmong("fork");
        var keep = new Option<bool>("--keep") { Description = "Keep the sample repository instead of deleting it." };
        var command = new Command("demo", "Build a small sample project in a temp folder and walk through carry's commands on it.") { tour, keep };
        command.SetAction(parse =>
        {
            // The tour's git and carry work on its sample: a GIT_DIR set by the user would send them to the user's repository.
            foreach (var name in Git.UserGit.RepositoryVariables) Environment.SetEnvironmentVariable(name, null);
            return parse.GetValue(tour) == "fork"
                ? ForkTour.Run(c, parse.GetValue(keep))
                : Tour.Run(c, parse.GetValue(keep));
        });
        return command;
    }
}
