using System.CommandLine;
using System.Text.Json;
using Carry.Operations.Stack;
using Carry.Operations.Unattended;

namespace Carry.Cli.Commands;

/// <summary>carry test: run a command on every applied patch's tree, results cached by tree id in the stack.</summary>
internal static class TestCommand
{
    public static Command Build(CliContext c)
    {
        var jobs = new Option<int?>("--jobs", "-j") { Description = "Patches tested at once (default: the number of cores)." };
        var json = Shared.JsonOption();
        var argv = new Argument<string[]>("command") { Description = "The command, after '--' (run as given, no shell: use 'sh -c' for one).", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("test", "Run a command on the tree of every applied patch, in temporary worktrees, in parallel.")
        {
            jobs, json, argv,
        };
        command.Description += "\nResults are cached by (command, tree id) in the stack, so a patch whose tree did not change is not"
            + "\nrun again (after a reword, a reorder that keeps trees, or a sync), and 'share push'/'pull' carry them."
            + "\nExit: 0 all pass, 3 a patch fails (the first one is named), 1 error, 5 locked.";
        command.SetAction(parse =>
        {
            using var session = Shared.Open(c);
            var run = PatchTests.Run(session, parse.GetValue(argv) ?? [], parse.GetValue(jobs) ?? Environment.ProcessorCount, c.CommandLine, c.Cancel);
            if (parse.GetValue(json))
            {
                using var stream = new MemoryStream();
                using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
                {
                    w.WriteStartObject();
                    WriteJson(w, run);
                    w.WriteEndObject();
                }
                c.Out.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
            }
            else WriteText(c, run);
            return run.FirstFailure is null ? 0 : 3;
        });
        return command;
    }

    internal static void WriteText(CliContext c, TestRun run)
    {
        var paint = c.Paint;
        var width = run.Results.Select(r => r.Patch.Length).DefaultIfEmpty(0).Max();
        c.Out.WriteLine($"Testing {run.Results.Count} patch(es) with: {run.Command}; ran {run.Ran}, cached {run.Results.Count(r => r.Cached)}.");
        foreach (var r in run.Results)
        {
            var word = r.Passed ? paint.Green("pass".PadRight(5)) : paint.Red("FAIL".PadRight(5));
            c.Out.WriteLine($"  {word} {r.Patch.PadRight(width)}  {r.Tree.Short}{(r.Cached ? " (cached)" : "")}{(r.Passed ? "" : $" exit {r.Exit}")}".TrimEnd());
        }
        if (run.FirstFailure is not { } f)
        {
            c.Out.WriteLine(run.Results.Count == 0 ? "No applied patch to test." : "All patches pass.");
            return;
        }
        c.Err.WriteLine(paint.Red($"error: patch '{f.Patch}' is the first that fails (exit {f.Exit}): {run.Command}"));
        foreach (var line in f.Output.TrimEnd('\n').Split('\n').TakeLast(20).Where(l => l.Length > 0)) c.Err.WriteLine($"\t{line}");
    }

    internal static void WriteJson(Utf8JsonWriter w, TestRun run)
    {
        w.WriteStartObject("tests");
        w.WriteString("command", run.Command);
        w.WriteNumber("ran", run.Ran);
        if (run.FirstFailure is { } f) w.WriteString("firstFailure", f.Patch);
        w.WriteStartArray("patches");
        foreach (var r in run.Results)
        {
            w.WriteStartObject();
            w.WriteString("name", r.Patch);
            w.WriteString("tree", r.Tree.Hex);
            w.WriteBoolean("passed", r.Passed);
            w.WriteNumber("exit", r.Exit);
            w.WriteBoolean("cached", r.Cached);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
