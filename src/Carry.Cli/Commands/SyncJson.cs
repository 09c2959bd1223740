using System.Text.Json;
using Carry.Model;

namespace Carry.Cli.Commands;

/// <summary>carry sync --format json (and --json): the report for scripts (docs/sync.md, docs/unattended.md).</summary>
internal static class SyncJson
{
    public static void Write(CliContext c, SyncRunReport report)
    {
        var r = report.Last;
        var patches = report.After is { } after ? after.All.ToDictionary(p => p.Id, StringComparer.Ordinal) : [];
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            var upToDate = report.Steps.All(s => s.Result.Transaction is null);
            w.WriteString("result", report.Aborted ? "aborted" : r.Stopped is not null ? "stopped" : upToDate ? "up-to-date" : "done");
            w.WriteNumber("exit", report.Exit);
            w.WriteString("onto", r.OntoRef);
            w.WriteString("oldBase", report.Steps[0].Result.OldBase.Hex);
            w.WriteString("newBase", r.NewBase.Hex);
            if (r.PrivateLayerFrom is { } from) w.WriteString("privateLayerFrom", from);
            w.WriteStartArray("patches");
            foreach (var e in report.Entries)
            {
                w.WriteStartObject();
                w.WriteString("name", e.Name);
                w.WriteString("id", e.Id);
                w.WriteString("outcome", SyncEntry.OutcomeName(e.Outcome));
                w.WriteBoolean("applied", e.Applied);
                if (e.Review) w.WriteBoolean("review", true);
                if (e.Evidence is { } ev) Shared.WriteEvidence(w, "evidence", ev);
                if (e.Reason is { } reason) w.WriteString("reason", reason);
                if (e.Cause is { } cause) WriteCommit(w, "cause", cause, report.Subject);
                if (e.Outcome == SyncOutcome.Parked && patches.GetValueOrDefault(e.Id)?.Parked is { } parked) WriteParked(w, parked);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (report.Steps.SelectMany(s => s.Result.Carried).ToList() is { Count: > 0 } carried) WriteCarried(w, carried);
            if (r.Stopped is { } stop)
            {
                w.WriteStartObject("stopped");
                w.WriteString("patch", stop.Patch);
                w.WriteStartArray("paths");
                foreach (var p in stop.Paths) w.WriteStringValue(p);
                w.WriteEndArray();
                if (r.Report.LastOrDefault()?.Cause is { } cause) WriteCommit(w, "cause", cause, report.Subject);
                w.WriteEndObject();
            }
            if (report.Steps.Any(s => s.Step is not null)) WriteSteps(w, report);
            if (report.Tests is { } tests) TestCommand.WriteJson(w, tests);
            if (report.Push is { } push)
            {
                w.WriteStartObject("push");
                w.WriteString("remote", report.Remote);
                w.WriteString("branch", push.Branch);
                w.WriteBoolean("pushed", push.Pushed);
                w.WriteStartArray("options");
                foreach (var o in push.Options) w.WriteStringValue(o);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        c.Out.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    /// <summary>The commits 'carry finish' made base history, as the sync carried them: <c>"now"</c> their new commit, or null and the evidence when upstream has them.</summary>
    private static void WriteCarried(Utf8JsonWriter w, IReadOnlyList<Carry.Operations.Sync.CarriedCommit> carried)
    {
        w.WriteStartArray("finished");
        foreach (var h in carried)
        {
            w.WriteStartObject();
            w.WriteString("subject", h.Subject);
            w.WriteString("was", h.Was.Hex);
            w.WriteString("now", h.Now?.Hex);
            if (h.Landed is { } ev) Shared.WriteEvidence(w, "evidence", ev);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteSteps(Utf8JsonWriter w, SyncRunReport report)
    {
        w.WriteStartArray("steps");
        foreach (var (step, result) in report.Steps)
        {
            w.WriteStartObject();
            w.WriteString("name", step?.Name);
            w.WriteString("commit", result.NewBase.Hex);
            w.WriteString("result", result.Stopped is not null ? "stopped" : result.Transaction is null ? "up-to-date" : "done");
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteParked(Utf8JsonWriter w, ParkedConflict parked)
    {
        w.WriteStartObject("parked");
        if (parked.With is { } with) w.WriteString("with", with);
        w.WriteStartArray("paths");
        foreach (var p in parked.Paths)
        {
            w.WriteStartObject();
            w.WriteString("path", p.Path);
            w.WriteString("base", p.Base?.Hex);
            w.WriteString("ours", p.Ours?.Hex);
            w.WriteString("theirs", p.Theirs?.Hex);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteCommit(Utf8JsonWriter w, string name, Git.Oid id, Func<Git.Oid, string> subject)
    {
        w.WriteStartObject(name);
        w.WriteString("commit", id.Hex);
        w.WriteString("subject", subject(id));
        w.WriteEndObject();
    }
}
