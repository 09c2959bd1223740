using System.Text.Json;
using Carry.Model;
using Carry.Operations.Stack;

namespace Carry.Cli.Commands;

/// <summary>
/// <c>--json</c> of the commands that change the stack (finish, uncommit, pick, fold, split,
/// edit-series, landed): one object, the same for all, so a script reads every one the same way:
/// <c>{"command", …what the command did…, "changed", "base": {"ref", "commit"}, "top",
/// "applied": [patch…], "unapplied": [patch…], "rebuilt": [{"name", "how"}], "stopped"?}</c>,
/// where a patch is <c>{"name", "id", "commit"}</c>. Written with <see cref="Utf8JsonWriter"/>:
/// no reflection, as NativeAOT needs.
/// </summary>
internal static class ChangeJson
{
    /// <summary>Writes the result; <paramref name="what"/> adds the command's own fields. Returns the exit code <see cref="Shared.Report"/> would.</summary>
    public static int Write(CliContext c, TransactionResult result, string command, Action<Utf8JsonWriter>? what = null)
    {
        c.LastCheckout = result.Checkout;
        var s = result.State;
        c.Out.WriteLine(Object(w =>
        {
            w.WriteString("command", command);
            what?.Invoke(w);
            w.WriteBoolean("changed", result.Changed);
            BaseAndTop(w, s);
            Patches(w, "applied", s.Applied);
            Patches(w, "unapplied", s.Unapplied);
            w.WriteStartArray("rebuilt");
            foreach (var r in result.Replayed.Where(r => r.Kind != Replay.MergeKind.Clean))
            {
                w.WriteStartObject();
                w.WriteString("name", r.Name);
                w.WriteString("how", Shared.Describe(r.Kind));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (result.Stopped is { } stop)
            {
                w.WriteStartObject("stopped");
                w.WriteString("patch", stop.Patch);
                Strings(w, "paths", stop.Paths);
                w.WriteEndObject();
            }
        }));
        return result.Stopped is null ? 0 : 1;
    }

    /// <summary><c>"base": {"ref", "commit"}, "top"</c>: where the stack stands.</summary>
    public static void BaseAndTop(Utf8JsonWriter w, StackState s)
    {
        w.WriteStartObject("base");
        w.WriteString("ref", s.BaseRef);
        w.WriteString("commit", s.Base.Hex);
        w.WriteEndObject();
        w.WriteString("top", s.Top?.Name);
    }

    /// <summary>A JSON object, indented, as every <c>--json</c> of carry prints it.</summary>
    public static string Object(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Patches as <c>[{"name", "id", "commit"}]</c>.</summary>
    public static void Patches(Utf8JsonWriter w, string name, IEnumerable<Patch> patches)
    {
        w.WriteStartArray(name);
        foreach (var p in patches)
        {
            w.WriteStartObject();
            w.WriteString("name", p.Name);
            w.WriteString("id", p.Id);
            w.WriteString("commit", p.Commit.Hex);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>Strings as an array.</summary>
    public static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }
}
