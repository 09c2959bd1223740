using System.CommandLine;
using Carry.Operations.Layers;

namespace Carry.Cli.Commands;

/// <summary>carry keep: a patch a sync thought probably landed has not; it stays.</summary>
internal static class KeepCommand
{
    public static Command Build(CliContext c)
    {
        var name = Shared.PatchArgument();
        var command = new Command("keep", "Say that a patch a sync marked 'probably landed' has not landed: the mark is cleared, the patch stays.") { name };
        command.SetAction(parse =>
        {
            using var session = Shared.Open(c);
            Upstream.Keep(session, parse.GetValue(name)!, c.CommandLine);
            c.Out.WriteLine($"'{parse.GetValue(name)}' is kept: not landed");
            return 0;
        });
        return command;
    }
}
