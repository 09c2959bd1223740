using System.CommandLine;
using Carry.Operations.Layers;
using Carry.Operations.Stack;

namespace Carry.Cli.Commands;

/// <summary>carry guard: set or show a patch's guards (+name, -name), as Mercurial MQ's qguard.</summary>
internal static class GuardCommand
{
    public static Command Build(CliContext c)
    {
        var name = Shared.PatchArgument("The patch.");
        var guardWords = new Argument<string[]>("guards") { Description = "The guards: +name, -name (replacing the old ones).", Arity = ArgumentArity.ZeroOrMore };
        var none = new Option<bool>("--none") { Description = "Remove all its guards." };
        var command = new Command("guard", "Set a patch's guards: +name applies it only when name is selected, -name never when it is.") { name, guardWords, none };
        command.Description = """
            Set a patch's guards, as Mercurial MQ's qguard: '+name' applies the patch only when 'name'
            is selected ('carry select'), '-name' never when it is; a patch without guards always
            applies. The guards given replace the old ones; without any, the patch's guards are shown.
            The applied series follows: an applied patch its new guards block is unapplied, a patch
            they now allow is applied again. Example: carry guard fix-x86 +x86 -stable
            """;
        command.SetAction(parse =>
        {
            var guards = (parse.GetValue(guardWords) ?? []).ToList();
            var patch = parse.GetValue(name)!;
            if (!parse.GetValue(none) && guards.Count == 0)
            {
                using var reader = Shared.Open(c, Preconditions.Stack, write: false);
                var p = reader.Require(patch);
                c.Out.WriteLine(p.Guards.IsEmpty ? $"{patch}: unguarded" : $"{patch}: {string.Join(' ', p.Guards)}");
                return 0;
            }
            if (parse.GetValue(none) && guards.Count > 0) throw new CarryException("give guards or --none, not both");
            using var session = Shared.Open(c);
            return Shared.Report(c, Guards.Set(session, patch, guards, c.CommandLine));
        });
        return command;
    }
}
