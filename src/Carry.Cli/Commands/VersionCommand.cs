using System.CommandLine;
using Carry.Operations.Series;
using Carry.Operations.Stack;

namespace Carry.Cli.Commands;

/// <summary>carry version: name the current state of the series.</summary>
internal static class VersionCommand
{
    public static Command Build(CliContext c)
    {
        var name = new Argument<string>("name") { Description = "The version's name, e.g. v6.1.176-rt1." };
        var force = new Option<bool>("--force", "-f") { Description = "Move an existing version to the current state." };
        var delete = new Option<bool>("--delete", "-d") { Description = "Remove the version (the state itself stays in 'carry log')." };
        var command = new Command("version", "Name the current state of the series, to find it again ('carry range-diff v1 v2').") { name, force, delete };
        command.Description += "\nThe mark is recorded like any command: 'carry undo' removes it. 'carry versions' lists them.";
        command.SetAction(parse =>
        {
            using var session = Shared.Open(c, Preconditions.Stack);
            var versionName = parse.GetValue(name)!;
            if (parse.GetValue(delete))
            {
                Versions.Remove(session, versionName, c.CommandLine);
                c.Out.WriteLine($"Removed version '{versionName}'");
                return 0;
            }
            var marked = session.Record!.Id;
            Versions.Mark(session, versionName, parse.GetValue(force), c.CommandLine);
            c.Out.WriteLine($"Version '{versionName}' is state {marked.Short} ({session.State.Applied.Count + session.State.Unapplied.Count} patches on {session.State.BaseName})");
            return 0;
        });
        return command;
    }
}
