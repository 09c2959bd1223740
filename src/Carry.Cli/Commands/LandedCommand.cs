using System.CommandLine;
using Carry.Model;
using Carry.Operations.Layers;

namespace Carry.Cli.Commands;

/// <summary>carry landed: confirm that upstream carries a patch; it retires from the series.</summary>
internal static class LandedCommand
{
    public static Command Build(CliContext c)
    {
        var name = Shared.PatchArgument();
        var upstream = new Option<string?>("--upstream") { Description = "The upstream commit that carries it (kept as evidence)." };
        var json = Shared.JsonOption();
        var command = new Command("landed", "Confirm that upstream carries a patch: it leaves the series now, kept as retired with its evidence.") { name, upstream, json };
        command.Description += """

            The patches above it are replayed without it (all or nothing). The evidence is what a sync
            suspected ('probably landed'), or a manual landing naming --upstream when given.
            'carry undo' brings the patch back.
            """;
        command.SetAction(parse =>
        {
            using var session = Shared.Open(c);
            var result = Upstream.Landed(session, parse.GetValue(name)!, parse.GetValue(upstream), c.CommandLine);
            var retired = result.State.Details.Retired[^1];
            var evidence = retired.Status.Evidence!;
            if (parse.GetValue(json))
                return ChangeJson.Write(c, result, "landed", w =>
                {
                    ChangeJson.Patches(w, "retired", [retired]);
                    Shared.WriteEvidence(w, "evidence", evidence);
                });
            c.Out.WriteLine($"'{retired.Name}' landed ({LandingEvidence.KindName(evidence.How)}"
                + (evidence.Upstream.Count > 0 ? ": " + string.Join(", ", evidence.Upstream.Select(o => o.Short)) : "") + "); retired from the series");
            return Shared.Report(c, result);
        });
        return command;
    }
}
