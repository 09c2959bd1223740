using System.CommandLine;
using Carry.Operations.Queries;
using Carry.Operations.Stack;

namespace Carry.Cli.Commands;

/// <summary>carry status: where the stack stands, and what is uncommitted.</summary>
internal static class StatusCommand
{
    public static Command Build(CliContext c)
    {
        var json = Shared.JsonOption();
        var command = new Command("status", "Show the stack's base, its top patch and the working tree's local changes.") { json };
        command.SetAction(parse =>
        {
            // From the series cache when it answers (no libgit2 to load; CarryApp does not start it for status).
            var asJson = parse.GetValue(json);
            var cached = StackStatus.TryReadCached(c.WorkingDirectory, porcelain: asJson);
            using var session = cached is null ? Shared.Open(c, Preconditions.Stack, write: false) : null;
            var status = cached ?? StackStatus.Read(session!, porcelain: asJson);
            var s = status.State;
            if (asJson)
            {
                c.Out.WriteLine(ChangeJson.Object(w => WriteJson(w, status)));
                return 0;
            }
            c.Out.WriteLine($"On branch {s.Branch}, base {s.BaseName} ({s.Base.Short})");
            c.Out.WriteLine($"{s.Applied.Count} applied, {s.Unapplied.Count} unapplied" + (s.Top is { } t ? $", top: {t.Name}" : ""));
            if (status.BranchMoved) c.Out.WriteLine(c.Paint.Yellow("the branch was changed outside carry: run 'carry repair'"));
            if (s.Sync is { } sync)
                c.Out.WriteLine(c.Paint.Yellow($"sync in progress: stopped at patch '{sync.Stopped}' ({sync.Todo.Count} more to re-apply);"
                    + " resolve, 'git add', then 'carry sync --continue' (or --skip, --abort)"));
            if (status.Operation is { } operation)
                c.Out.WriteLine(c.Paint.Yellow($"you are in the middle of {operation.What}: {operation.Finish} (carry changes nothing until then)"));
            c.Out.WriteLine(status.LocalChanges.Length == 0 ? "no local changes" : "local changes:\n" + status.LocalChanges);
            return 0;
        });
        return command;
    }

    /// <summary>
    /// {"branch", "base": {"ref", "commit"}, "top", "applied", "unapplied", "branchMoved", "sync"?: {"onto", "stopped", "todo"},
    /// "gitOperation"?: "merge"|"rebase"|"am"|"cherry-pick"|"revert"|"bisect",
    /// "localChanges": [{"status", "path", "from"?}]}: "status" is git's two letters (index, work tree), "path" the real
    /// path (never git's quoted display form), "from" the source of a rename or copy ("path" is then the new name).
    /// </summary>
    private static void WriteJson(System.Text.Json.Utf8JsonWriter w, StackStatus status)
    {
        var s = status.State;
        w.WriteString("branch", s.Branch);
        ChangeJson.BaseAndTop(w, s);
        w.WriteNumber("applied", s.Applied.Count);
        w.WriteNumber("unapplied", s.Unapplied.Count);
        w.WriteBoolean("branchMoved", status.BranchMoved);
        if (s.Sync is { } sync)
        {
            w.WriteStartObject("sync");
            w.WriteString("onto", sync.OntoRef);
            w.WriteString("stopped", sync.Stopped);
            ChangeJson.Strings(w, "todo", sync.Todo);
            w.WriteEndObject();
        }
        if (status.Operation is { } operation) w.WriteString("gitOperation", operation.Name);
        // From 'git status --porcelain -z': the paths as they are, which the --short lines quote.
        w.WriteStartArray("localChanges");
        foreach (var change in status.Changes)
        {
            w.WriteStartObject();
            w.WriteString("status", change.Status);
            w.WriteString("path", change.Path);
            if (change.From is { } from) w.WriteString("from", from);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
