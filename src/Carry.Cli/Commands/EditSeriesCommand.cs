using System.CommandLine;
using Carry.Operations.Stack;

namespace Carry.Cli.Commands;

/// <summary>carry edit-series (alias: carry rebase -i): the series as a plan in the editor.</summary>
internal static class EditSeriesCommand
{
    public static Command Build(CliContext c)
    {
        var interactive = new Option<bool>("--interactive", "-i") { Description = "Accepted for 'carry rebase -i'; the plan always opens in the editor." };
        var json = Shared.JsonOption();
        var command = new Command("edit-series", "Edit the whole series as a plan in your editor: reorder, drop, squash, rename, change layers.") { interactive, json };
        command.Aliases.Add("rebase");
        command.Description += """

            One line a patch, bottom first, as 'git rebase -i' lists commits: keep, drop (unapply;
            deleting the line does the same), squash (into the line above), rename, layer. The plan
            opens in GIT_SEQUENCE_EDITOR, sequence.editor or your editor, and is carried out in memory
            as one command: all or nothing, and 'carry undo' reverts it. An empty plan changes nothing.
            """;
        command.SetAction(parse =>
        {
            using var session = Shared.Open(c);
            var objects = session.Repo.Objects;
            var plan = SeriesPlan.Format(session.State, p => objects.ReadCommit(p.Commit).Subject);
            var edited = Editor.EditPlan(session.Repo, plan, "CARRY_SERIES_PLAN", sequence: true);
            var result = SeriesPlan.Apply(session, SeriesPlan.Parse(edited), c.CommandLine);
            return parse.GetValue(json) ? ChangeJson.Write(c, result, "edit-series") : Shared.Report(c, result);
        });
        return command;
    }
}
