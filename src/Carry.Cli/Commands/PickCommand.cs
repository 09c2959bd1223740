using System.CommandLine;
using Carry.Operations.Stack;

namespace Carry.Cli.Commands;

/// <summary>carry pick: copy a commit, or another stack's patch, on top.</summary>
internal static class PickCommand
{
    public static Command Build(CliContext c)
    {
        var what = new Argument<string>("source") { Description = "A commit (id, branch, tag, 'origin/fix~2'), or BRANCH:PATCH for a patch of another branch's stack." };
        var name = new Option<string?>("--name", "-n") { Description = "The new patch's name (default: from the commit's subject, or the patch's name)." };
        var json = Shared.JsonOption();
        var command = new Command("pick", "Copy a commit, or a patch of another stack, as a new patch on top.") { what, name, json };
        command.Description += """

            The change is merged onto the top patch in memory (as 'git cherry-pick' would): if it
            conflicts, nothing changes. The copy keeps the message and author; a patch from another
            stack also keeps its layer and guards.
            """;
        command.SetAction(parse =>
        {
            using var session = Shared.Open(c);
            var (result, picked) = Transplant.Pick(session, parse.GetValue(what)!, parse.GetValue(name), c.CommandLine);
            if (parse.GetValue(json))
                return ChangeJson.Write(c, result, "pick", w => { w.WriteString("source", parse.GetValue(what)); ChangeJson.Patches(w, "picked", [picked]); });
            c.Out.WriteLine($"Picked {parse.GetValue(what)} as '{picked.Name}'");
            return Shared.Report(c, result);
        });
        return command;
    }
}

/// <summary>carry fold: apply a diff file into the top patch.</summary>
internal static class FoldCommand
{
    public static Command Build(CliContext c)
    {
        var file = new Argument<string>("file") { Description = "The diff to apply (unified diff, git diff or a mail)." };
        var strip = new Option<int>("--strip", "-p") { Description = "Remove this many leading path components (default: 1, as git apply).", DefaultValueFactory = _ => 1 };
        var json = Shared.JsonOption();
        var command = new Command("fold", "Apply a diff file into the top patch.") { file, strip, json };
        command.Description += "\nAll or nothing: a diff that does not apply changes nothing. Local changes stay, unless the diff touches them.";
        command.SetAction(parse =>
        {
            var path = Path.GetFullPath(parse.GetValue(file)!, c.WorkingDirectory);
            if (!File.Exists(path)) throw new CarryException($"cannot read '{parse.GetValue(file)}': no such file", exitCode: 128);
            using var session = Shared.Open(c);
            var result = Transplant.Fold(session, File.ReadAllBytes(path), parse.GetValue(file)!, parse.GetValue(strip), c.CommandLine);
            if (parse.GetValue(json))
                return ChangeJson.Write(c, result, "fold", w => { w.WriteString("file", parse.GetValue(file)); ChangeJson.Patches(w, "folded", [result.State.Top!]); });
            c.Out.WriteLine($"Folded {parse.GetValue(file)} into '{session.State.Top!.Name}'");
            return Shared.Report(c, result);
        });
        return command;
    }
}

/// <summary>carry spill: empty the top patch into the working tree.</summary>
internal static class SpillCommand
{
    public static Command Build(CliContext c)
    {
        var command = new Command("spill", "Empty the top patch, leaving its changes in the working tree as local changes.");
        command.Description += "\nThe patch stays, with its message; 'carry refresh' records the changes again, 'carry undo' puts them back.";
        command.SetAction(_ =>
        {
            using var session = Shared.Open(c);
            var top = session.State.Top?.Name;
            var result = Transplant.Spill(session, c.CommandLine);
            c.Out.WriteLine($"Spilled '{top}' into the working tree");
            return Shared.Report(c, result);
        });
        return command;
    }
}

/// <summary>carry hide and unhide: put unapplied patches out of sight, and back.</summary>
internal static class HideCommand
{
    public static Command Build(CliContext c) => Build(c, "hide",
        "Hide unapplied patches: 'series' leaves them out, 'push' and 'goto' pass them by.", Hiding.Hide, "Hidden");

    public static Command BuildUnhide(CliContext c) => Build(c, "unhide",
        "Bring hidden patches back into the series (unapplied).", Hiding.Unhide, "Unhidden");

    private static Command Build(CliContext c, string name, string description,
        Func<StackSession, IReadOnlyList<string>, string, TransactionResult> run, string verb)
    {
        var names = Shared.PatchesArgument("The patches.");
        names.Arity = ArgumentArity.OneOrMore;
        var command = new Command(name, description) { names };
        command.Description += "\n'carry series --all' lists hidden patches too.";
        command.SetAction(parse =>
        {
            using var session = Shared.Open(c);
            var list = Shared.Patches(session, parse.GetValue(names));
            var result = run(session, list, c.CommandLine);
            foreach (var n in list) c.Out.WriteLine($"{verb} '{n}'");
            return Shared.Report(c, result);
        });
        return command;
    }
}
