using System.CommandLine;
using Carry.Operations.Stack;

namespace Carry.Cli.Commands;

/// <summary>carry refresh: record local changes into a patch.</summary>
internal static class RefreshCommand
{
    public static Command Build(CliContext c)
    {
        var patch = new Option<string?>("--patch", "-p") { Description = "Refresh this applied patch instead of the top one; the patches above it are rebuilt on it." };
        var index = new Option<bool>("--index") { Description = "Record only what is staged in the index." };
        var paths = new Argument<string[]>("paths") { Description = "Record only these files (new files included).", Arity = ArgumentArity.ZeroOrMore };
        var edit = new Option<bool>("--edit", "-e") { Description = "Also edit the patch's message in your editor." };
        var command = new Command("refresh", "Record the working tree's changes into the top patch, or any applied patch.") { patch, index, paths, edit };
        command.Description = """
            Record local changes into a patch: by default every change to tracked files (like
            'git commit -a'), with --index only what is staged, with paths only those files.
            New files must be named or staged with 'git add' first.
            """;
        command.SetAction(parse =>
        {
            using var session = Shared.Open(c);
            var target = parse.GetValue(patch) is { } named ? session.State.Find(named) : session.State.Top;
            string? message = null;
            if (parse.GetValue(edit) && target is not null)
            {
                message = Editor.Edit(session.Repo, session.Repo.Objects.ReadCommit(target.Commit).Message, $"CARRY_EDIT_{target.Name}");
                if (string.IsNullOrWhiteSpace(message)) throw new CarryException("aborting refresh: the message is empty");
            }
            var result = Authoring.Refresh(session, parse.GetValue(patch), parse.GetValue(index), Shared.RepoPaths(c, session.Repo, parse.GetValue(paths) ?? []), c.CommandLine, message);
            // Say what went in, as 'git commit' does: the files and lines the patch gained or lost.
            if (target is not null && result.State.Find(target.Name) is { } now)
            {
                var stat = Carry.Git.Diffs.Stat(session.Repo, target.Commit, now.Commit, files: 10).TrimEnd('\n').Split('\n');
                c.Out.WriteLine($"Refreshed '{target.Name}':{stat[^1]}");
                foreach (var line in stat.SkipLast(1)) c.Out.WriteLine(line);
            }
            return Shared.Report(c, result);
        });
        return command;
    }
}
