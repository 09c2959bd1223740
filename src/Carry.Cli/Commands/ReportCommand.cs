using System.CommandLine;
using Carry.Operations.Series;
using Carry.Operations.Stack;

namespace Carry.Cli.Commands;

/// <summary>carry report: the series as one self-contained HTML page.</summary>
internal static class ReportCommand
{
    public static Command Build(CliContext c)
    {
        var html = new Option<string>("--html") { Description = "The HTML file to write.", Required = true };
        var command = new Command("report", "Write a self-contained HTML page of the series: each patch's layer, status, age, syncs survived, conflicts, landing evidence, and a timeline.")
        {
            html,
        };
        command.Description += "\nOne file, no network and no script: open it in any browser, attach it to a mail.";
        command.SetAction(parse =>
        {
            using var session = Shared.Open(c, Preconditions.Stack, write: false);
            var report = SeriesReport.Build(session.Store, session.Repo.Objects, session.Record!, DateTimeOffset.Now);
            var path = OutputPath.File(c, parse.GetValue(html), "report.html");
            File.WriteAllText(path, HtmlReport.Write(report), new System.Text.UTF8Encoding(false));
            c.Out.WriteLine($"Wrote {path} ({report.Patches.Count} patches, {report.Timeline.Count} timeline points)");
            return 0;
        });
        return command;
    }
}
