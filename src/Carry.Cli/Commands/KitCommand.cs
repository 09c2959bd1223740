using System.CommandLine;
using Carry.Operations.Layers;
using Carry.Operations.PatchFiles;
using Carry.Operations.Stack;

namespace Carry.Cli.Commands;

/// <summary>carry kit: carry the development kit (the private layer) from project to project.</summary>
internal static class KitCommand
{
    public static Command Build(CliContext c) =>
        new("kit", "Export the private layer (the development kit) and apply it to another project.") { Export(c), Apply(c), Update(c) };

    private static Command Export(CliContext c)
    {
        var target = new Argument<string>("target") { Description = "A folder (existing, or a name ending in '/') for a quilt series, or a file for an mbox." };
        var force = new Option<bool>("--force", "-f") { Description = "Write into a folder that already has files." };
        var command = new Command("export", "Write the private layer as a quilt series folder or an mbox file.") { target, force };
        command.Description += "\nA folder gets every private patch, applied or not; an mbox gets the applied ones.";
        command.SetAction(parse =>
        {
            using var session = Shared.Open(c, Preconditions.Stack, write: false);
            var raw = parse.GetValue(target)!;
            var path = Path.GetFullPath(raw, c.WorkingDirectory);
            var asFolder = raw.EndsWith('/') || Directory.Exists(path);
            var exported = asFolder ? Kit.ExportQuilt(session, path, parse.GetValue(force)) : Kit.ExportMbox(session, path);
            foreach (var p in exported) c.Out.WriteLine($"  {p.Name}");
            c.Out.WriteLine($"Exported the kit ({exported.Count} private patch{(exported.Count == 1 ? "" : "es")}) to {path}");
            return 0;
        });
        return command;
    }

    private static Command Apply(CliContext c)
    {
        var source = new Argument<string>("source") { Description = "A quilt series folder (with a series file), an mbox file, or a folder of git format-patch files." };
        var layer = new Option<string?>("--layer") { Description = "The private layer to put the kit in (default: the lowest private layer)." };
        var strict = new Option<bool>("--all-or-nothing") { Description = "Refuse the whole kit if one patch does not apply (default: skip it and report it)." };
        var fuzz = new Option<int>("--fuzz", "-F") { Description = "Most context lines a hunk may ignore at each edge (default 0).", DefaultValueFactory = _ => 0 };
        var command = new Command("apply", "Apply a kit as private patches, under the other patches of the stack.") { source, layer, strict, fuzz };
        command.Description = """
            Apply a kit as private patches: each patch on the base with the stack's private patches and
            the kit's earlier patches, in order; then the stack's other patches are replayed on top
            (all or nothing). A kit patch that does not apply to this project is skipped and reported
            with the file and hunk, the others are kept (--all-or-nothing refuses the whole kit instead).
            """;
        command.SetAction(parse =>
        {
            var path = Path.GetFullPath(parse.GetValue(source)!, c.WorkingDirectory);
            var items = PatchFileSources.Kit(path);
            using var session = Shared.Open(c);
            var result = Kit.Apply(session, items, new ImportOptions(parse.GetValue(fuzz)), parse.GetValue(layer), parse.GetValue(strict), c.CommandLine);
            foreach (var p in result.Applied) c.Out.WriteLine($"  applied {p.Name} ({p.File})");
            foreach (var s in result.Skipped)
            {
                var lines = s.Reason.Split('\n');
                c.Out.WriteLine(c.Paint.Yellow($"  skipped {s.File}: {lines[0]}"));
                foreach (var line in lines.Skip(1)) c.Out.WriteLine(c.Paint.Yellow($"    {line.Trim()}"));
            }
            c.Out.WriteLine($"Kit: {result.Applied.Count} applied, {result.Skipped.Count} skipped");
            if (result.Transaction is null) return 1;
            Shared.Report(c, result.Transaction);
            GuardPushCommand.EnsureInstalled(c, session.Repo);
            return result.Skipped.Count > 0 ? 2 : 0;
        });
        return command;
    }

    private static Command Update(CliContext c)
    {
        var command = new Command("update", "Bring the newest private layer of the stacks that share it into this stack (what sync does too).");
        command.Description += "\nStacks share a kit when their private patches have the same ids ('carry work' makes such stacks). The newest is the one whose content changed last.";
        command.SetAction(_ =>
        {
            using var session = Shared.Open(c);
            var result = Kit.Update(session, c.CommandLine);
            if (result is null)
            {
                c.Out.WriteLine("the kit is up to date");
                return 0;
            }
            c.Out.WriteLine("Updated the kit from the newest stack sharing it");
            return Shared.Report(c, result);
        });
        return command;
    }
}
