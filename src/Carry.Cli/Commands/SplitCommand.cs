using System.CommandLine;
using Carry.Model;
using Carry.Operations.Queries;
using Carry.Operations.Stack;

namespace Carry.Cli.Commands;

/// <summary>carry split: one patch becomes several, by files or by hunks.</summary>
internal static class SplitCommand
{
    public static Command Build(CliContext c)
    {
        var name = new Argument<string?>("patch") { Description = "The patch to split (default: the top one).", Arity = ArgumentArity.ZeroOrOne };
        var paths = new Option<string[]>("--path") { Description = "Files or folders (relative to the current directory) whose changes go to the new part below; repeatable.", AllowMultipleArgumentsPerToken = true };
        var partName = new Option<string?>("--name", "-n") { Description = "The new part's name (default: PATCH-part)." };
        var message = new Option<string?>("--message", "-m") { Description = "The new part's message (default: the original message)." };
        var edit = new Option<bool>("--edit", "-e") { Description = "Split by a plan edited in your editor: 'part NAME [SUBJECT]' lines, each followed by its files." };
        var hunks = new Option<bool>("--patch", "-p") { Description = "Choose hunk by hunk, as 'git add -p' does, the changes that go to the new part below (answers from the terminal or standard input)." };
        var json = Shared.JsonOption();
        var command = new Command("split", "Split a patch into two or more patches, by files or by hunks.") { name, paths, partName, message, edit, hunks, json };
        OptionRules.Exclusive(command, paths, edit, hunks);
        command.Description += """

            With --path, the changes to those files go to a new patch just below, and the patch keeps
            the rest; with --patch, the hunks you answer 'y' to go there (y, n, q, a, d, s and ? as in
            'git add -p'); with --edit, a plan in your editor gives each file to a part. The parts keep the
            original's layer, guards and author; the part named like the original keeps its history.
            All or nothing; 'carry undo' puts the patch back together.
            """;
        command.SetAction(parse =>
        {
            using var session = Shared.Open(c);
            var patch = PatchView.Target(session, parse.GetValue(name));
            var typed = parse.GetValue(paths) ?? [];
            if (parse.GetValue(hunks))
            {
                var taken = new HashSet<string>(session.State.All.Select(p => p.Name));
                var part = parse.GetValue(partName) ?? PatchName.Unique(patch.Name + "-part", taken);
                var chosen = HunkPrompt.Choose(c, SplitHunks.Read(session, patch), part, patch.Name);
                var split = SplitHunks.Run(session, patch.Name, chosen, part, parse.GetValue(message), c.CommandLine);
                if (parse.GetValue(json)) return WriteJson(c, split, patch.Name, [part, patch.Name]);
                c.Out.WriteLine($"Split '{patch.Name}' into '{part}', '{patch.Name}'");
                return Shared.Report(c, split);
            }
            List<SplitPart> parts;
            if (parse.GetValue(edit))
            {
                if (typed.Length > 0) throw new CarryException("give either --path or --edit, not both");
                var subject = session.Repo.Objects.ReadCommit(patch.Commit).Subject;
                var plan = Editor.EditPlan(session.Repo, Split.Plan(patch, subject, Split.Files(session, patch)), $"CARRY_SPLIT_{patch.Name}", sequence: false);
                parts = Split.ParsePlan(plan);
                if (parts.Count < 2) throw new CarryException("the plan has fewer than two parts: nothing was split");
            }
            else if (typed.Length > 0)
            {
                var taken = new HashSet<string>(session.State.All.Select(p => p.Name));
                var first = parse.GetValue(partName) ?? PatchName.Unique(patch.Name + "-part", taken);
                parts = [new SplitPart(first, parse.GetValue(message), Shared.RepoPaths(c, session.Repo, typed)), new SplitPart(patch.Name, null, [])];
            }
            else
            {
                throw new CarryException("say how to split: --path FILE... (those files' changes go to a new patch below), --patch (choose hunks) or --edit (a plan in your editor)");
            }
            var result = Split.Run(session, patch.Name, parts, c.CommandLine);
            if (parse.GetValue(json)) return WriteJson(c, result, patch.Name, [.. parts.Select(p => p.Name)]);
            c.Out.WriteLine($"Split '{patch.Name}' into {string.Join(", ", parts.Select(p => $"'{p.Name}'"))}");
            return Shared.Report(c, result);
        });
        return command;
    }

    private static int WriteJson(CliContext c, TransactionResult result, string split, IReadOnlyList<string> parts) =>
        ChangeJson.Write(c, result, "split", w =>
        {
            w.WriteString("split", split);
            ChangeJson.Patches(w, "parts", parts.Select(part => result.State.Find(part)!));
        });
}
