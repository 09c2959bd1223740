using System.CommandLine;
using Carry.Git;
using Carry.Operations.Queries;
using Carry.Operations.Stack;

namespace Carry.Cli.Commands;

/// <summary>carry edit: change a patch's message or author.</summary>
internal static class EditCommand
{
    public static Command Build(CliContext c)
    {
        var name = new Argument<string?>("patch") { Description = "The patch (default: the top one).", Arity = ArgumentArity.ZeroOrOne };
        var message = new Option<string?>("--message", "-m") { Description = "The new message. Without -m or --author, the message opens in your editor." };
        var author = new Option<string?>("--author") { Description = "The new author, as \"Name <email>\"." };
        var layer = new Option<string?>("--layer", "-l") { Description = "Move the patch to this layer (the series is re-sorted so lower layers stay below)." };
        var command = new Command("edit", "Change a patch's message, author or layer.") { name, message, author, layer };
        command.SetAction(parse =>
        {
            using var session = Shared.Open(c);
            var patch = PatchView.Target(session, parse.GetValue(name));
            var text = parse.GetValue(message);
            var who = parse.GetValue(author) is { } a ? ParseAuthor(a) : null;
            var newLayer = parse.GetValue(layer);
            if (text is null && who is null && newLayer is null)
            {
                var old = session.Repo.Objects.ReadCommit(patch.Commit).Message;
                text = Editor.Edit(session.Repo, old, $"CARRY_EDIT_{patch.Name}");
                if (string.IsNullOrWhiteSpace(text)) throw new CarryException("aborting edit: the message is empty");
            }
            return Shared.Report(c, Authoring.Edit(session, patch.Name, text, who, c.CommandLine, newLayer));
        });
        return command;
    }

    private static Signature ParseAuthor(string text)
    {
        var lt = text.IndexOf('<');
        var gt = text.LastIndexOf('>');
        var who = lt > 0 && gt > lt && text[(gt + 1)..].Trim().Length == 0 ? Signature.Now(text[..lt].Trim(), text[(lt + 1)..gt]) : null;
        // As git fsck judges an identity line: a name with an email, neither holding '<', '>' or a
        // newline of its own; anything else would write a commit git and carry cannot read back.
        if (who is not { IsWellFormed: true })
            throw new CarryException($"--author '{text.ReplaceLineEndings("\\n")}' is not in the form \"Name <email>\"",
                "give one name and one email, e.g. --author \"Jane Doe <jane@example.com>\" (no '<', '>' or newline inside either).");
        return who;
    }
}
