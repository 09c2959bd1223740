using System.CommandLine;
using System.Text.Json;
using Carry.Git;
using Carry.Operations.Series;
using Carry.Operations.Stack;
using Carry.Storage;

namespace Carry.Cli.Commands;

/// <summary>carry log: the stack's own history, one state per line.</summary>
internal static class LogCommand
{
    public static Command Build(CliContext c)
    {
        var count = new Option<int?>("--number", "-n") { Description = "Show only this many states." };
        var json = Shared.JsonOption();
        var command = new Command("log", "Show the stack's history: one line per command that changed it, newest first, with the versions naming each state.") { count, json };
        command.SetAction(parse =>
        {
            using var session = Shared.Open(c, Preconditions.Stack, write: false);
            var records = session.Store.History(session.Record!).Take(parse.GetValue(count) ?? int.MaxValue);
            var versions = session.State.Details.Versions.ToLookup(v => v.State, v => v.Name);
            if (parse.GetValue(json)) return WriteJson(c, records, versions);
            foreach (var r in records)
            {
                var when = r.Who.When.ToString("yyyy-MM-dd HH:mm:ss");
                var where = $"{r.State.Applied.Count}/{r.State.Applied.Count + r.State.Unapplied.Count} applied";
                var names = versions[r.Id].Any() ? " " + c.Paint.Green($"[{string.Join(", ", versions[r.Id])}]") : "";
                c.Out.WriteLine($"{c.Paint.Yellow(r.Id.Short)} {when} {c.Paint.Bold("carry " + r.Command)} {c.Paint.Dim($"({where})")}{names}");
            }
            return 0;
        });
        return command;
    }

    private static int WriteJson(CliContext c, IEnumerable<Storage.StackRecord> records, ILookup<Git.Oid, string> versions)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            foreach (var r in records)
            {
                w.WriteStartObject();
                w.WriteString("state", r.Id.Hex);
                w.WriteString("command", r.Command);
                w.WriteString("who", r.Who.Identity);
                w.WriteString("when", r.Who.When);
                w.WriteNumber("applied", r.State.Applied.Count);
                w.WriteNumber("unapplied", r.State.Unapplied.Count);
                w.WriteStartArray("versions");
                foreach (var name in versions[r.Id]) w.WriteStringValue(name);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        c.Out.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
        return 0;
    }
}
