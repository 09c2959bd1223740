using System.CommandLine;
using System.Text.Json;
using Carry.Model;
using Carry.Operations;

namespace Carry.Cli.Commands;

/// <summary>carry series: the patches, in order, with their state.</summary>
internal static class SeriesCommand
{
    public static Command Build(CliContext c)
    {
        var json = Shared.JsonOption();
        var command = new Command("series", "List the patches: '+' applied, '>' the top one, '-' unapplied.") { json };
        command.SetAction(parse =>
        {
            using var session = Shared.Open(c, Preconditions.Stack, write: false);
            var state = session.State;
            var objects = session.Repo.Objects;
            if (parse.GetValue(json)) WriteJson(c, state, p => objects.ReadCommit(p.Commit).Subject);
            else WriteText(c, state, p => objects.ReadCommit(p.Commit).Subject);
            return 0;
        });
        return command;
    }

    private static void WriteText(CliContext c, StackState state, Func<Patch, string> subject)
    {
        var paint = c.Paint;
        var width = state.All.Select(p => p.Name.Length).DefaultIfEmpty(0).Max();
        foreach (var p in state.Applied)
        {
            var line = $"{p.Name.PadRight(width)}  {subject(p)}";
            c.Out.WriteLine(p == state.Top ? paint.BoldGreen("> " + line) : paint.Green("+ ") + line);
        }
        foreach (var p in state.Unapplied) c.Out.WriteLine(paint.Dim($"- {p.Name.PadRight(width)}  {subject(p)}"));
    }

    private static void WriteJson(CliContext c, StackState state, Func<Patch, string> subject)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("branch", state.Branch);
            w.WriteStartObject("base");
            w.WriteString("ref", state.BaseRef);
            w.WriteString("commit", state.Base.Hex);
            w.WriteEndObject();
            w.WriteStartArray("patches");
            foreach (var p in state.All)
            {
                w.WriteStartObject();
                w.WriteString("name", p.Name);
                w.WriteString("id", p.Id);
                w.WriteString("state", p == state.Top ? "top" : state.Applied.Contains(p) ? "applied" : "unapplied");
                w.WriteString("commit", p.Commit.Hex);
                w.WriteString("subject", subject(p));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        c.Out.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
