using System.CommandLine;
using System.Text.Json;
using Carry.Operations.Stack;
using Carry.Paths;

namespace Carry.Cli.Commands;

/// <summary>carry absorb: send each hunk of the local changes to the patch that last touched its lines.</summary>
internal static class AbsorbCommand
{
    public static Command Build(CliContext c)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Only say where each hunk would go." };
        var intoPrivate = new Option<bool>("--into-private") { Description = "Also absorb hunks whose lines a private patch last changed." };
        var json = Shared.JsonOption();
        var command = new Command("absorb", "Send each hunk of the local changes into the applied patch that last changed those lines.") { dryRun, intoPrivate, json };
        command.Description += """

            Like 'jj absorb', over the whole stack. Hunks no applied patch changed, new files, and hunks
            a private patch owns (without --into-private) stay local and are listed. Files on disk do
            not change; the patches above a changed one are rebuilt on it, all or nothing, and
            'carry undo' gives the absorbed changes back as local changes.
            """;
        command.SetAction(parse =>
        {
            using var session = Shared.Open(c);
            var result = Absorb.Run(session, parse.GetValue(dryRun), parse.GetValue(intoPrivate), c.CommandLine);
            if (parse.GetValue(json))
            {
                WriteJson(c, result, parse.GetValue(dryRun));
                return 0;
            }
            var would = parse.GetValue(dryRun) ? "would go" : "went";
            foreach (var h in result.Hunks)
            {
                var where = h.Lines > 0 ? $"{Printable.Of(h.Path)}:{h.Start}-{h.Start + h.Lines - 1}" : h.Start > 0 ? $"{Printable.Of(h.Path)}:+{h.Start}" : Printable.Of(h.Path);
                c.Out.WriteLine(h.Patch is { } p ? $"  {where} {would} into '{p}'" : $"  {where} stays local: {h.Reason}");
            }
            if (result.Transaction is { } tx) return Shared.Report(c, tx);
            if (!parse.GetValue(dryRun)) c.Out.WriteLine("nothing absorbed");
            return 0;
        });
        return command;
    }

    private static void WriteJson(CliContext c, AbsorbResult result, bool dryRun)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteBoolean("dryRun", dryRun);
            w.WriteStartArray("hunks");
            foreach (var h in result.Hunks)
            {
                w.WriteStartObject();
                w.WriteString("path", h.Path);
                w.WriteNumber("start", h.Start);
                w.WriteNumber("lines", h.Lines);
                if (h.Patch is { } p) w.WriteString("patch", p);
                else w.WriteString("reason", h.Reason);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (result.Transaction?.State.Top is { } top) w.WriteString("top", top.Name);
            w.WriteEndObject();
        }
        c.Out.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
