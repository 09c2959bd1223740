using System.CommandLine;
using Carry.Operations.Layers;
using Carry.Operations.Stack;

namespace Carry.Cli.Commands;

/// <summary>carry select: choose the active guards, as Mercurial MQ's qselect; the applied series follows.</summary>
internal static class SelectCommand
{
    public static Command Build(CliContext c)
    {
        var guards = new Argument<string[]>("guards") { Description = "The guards to make active (names, without + or -).", Arity = ArgumentArity.ZeroOrMore };
        var none = new Option<bool>("--none") { Description = "Deactivate every guard." };
        var command = new Command("select", "Choose the active guards; patches they block are unapplied, patches they allow again are applied.") { guards, none };
        command.Description = """
            Choose the active guards, as Mercurial MQ's qselect. The applied series follows at once:
            applied patches the new selection blocks are unapplied, and patches that were guarded off
            and are now allowed are applied again (all or nothing). 'carry push' skips guarded-off
            patches. Without arguments, shows the active guards and the patches they block.
            """;
        command.SetAction(parse =>
        {
            var list = parse.GetValue(guards) ?? [];
            if (list.Length == 0 && !parse.GetValue(none))
            {
                using var reader = Shared.Open(c, Preconditions.Stack, write: false);
                var details = reader.State.Details;
                c.Out.WriteLine(details.SelectedGuards.IsEmpty ? "no guards selected" : "selected: " + string.Join(' ', details.SelectedGuards));
                foreach (var p in reader.State.All.Where(p => !details.Allows(p)))
                    c.Out.WriteLine($"  {p.Name}: guarded off by {details.BlockingGuard(p)}");
                return 0;
            }
            if (parse.GetValue(none) && list.Length > 0) throw new CarryException("give guards or --none, not both");
            using var session = Shared.Open(c);
            var result = Guards.Select(session, list, c.CommandLine);
            c.Out.WriteLine(list.Length == 0 ? "no guards selected" : "selected: " + string.Join(' ', result.State.Details.SelectedGuards));
            return Shared.Report(c, result);
        });
        return command;
    }
}
