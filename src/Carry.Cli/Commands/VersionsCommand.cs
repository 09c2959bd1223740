using System.CommandLine;
using System.Text.Json;
using Carry.Operations.Series;
using Carry.Operations.Stack;

namespace Carry.Cli.Commands;

/// <summary>carry versions: the named versions of the series, oldest first.</summary>
internal static class VersionsCommand
{
    public static Command Build(CliContext c)
    {
        var json = Shared.JsonOption();
        var command = new Command("versions", "List the named versions, oldest first, with their base and number of patches.") { json };
        command.SetAction(parse =>
        {
            using var session = Shared.Open(c, Preconditions.Stack, write: false);
            var list = Versions.List(session.Store, session.Record!);
            if (parse.GetValue(json)) return WriteJson(c, list);
            var width = list.Select(v => v.Name.Length).DefaultIfEmpty(0).Max();
            foreach (var v in list)
            {
                var s = v.Record.State;
                c.Out.WriteLine($"{c.Paint.Bold(v.Name.PadRight(width))}  {c.Paint.Yellow(v.Record.Id.Short)} {v.Record.Who.When:yyyy-MM-dd}  " +
                    $"base {s.BaseName} ({s.Base.Short})  {s.Applied.Count + s.Unapplied.Count} patches, {s.Details.Retired.Count} retired");
            }
            return 0;
        });
        return command;
    }

    private static int WriteJson(CliContext c, IReadOnlyList<NamedState> list)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            foreach (var v in list)
            {
                var s = v.Record.State;
                w.WriteStartObject();
                w.WriteString("name", v.Name);
                w.WriteString("state", v.Record.Id.Hex);
                w.WriteString("when", v.Record.Who.When);
                w.WriteStartObject("base");
                w.WriteString("ref", s.BaseRef);
                w.WriteString("commit", s.Base.Hex);
                w.WriteEndObject();
                w.WriteNumber("applied", s.Applied.Count);
                w.WriteNumber("unapplied", s.Unapplied.Count);
                w.WriteNumber("retired", s.Details.Retired.Count);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        c.Out.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
        return 0;
    }
}
