using System.CommandLine;
using Carry.Formats;
using Carry.Operations.PatchFiles;
using Carry.Patches;

namespace Carry.Cli.Commands;

/// <summary>carry import: quilt series, patch files and mails become patches on top of the stack.</summary>
internal static class ImportCommand
{
    public static Command Build(CliContext c)
    {
        var command = new Command("import", "Import patches from a quilt series, patch files, mails, a branch, or another patch-stack tool (StGit, guilt), on top of the applied ones.")
        {
            Quilt(c), PatchFiles(c), Mbox(c), Branch(c),
        };
        foreach (var foreign in ImportForeignCommands.Build(c)) command.Subcommands.Add(foreign);
        return command;
    }

    private static Option<int> FuzzOption() => new("--fuzz", "-F")
    {
        Description = "Most context lines a hunk may ignore at each edge when it does not match exactly (default 0, as dpkg-source; quilt's is 2).",
        DefaultValueFactory = _ => 0,
    };

    private static Option<string> BinaryOption() => new("--binary-without-data")
    {
        Description = "What to do with 'Binary files … differ' (no data): 'fail' (default) or 'skip' (leave the file as it is, and report it).",
        DefaultValueFactory = _ => "fail",
    };

    private static Option<bool> ThreeWayOption() => new("--3way", "-3")
    {
        Description = "When a file's hunks do not fit, apply them to the blob its index line names and merge the result in (as git apply --3way); config carry.import.threeWay.",
    };

    private static Option<bool> IgnoreWhitespaceOption() => new("--ignore-whitespace", "-l")
    {
        Description = "Let context lines match when they differ only in blanks (as git apply --ignore-whitespace, patch -l); the file keeps its own.",
    };

    private static Option<string> WhitespaceOption() => new("--whitespace")
    {
        Description = "Whitespace errors in added lines (as git apply): 'warn'/'nowarn' keep them (default), 'error' refuses the patch, 'fix' fixes them.",
        DefaultValueFactory = _ => "nowarn",
    };

    private static WhitespaceAction Whitespace(string value) => value switch
    {
        "nowarn" or "warn" => WhitespaceAction.Keep,
        "error" or "error-all" => WhitespaceAction.Error,
        "fix" or "strip" => WhitespaceAction.Fix,
        _ => throw new CarryException($"--whitespace must be 'nowarn', 'warn', 'error' or 'fix', not '{value}'"),
    };

    private static Command Quilt(CliContext c)
    {
        var dir = new Argument<string>("dir") { Description = "The folder holding the series file (e.g. debian/patches)." };
        var fuzz = FuzzOption();
        var binary = BinaryOption();
        var threeWay = ThreeWayOption();
        var json = Shared.JsonOption();
        var command = new Command("quilt", "Import a quilt series: every patch in the series file, in order.") { dir, fuzz, binary, threeWay, json };
        command.Description = """
            Import a quilt series: every patch the series file lists, in order, with its -pN and -R
            options. Each keeps its file name, header and place; the series file's comments are kept
            too, so 'carry export quilt' gives back the same files for unchanged patches.
            """;
        command.SetAction(parse =>
        {
            var folder = PatchFileSources.Quilt(Path.GetFullPath(parse.GetValue(dir)!, c.WorkingDirectory));
            var exit = Run(c, folder.Items, Options(parse.GetValue(fuzz), parse.GetValue(binary)!, parse.GetValue(threeWay)), folder.Series.Raw, folder.Others, parse.GetValue(json));
            if (parse.GetValue(json)) return exit;
            // Say what else of the folder went into the stack (and so into 'share push'), and what did not.
            if (exit == 0 && folder.Others.Count > 0)
                c.Out.WriteLine($"Kept with the series: {string.Join(", ", folder.Others.Select(o => Carry.Paths.Printable.Of(o.Path)))}");
            if (exit == 0 && folder.LeftOut.Count > 0)
                c.Out.WriteLine(c.Paint.Yellow($"Left out of the stack: {string.Join(", ", folder.LeftOut)}"));
            return exit;
        });
        return command;
    }

    private static Command PatchFiles(CliContext c)
    {
        var files = new Argument<string[]>("files") { Description = "Patch or diff files, applied in the order given.", Arity = ArgumentArity.OneOrMore };
        var strip = new Option<int>("-p") { Description = "Leading path components to strip from file names (default 1).", DefaultValueFactory = _ => 1 };
        var fuzz = FuzzOption();
        var binary = BinaryOption();
        var threeWay = ThreeWayOption();
        var reverse = new Option<bool>("--reverse", "-R") { Description = "Apply the patches backwards, undoing them (as patch -R, git apply -R); export writes them forwards." };
        var blanks = IgnoreWhitespaceOption();
        var whitespace = WhitespaceOption();
        var json = Shared.JsonOption();
        var command = new Command("patch", "Import patch or diff files, one patch each (a file of several mails: one per mail, as git am splits it).") { files, strip, fuzz, binary, threeWay, reverse, blanks, whitespace, json };
        command.SetAction(parse =>
        {
            var items = PatchFileSources.PatchFiles(parse.GetValue(files)!.Select(f => Path.GetFullPath(f, c.WorkingDirectory)), parse.GetValue(strip), parse.GetValue(reverse));
            return Run(c, items, Options(parse.GetValue(fuzz), parse.GetValue(binary)!, parse.GetValue(threeWay))
                with { IgnoreWhitespace = parse.GetValue(blanks), Whitespace = Whitespace(parse.GetValue(whitespace)!) }, null, json: parse.GetValue(json));
        });
        return command;
    }

    private static Command Mbox(CliContext c)
    {
        var files = new Argument<string[]>("files") { Description = "mbox files, or git format-patch files, or folders of them.", Arity = ArgumentArity.OneOrMore };
        var fuzz = FuzzOption();
        var binary = BinaryOption();
        var threeWay = ThreeWayOption();
        var blanks = IgnoreWhitespaceOption();
        var whitespace = WhitespaceOption();
        var json = Shared.JsonOption();
        var command = new Command("mbox", "Import mails (an mbox, or git format-patch files): author, date, subject and body kept.") { files, fuzz, binary, threeWay, blanks, whitespace, json };
        command.SetAction(parse =>
        {
            var items = PatchFileSources.Mails(parse.GetValue(files)!.Select(f => Path.GetFullPath(f, c.WorkingDirectory)));
            return Run(c, items, Options(parse.GetValue(fuzz), parse.GetValue(binary)!, parse.GetValue(threeWay))
                with { IgnoreWhitespace = parse.GetValue(blanks), Whitespace = Whitespace(parse.GetValue(whitespace)!) }, null, json: parse.GetValue(json));
        });
        return command;
    }

    private static Command Branch(CliContext c)
    {
        var range = new Argument<string>("range") { Description = "FROM..TO: the commits on TO that FROM does not have, oldest first." };
        var json = Shared.JsonOption();
        var command = new Command("branch", "Import the commits of a branch range as patches (author, date and message kept).") { range, json };
        command.SetAction(parse =>
        {
            using var session = Shared.Open(c);
            var result = ImportBranch.Run(session, parse.GetValue(range)!, c.CommandLine);
            if (parse.GetValue(json)) return WriteJson(c, result);
            c.Out.WriteLine($"Imported {result.Patches.Count} patch{(result.Patches.Count == 1 ? "" : "es")}");
            return Shared.Report(c, result.Transaction);
        });
        return command;
    }

    private static ImportOptions Options(int fuzz, string binary, bool threeWay)
    {
        if (fuzz < 0) throw new CarryException("--fuzz must be 0 or more");
        var policy = binary switch
        {
            "fail" => BinaryWithoutDataPolicy.Fail,
            "skip" => BinaryWithoutDataPolicy.Skip,
            _ => throw new CarryException($"--binary-without-data must be 'fail' or 'skip', not '{binary}'"),
        };
        return new ImportOptions(fuzz, policy, threeWay);
    }

    private static int Run(CliContext c, List<ImportItem> items, ImportOptions options, byte[]? series,
        IReadOnlyList<(string Path, byte[] Bytes)>? others = null, bool json = false)
    {
        using var session = Shared.Open(c);
        if (!options.ThreeWay && session.Repo.ConfigBool("carry.import.threeWay") is { } configured)
            options = options with { ThreeWay = configured };
        using var progress = Progress.For(c, "Importing");
        ImportResult result;
        try
        {
            result = Import.Run(session, items, options, series, c.CommandLine, others, progress);
        }
        finally
        {
            progress?.Done(); // the error, if any, starts on a clean line
        }
        if (json) return WriteJson(c, result);
        foreach (var p in result.Patches)
        {
            foreach (var note in p.Notes ?? []) c.Out.WriteLine($"  {p.Name}: {note}");
            if (p.Fit is not { } fit) continue;
            if (fit.Fit != PatchFit.Clean) c.Out.WriteLine($"  {p.Name}: {fit.Describe()}");
            foreach (var f in fit.Files.Where(f => f.Status == ApplyStatus.Skipped))
                c.Out.WriteLine(c.Paint.Yellow($"  {p.Name}: skipped {f.Path}: {f.Note}"));
            foreach (var f in fit.Files.Where(f => f.Status != ApplyStatus.Skipped && f.Note is not null))
            {
                if (f.ThreeWay) c.Out.WriteLine($"  {p.Name}: {f.Path}: {f.Note}");
                else c.Err.WriteLine($"warning: {p.Name}: {f.Path}: {f.Note}");
            }
        }
        c.Out.WriteLine($"Imported {result.Patches.Count} patch{(result.Patches.Count == 1 ? "" : "es")}");
        return Shared.Report(c, result.Transaction);
    }

    /// <summary>
    /// The common shape of --json (<see cref="ChangeJson"/>), led by <c>"imported": [{"name", "id",
    /// "commit", "file", "fit"?, "notes"?, "skipped"?: [{"path", "note"}]}]</c>, bottom first. The imports
    /// from other tools (ImportForeignCommands) can print the same with it.
    /// </summary>
    internal static int WriteJson(CliContext c, ImportResult result)
    {
        var state = result.Transaction.State;
        return ChangeJson.Write(c, result.Transaction, "import", w =>
        {
            w.WriteStartArray("imported");
            foreach (var p in result.Patches)
            {
                var patch = state.Find(p.Name)!;
                w.WriteStartObject();
                w.WriteString("name", p.Name);
                w.WriteString("id", patch.Id);
                w.WriteString("commit", patch.Commit.Hex);
                w.WriteString("file", p.File);
                if (p.Fit is { } fit)
                {
                    w.WriteString("fit", fit.Describe());
                    var skipped = fit.Files.Where(f => f.Status == ApplyStatus.Skipped).ToList();
                    if (skipped.Count > 0)
                    {
                        w.WriteStartArray("skipped");
                        foreach (var f in skipped)
                        {
                            w.WriteStartObject();
                            w.WriteString("path", f.Path);
                            w.WriteString("note", f.Note);
                            w.WriteEndObject();
                        }
                        w.WriteEndArray();
                    }
                }
                if (p.Notes is { Count: > 0 } notes) ChangeJson.Strings(w, "notes", notes);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });
    }
}
