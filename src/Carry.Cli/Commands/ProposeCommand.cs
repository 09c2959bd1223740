using System.CommandLine;
using Carry.Operations.Layers;

namespace Carry.Cli.Commands;

/// <summary>carry propose: record that a patch was sent upstream as a merge request.</summary>
internal static class ProposeCommand
{
    public static Command Build(CliContext c)
    {
        var name = Shared.PatchArgument();
        var url = new Option<string>("--url") { Description = "The merge request's address.", Required = true };
        var command = new Command("propose", "Record that a patch was proposed upstream (status 'proposed', with the merge request and the version sent).") { name, url };
        command.Description += "\nThe patch's commit now is kept as the version sent, so 'carry series' shows when the patch changed since. A sync moves it to 'landed' when upstream carries it.";
        command.SetAction(parse =>
        {
            using var session = Shared.Open(c);
            var result = Upstream.Propose(session, parse.GetValue(name)!, parse.GetValue(url)!, c.CommandLine);
            c.Out.WriteLine($"'{parse.GetValue(name)}' is proposed: {parse.GetValue(url)}");
            return result.Stopped is null ? 0 : 1;
        });
        return command;
    }
}
