using System.CommandLine;
using Carry.Formats;
using Carry.Operations.PatchFiles;
using Carry.Operations.Stack;

namespace Carry.Cli.Commands;

/// <summary>carry export: the stack as a quilt series or as mails.</summary>
internal static class ExportCommand
{
    public static Command Build(CliContext c) =>
        new("export", "Export the stack as a quilt series or as mails (the stack does not change).") { Quilt(c), Mbox(c) };

    private static Command Quilt(CliContext c)
    {
        var dir = new Argument<string>("dir") { Description = "The folder to write the series file and the patches into (new or empty)." };
        var force = new Option<bool>("--force", "-f") { Description = "Write into a folder that already has files." };
        var withPrivate = IncludePrivate();
        var command = new Command("quilt", "Write every patch, in series order, as a quilt series.") { dir, force, withPrivate };
        command.Description = """
            Write every patch, applied or not, as a quilt series: a 'series' file and one file per
            patch. A patch unchanged since 'carry import' is written byte for byte as it came; a
            changed one is written again in its original style; the series file keeps its comments.
            Private patches (the development kit) are left out, and named, unless --include-private.
            """;
        command.SetAction(parse =>
        {
            using var session = Shared.Open(c, Preconditions.Stack, write: false);
            var target = OutputPath.Folder(c, parse.GetValue(dir), "the series");
            var (state, leftOut) = Chosen(session, parse.GetValue(withPrivate));
            return Report(c, Export.Quilt(session, target, parse.GetValue(force), state), target, leftOut);
        });
        return command;
    }

    private static Command Mbox(CliContext c)
    {
        var target = new Argument<string>("target") { Description = "An mbox file to write, or a folder (an existing one, or a name ending in '/') for one file per patch." };
        var cover = new Option<bool>("--cover-letter") { Description = "Add a cover letter ([PATCH 0/N]) listing the patches." };
        var withPrivate = IncludePrivate();
        var command = new Command("mbox", "Write the applied patches as mails, like git format-patch.") { target, cover, withPrivate };
        command.SetAction(parse =>
        {
            using var session = Shared.Open(c, Preconditions.Stack, write: false);
            var raw = parse.GetValue(target)!;
            var asFolder = raw.EndsWith('/') || (raw.Trim().Length > 0 && Directory.Exists(Path.GetFullPath(raw, c.WorkingDirectory)));
            var path = asFolder ? OutputPath.Folder(c, raw, "the mails") : OutputPath.File(c, raw, "patches.mbox");
            var (state, leftOut) = Chosen(session, parse.GetValue(withPrivate));
            return Report(c, Export.Mbox(session, path, asFolder, parse.GetValue(cover), state), path, leftOut);
        });
        return command;
    }

    private static Option<bool> IncludePrivate() =>
        new("--include-private") { Description = "Include the private patches (the development kit), which are left out by default." };

    /// <summary>The stack to export: without its private patches unless asked (an export is for sharing; the kit never leaves).</summary>
    private static (Carry.Model.StackState State, IReadOnlyList<Carry.Model.Patch> LeftOut) Chosen(StackSession session, bool includePrivate) =>
        includePrivate ? (session.State, []) : Export.WithoutPrivate(session.State);

    private static int Report(CliContext c, IReadOnlyList<ExportedPatch> patches, string target, IReadOnlyList<Carry.Model.Patch> leftOut)
    {
        if (leftOut.Count > 0)
            c.Err.WriteLine($"note: left out {leftOut.Count} private {(leftOut.Count == 1 ? "patch" : "patches")} (the development kit): {string.Join(", ", leftOut.Select(p => p.Name))}; '--include-private' includes them.");
        foreach (var p in patches.Where(p => p.Kind != ExportKind.Unchanged))
            c.Out.WriteLine($"  {p.Name}: {(p.Kind == ExportKind.New ? "new" : "regenerated")} ({p.File})");
        var unchanged = patches.Count(p => p.Kind == ExportKind.Unchanged);
        c.Out.WriteLine($"Exported {patches.Count} patch{(patches.Count == 1 ? "" : "es")} to {target} ({unchanged} unchanged)");
        return 0;
    }
}
