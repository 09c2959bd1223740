using System.CommandLine;
using Carry.Operations.Layers;

namespace Carry.Cli.Commands;

/// <summary>carry reject: record that upstream said no to a patch.</summary>
internal static class RejectCommand
{
    public static Command Build(CliContext c)
    {
        var name = Shared.PatchArgument();
        var reason = new Option<string?>("--reason") { Description = "Why upstream said no." };
        var command = new Command("reject", "Record that upstream rejected a patch (status 'rejected'); it stays in the series.") { name, reason };
        command.SetAction(parse =>
        {
            using var session = Shared.Open(c);
            Upstream.Reject(session, parse.GetValue(name)!, parse.GetValue(reason), c.CommandLine);
            c.Out.WriteLine($"'{parse.GetValue(name)}' is rejected" + (parse.GetValue(reason) is { } r ? $": {r}" : ""));
            return 0;
        });
        return command;
    }
}
