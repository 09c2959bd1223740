using System.CommandLine;
using System.Text.Json;
using Carry.Model;
using Carry.Operations.Layers;
using Carry.Operations.Stack;
using Carry.Paths;
using Carry.Storage;

namespace Carry.Cli.Commands;

/// <summary>carry series: the patches, in order, with their state.</summary>
internal static class SeriesCommand
{
    public static Command Build(CliContext c)
    {
        var json = Shared.JsonOption();
        var all = new Option<bool>("--all", "-a") { Description = "List hidden patches too (marked '!')." };
        var command = new Command("series", "List the patches: '+' applied, '>' the top one, '-' unapplied; with layer, status and guards.") { json, all };
        command.SetAction(parse =>
        {
            // Most often shown as it was last time (a prompt, a glance between commands): then
            // from the cache, without loading libgit2 (CarryApp does not start its load for series).
            if (SeriesCache.TryRead(c.WorkingDirectory) is { } cached)
            {
                Write(cached.State, p => cached.Subjects[p.Commit]);
                return 0;
            }
            using var session = Shared.Open(c, Preconditions.Stack, write: false);
            var objects = session.Repo.Objects;
            Write(session.State, p => objects.ReadCommit(p.Commit).Subject);
            SeriesCache.Write(session.Repo, session.Branch, session.Record!.Id, session.State);
            return 0;

            void Write(StackState state, Func<Patch, string> subject)
            {
                if (parse.GetValue(json)) WriteJson(c, state, subject);
                else WriteText(c, state, subject, parse.GetValue(all));
            }
        });
        return command;
    }

    private static void WriteText(CliContext c, StackState state, Func<Patch, string> subject, bool hidden)
    {
        var paint = c.Paint;
        var details = state.Details;
        // Names and subjects may come from someone else's stack or commits: never raw to the terminal.
        static string Safe(string text) => Printable.Of(text);
        var width = state.All.Select(p => Safe(p.Name).Length).DefaultIfEmpty(0).Max();
        // The layer column appears once a stack uses layers: a plain series reads as before.
        var layered = state.All.Any(p => p.Layer != Layer.Upstream);
        var layerWidth = layered ? state.All.Select(p => Safe(p.Layer).Length).Max() : 0;
        string Line(Patch p) =>
            $"{Safe(p.Name).PadRight(width)}  {(layered ? Safe(p.Layer).PadRight(layerWidth) + "  " : "")}{Safe(subject(p))}{Safe(Notes(p, details))}";
        foreach (var p in state.Applied)
            c.Out.WriteLine(p == state.Top ? paint.BoldGreen("> " + Line(p)) : paint.Green("+ ") + Line(p));
        foreach (var p in state.Unapplied.Where(p => !p.Hidden)) c.Out.WriteLine(paint.Dim("- " + Line(p)));
        var hiddenCount = state.Unapplied.Count(p => p.Hidden);
        if (hidden) foreach (var p in state.Unapplied.Where(p => p.Hidden)) c.Out.WriteLine(paint.Dim("! " + Line(p)));
        else if (hiddenCount > 0) c.Out.WriteLine(paint.Dim($"({hiddenCount} hidden: 'carry series --all' lists them)"));
        // Retired patches are no longer in the series; one line says they are kept, and where to see them.
        if (details.Retired.Count > 0)
            c.Out.WriteLine(paint.Dim($"({details.Retired.Count} retired as landed upstream: {string.Join(", ", details.Retired.TakeLast(5).Select(p => Safe(p.Name)))}"
                + (details.Retired.Count > 5 ? ", …" : "") + "; 'carry series --json' and 'carry report' show their evidence)"));
    }

    /// <summary>Status, guards and a guarded-off mark, after the subject; nothing for a plain local patch.</summary>
    private static string Notes(Patch p, StackDetails details)
    {
        var notes = new List<string>();
        if (p.Status.Kind != StatusKind.Local)
        {
            var status = UpstreamStatus.KindName(p.Status.Kind);
            if (p.Status.Kind == StatusKind.Proposed && p.Status.Sent is { } sent && sent != p.Commit) status += ", changed since sent";
            notes.Add(status);
        }
        if (p.Probable is not null) notes.Add("probably landed");
        if (p.Parked is { } parked) notes.Add(parked.With is { } with ? $"parked with {with}" : "parked");
        if (!p.Guards.IsEmpty) notes.Add(string.Join(' ', p.Guards));
        if (details.BlockingGuard(p) is not null) notes.Add("guarded off");
        return notes.Count == 0 ? "" : "  [" + string.Join("; ", notes) + "]";
    }

    private static void WriteJson(CliContext c, StackState state, Func<Patch, string> subject)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
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
                if (p.Hidden) w.WriteBoolean("hidden", true);
                WritePatchDetails(w, p, state.Details);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("layers");
            foreach (var l in state.Details.Layers)
            {
                w.WriteStartObject();
                w.WriteString("name", l.Name);
                w.WriteString("rule", Layer.RuleName(l.Rule));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("selectedGuards");
            foreach (var g in state.Details.SelectedGuards) w.WriteStringValue(g);
            w.WriteEndArray();
            w.WriteStartArray("retired");
            foreach (var p in state.Details.Retired)
            {
                w.WriteStartObject();
                w.WriteString("name", p.Name);
                w.WriteString("id", p.Id);
                w.WriteString("commit", p.Commit.Hex);
                WritePatchDetails(w, p, state.Details);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        c.Out.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    /// <summary>Layer, guards and upstream status of one patch.</summary>
    private static void WritePatchDetails(Utf8JsonWriter w, Patch p, StackDetails details)
    {
        w.WriteString("layer", p.Layer);
        w.WriteString("rule", Layer.RuleName(details.RuleOf(p)));
        w.WriteStartArray("guards");
        foreach (var g in p.Guards) w.WriteStringValue(g);
        w.WriteEndArray();
        w.WriteBoolean("guardedOff", details.BlockingGuard(p) is not null);
        w.WriteStartObject("status");
        w.WriteString("kind", UpstreamStatus.KindName(p.Status.Kind));
        if (p.Status.Url is { } url) w.WriteString("url", url);
        if (p.Status.Sent is { } sent) w.WriteString("sent", sent.Hex);
        if (p.Status.Reason is { } reason) w.WriteString("reason", reason);
        if (p.Status.Evidence is { } evidence) Shared.WriteEvidence(w, "evidence", evidence);
        w.WriteEndObject();
        if (p.Probable is { } probable) Shared.WriteEvidence(w, "probable", probable);
        if (p.Parked is { } parked) w.WriteString("parked", parked.With is { } with ? "with " + with : "conflict");
    }
}
