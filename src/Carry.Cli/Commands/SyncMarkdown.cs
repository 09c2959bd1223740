using System.Net;
using System.Text;
using Carry.Model;

namespace Carry.Cli.Commands;

/// <summary>
/// carry sync --format markdown: the report for people reading CI, written for
/// <c>$GITHUB_STEP_SUMMARY</c> and GitLab merge-request notes (a table per patch, landings with
/// their evidence, parked patches with their cause, test results). <see cref="OneLine"/> is the
/// same as one line of HTML, for a push option (which cannot hold a line end).
/// </summary>
internal static class SyncMarkdown
{
    public static string Write(SyncRunReport r)
    {
        var sb = new StringBuilder();
        var last = r.Last;
        sb.Append($"## Carry sync onto `{SyncCommand.Short(last.OntoRef)}` (`{r.Steps[0].Result.OldBase.Short}` → `{last.NewBase.Short}`)\n\n");
        sb.Append($"**{Verdict(r)}** (exit {r.Exit})\n\n");
        if (r.Steps.Any(s => s.Step is not null))
            sb.Append("Steps: ").Append(string.Join(" → ", r.Steps.Select(s => $"`{s.Step?.Name}`" + (s.Result.Stopped is not null ? " (stopped)" : "")))).Append("\n\n");
        var entries = r.Entries;
        if (entries.Count > 0)
        {
            sb.Append("| Patch | Outcome | Details |\n|---|---|---|\n");
            foreach (var e in entries) sb.Append($"| {Cell(e.Name)} | {Outcome(e)} | {Cell(Detail(e, r))} |\n");
            sb.Append('\n');
        }
        var parked = entries.Where(e => e.Outcome is SyncOutcome.Parked or SyncOutcome.Conflicted).ToList();
        if (parked.Count > 0)
        {
            sb.Append("### Parked\n\n");
            foreach (var e in parked)
                sb.Append($"- **{Cell(e.Name)}**: {Cell(Detail(e, r))}; take it up with `carry sync --continue {e.Name}`\n");
            sb.Append('\n');
        }
        if (r.Tests is { } tests)
        {
            sb.Append($"### Tests: `{tests.Command.Replace("`", "'")}`\n\n| Patch | Result |\n|---|---|\n");
            foreach (var t in tests.Results)
                sb.Append($"| {Cell(t.Patch)} | {(t.Passed ? "pass" : $"**fail** (exit {t.Exit})")}{(t.Cached ? " (cached)" : "")} |\n");
            sb.Append(tests.FirstFailure is { } f ? $"\nFirst failing patch: **{Cell(f.Patch)}**.\n\n" : "\nAll patches pass.\n\n");
        }
        return sb.ToString();
    }

    /// <summary>The report as one line of HTML (GitLab renders it in a merge request description).</summary>
    public static string OneLine(SyncRunReport r)
    {
        string H(string s) => WebUtility.HtmlEncode(s);
        var sb = new StringBuilder();
        sb.Append($"<p><b>Carry sync</b> onto <code>{H(SyncCommand.Short(r.Last.OntoRef))}</code>: {H(Verdict(r))}</p>");
        sb.Append("<table><tr><th>Patch</th><th>Outcome</th><th>Details</th></tr>");
        foreach (var e in r.Entries)
            sb.Append($"<tr><td>{H(e.Name)}</td><td>{H(Word(e))}</td><td>{H(Detail(e, r))}</td></tr>");
        sb.Append("</table>");
        if (r.Tests?.FirstFailure is { } f) sb.Append($"<p>Tests: first failing patch <b>{H(f.Patch)}</b></p>");
        return sb.ToString();
    }

    private static string Verdict(SyncRunReport r) => r.Exit switch
    {
        0 => "Synced cleanly",
        2 when r.Stopped => "Stopped at a conflict",
        2 => $"{r.Entries.Count(e => e.Outcome == SyncOutcome.Parked)} patch(es) parked",
        3 => "A test failed",
        4 => "Probable landings await a decision",
        _ => "Error",
    };

    private static string Word(SyncEntry e) => e.Outcome == SyncOutcome.Merged && e.Review ? "merged, review" : SyncEntry.OutcomeName(e.Outcome);

    private static string Outcome(SyncEntry e) =>
        e.Outcome is SyncOutcome.Parked or SyncOutcome.Conflicted || e.Review ? $"**{Word(e)}**" : Word(e);

    private static string Detail(SyncEntry e, SyncRunReport r)
    {
        var parts = new List<string>();
        if (e.Outcome is SyncOutcome.Landed or SyncOutcome.Probable && e.Evidence is { } ev)
            parts.Add($"{LandingEvidence.KindName(ev.How)} {ev.Similarity}%: " + string.Join(", ", ev.Upstream.Take(3).Select(u => u.Short)));
        if (e.Reason is { } reason) parts.Add(reason);
        if (e.Cause is { } cause)
            parts.Add($"{(e.Outcome == SyncOutcome.Merged ? "upstream rewrote its lines in" : "conflicts since")} {cause.Short} \"{r.Subject(cause)}\"");
        if (e.Outcome == SyncOutcome.Parked && r.After?.Find(e.Name)?.Parked is { } parked)
            parts.Add("in " + string.Join(", ", parked.Paths.Select(p => p.Path)));
        return string.Join("; ", parts);
    }

    private static string Cell(string s) => s.Replace("|", "\\|").Replace("\n", " ");
}
