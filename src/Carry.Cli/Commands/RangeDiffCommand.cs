using System.CommandLine;
using System.Text.Json;
using Carry.Model;
using Carry.Operations.Layers;
using Carry.Operations.Series;
using Carry.Operations.Stack;
using Carry.Storage;

namespace Carry.Cli.Commands;

/// <summary>carry range-diff: what changed in the series between two of its states.</summary>
internal static class RangeDiffCommand
{
    public static Command Build(CliContext c)
    {
        var from = new Argument<string>("from") { Description = "The older state: a version name, '@~N', or a state id from 'carry log'." };
        var to = new Argument<string>("to") { Description = "The newer state (default '@', the current one).", Arity = ArgumentArity.ZeroOrOne };
        var noPatch = new Option<bool>("--no-patch", "-s") { Description = "Only list the patches; leave out the diffs of changed ones." };
        var factor = new Option<int>("--creation-factor")
        {
            Description = "How different (percent of a patch's size) two patches may be and still pair by content, as in git range-diff (default 60).",
            DefaultValueFactory = _ => RangeDiff.DefaultCreationFactor,
        };
        var json = Shared.JsonOption();
        var command = new Command("range-diff", "Compare two states of the series patch by patch: added, dropped (landed or deleted), renamed, moved, changed.")
        {
            from, to, noPatch, factor, json,
        };
        command.Description += """

            Patches pair by their stable id (so renames and edits are followed), then by imported file or
            name, then by similarity as git range-diff pairs commits. Each line reads like git range-diff's:
            '=' unchanged, '!' changed (followed by the diff between the two patches), '<' dropped, '>' added.
            States: a version name ('carry versions'), '@' (now) or '@~N' (N commands back), a state id
            from 'carry log' (any unambiguous prefix), or a ref naming a state commit.
            """;
        command.SetAction(parse =>
        {
            using var session = Shared.Open(c, Preconditions.Stack, write: false);
            var current = session.Record!;
            var a = StateSpec.Resolve(session.Repo, session.Store, current, parse.GetValue(from)!);
            var b = StateSpec.Resolve(session.Repo, session.Store, current, parse.GetValue(to) ?? "@");
            var entries = RangeDiff.Compare(session.Repo, a.State, b.State, parse.GetValue(factor));
            if (parse.GetValue(json)) WriteJson(c, a, b, entries);
            else WriteText(c, entries, !parse.GetValue(noPatch));
            return 0;
        });
        return command;
    }

    private static void WriteText(CliContext c, IReadOnlyList<RangeDiffEntry> entries, bool diffs)
    {
        var paint = c.Paint;
        var width = entries.Select(e => Math.Max(e.Old?.Position ?? 0, e.New?.Position ?? 0)).DefaultIfEmpty(1).Max().ToString().Length;
        string Side(RangeSide? s) => s is null ? "-".PadLeft(width) + ":  -------" : $"{s.Position.ToString().PadLeft(width)}:  {s.Patch.Commit.Short}";
        foreach (var e in entries)
        {
            var (mark, color) = e.Kind switch
            {
                RangeDiffKind.Unchanged => ("=", (Func<string, string>)paint.Dim),
                RangeDiffKind.Changed => ("!", paint.Yellow),
                RangeDiffKind.Added => (">", paint.Green),
                _ => ("<", paint.Red),
            };
            var side = e.New ?? e.Old!;
            var line = color($"{Side(e.Old)} {mark} {Side(e.New)}") + $" {paint.Bold(side.Patch.Name)}: {side.Subject}";
            var tags = Tags(e);
            c.Out.WriteLine(tags.Count == 0 ? line : line + " " + paint.Dim("(" + string.Join("; ", tags) + ")"));
            if (!diffs) continue;
            foreach (var d in e.DiffOfDiffs)
            {
                var text = "    " + d;
                c.Out.WriteLine(d.StartsWith('+') ? paint.Green(text) : d.StartsWith('-') ? paint.Red(text) : d.StartsWith("@@") ? paint.Dim(text) : text);
            }
        }
    }

    private static List<string> Tags(RangeDiffEntry e)
    {
        var tags = new List<string>();
        if (e.Renamed) tags.Add($"renamed from {e.Old!.Patch.Name}");
        if (e.Moved) tags.Add("moved");
        if (e.MatchedBy == MatchKind.Content) tags.Add("paired by content");
        if (e.Reason == DropReason.Deleted) tags.Add("deleted");
        if (e.Reason == DropReason.Landed) tags.Add("landed" + (e.Evidence is { } ev ? ": " + Evidence(ev) : ""));
        tags.AddRange(e.Notes);
        return tags;
    }

    private static string Evidence(LandingEvidence ev) =>
        LandingEvidence.KindName(ev.How) + (ev.How == LandingKind.Similar ? $" {ev.Similarity}%" : "") +
        (ev.Upstream.IsEmpty ? "" : " " + string.Join(',', ev.Upstream.Select(u => u.Short)));

    private static void WriteJson(CliContext c, StackRecord a, StackRecord b, IReadOnlyList<RangeDiffEntry> entries)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("from", a.Id.Hex);
            w.WriteString("to", b.Id.Hex);
            w.WriteStartArray("patches");
            foreach (var e in entries)
            {
                w.WriteStartObject();
                w.WriteString("kind", e.Kind switch
                {
                    RangeDiffKind.Unchanged => "unchanged",
                    RangeDiffKind.Changed => "changed",
                    RangeDiffKind.Added => "added",
                    _ => "dropped",
                });
                WriteSide(w, "old", e.Old);
                WriteSide(w, "new", e.New);
                if (e.MatchedBy is { } m) w.WriteString("matchedBy", m switch { MatchKind.Id => "id", MatchKind.Name => "name", _ => "content" });
                w.WriteBoolean("renamed", e.Renamed);
                w.WriteBoolean("moved", e.Moved);
                if (e.Reason is { } r) w.WriteString("reason", r == DropReason.Landed ? "landed" : "deleted");
                if (e.Evidence is { } ev) Shared.WriteEvidence(w, "evidence", ev);
                w.WriteStartArray("notes");
                foreach (var n in e.Notes) w.WriteStringValue(n);
                w.WriteEndArray();
                w.WriteStartArray("diff");
                foreach (var d in e.DiffOfDiffs) w.WriteStringValue(d);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        c.Out.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void WriteSide(Utf8JsonWriter w, string name, RangeSide? side)
    {
        if (side is null)
        {
            w.WriteNull(name);
            return;
        }
        w.WriteStartObject(name);
        w.WriteNumber("position", side.Position);
        w.WriteString("name", side.Patch.Name);
        w.WriteString("id", side.Patch.Id);
        w.WriteString("commit", side.Patch.Commit.Hex);
        w.WriteBoolean("applied", side.Applied);
        w.WriteString("subject", side.Subject);
        if (side.Patch.Source is { } s) w.WriteString("file", s.File);
        w.WriteEndObject();
    }
}
