using System.Globalization;
using System.Net;
using System.Text;
using Carry.Model;

namespace Carry.Operations.Series;

/// <summary>
/// Writes a <see cref="SeriesReport"/> as one self-contained HTML page: inline CSS and an inline
/// SVG timeline, no script, no external asset, and a Content-Security-Policy that forbids both,
/// so the page works offline and shows untrusted text (commit messages) only as text. Every
/// string from the repository goes through <see cref="Escape"/>.
/// </summary>
public static class HtmlReport
{
    /// <summary>Text made safe for HTML content and attribute values.</summary>
    public static string Escape(string text) => WebUtility.HtmlEncode(text);

    /// <summary>The page.</summary>
    public static string Write(SeriesReport report)
    {
        var s = report.State;
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        h.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
        h.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.Append($"<title>Series of {Escape(s.Branch)}</title>\n<style>{Css}</style>\n</head>\n<body>\n");
        h.Append($"<h1>Series of <code>{Escape(s.Branch)}</code></h1>\n");
        h.Append($"<p class=\"summary\">Base <code>{Escape(s.BaseName)}</code> ({s.Base.Short}) · {s.Applied.Count} applied · ")
         .Append($"{s.Unapplied.Count} unapplied · {s.Details.Retired.Count} retired · {report.States} states in the history · ")
         .Append($"generated {Escape(Date(report.Generated))}</p>\n");
        h.Append("<h2>Timeline</h2>\n");
        if (report.Timeline.Count == 0) h.Append("<p>No history.</p>\n");
        else
        {
            h.Append(s.Details.Versions.IsEmpty ? "<p class=\"note\">No named versions yet ('carry version NAME'): one point per change of the series.</p>\n" : "");
            Timeline(h, report.Timeline);
        }
        h.Append("<h2>Patches</h2>\n");
        Table(h, report, report.Patches.Where(p => p.Place != PatchPlace.Retired).ToList(), retired: false);
        var retired = report.Patches.Where(p => p.Place == PatchPlace.Retired).ToList();
        if (retired.Count > 0)
        {
            h.Append("<h2>Retired (landed upstream)</h2>\n");
            Table(h, report, retired, retired: true);
        }
        h.Append("</body>\n</html>\n");
        return h.ToString();
    }

    private static void Table(StringBuilder h, SeriesReport report, List<PatchLine> lines, bool retired)
    {
        if (lines.Count == 0)
        {
            h.Append("<p>None.</p>\n");
            return;
        }
        h.Append("<table>\n<thead><tr><th>#</th><th>Patch</th><th>Subject</th><th>Layer</th><th>Status</th>")
         .Append(retired ? "" : "<th>State</th>").Append("<th>Age</th><th>Syncs survived</th><th>Conflicts</th><th>Landing evidence</th></tr></thead>\n<tbody>\n");
        var n = 0;
        foreach (var line in lines)
        {
            var p = line.Patch;
            var status = UpstreamStatus.KindName(p.Status.Kind);
            h.Append($"<tr class=\"{line.Place.ToString().ToLowerInvariant()}\"><td>{++n}</td><td><code>{Escape(p.Name)}</code></td><td>{Escape(line.Subject)}</td>")
             .Append($"<td>{Escape(p.Layer)}</td><td><span class=\"status {status}\">{status}</span>")
             .Append(p.Status.Url is { } url ? $" <span class=\"url\">{Escape(url)}</span>" : "")
             .Append(p.Status.Reason is { } reason ? $" <span class=\"reason\">{Escape(reason)}</span>" : "").Append("</td>")
             .Append(retired ? "" : $"<td>{line.Place.ToString().ToLowerInvariant()}</td>")
             .Append($"<td title=\"{Escape(line.Since is { } since ? Date(since) : "")}\">{Escape(Age(line.Since, report.Generated))}</td>")
             .Append($"<td class=\"num\">{line.SyncsSurvived}</td><td class=\"num\">{line.Conflicts}</td>")
             .Append($"<td>{Escape(Evidence(p.Status.Evidence ?? p.Probable, probable: p.Status.Evidence is null && p.Probable is not null))}</td></tr>\n");
        }
        h.Append("</tbody>\n</table>\n");
    }

    /// <summary>Per point: a bar for the patches in the series, and marks for added, landed and dropped patches.</summary>
    private static void Timeline(StringBuilder h, IReadOnlyList<TimelinePoint> points)
    {
        const int step = 110, left = 50, top = 30, height = 160;
        var width = left * 2 + step * points.Count;
        var max = Math.Max(1, points.Max(p => p.Patches));
        h.Append($"<svg class=\"timeline\" role=\"img\" width=\"{width}\" height=\"{top + height + 70}\" viewBox=\"0 0 {width} {top + height + 70}\">\n");
        h.Append("<title>Patches per version: added (green), landed (blue), dropped (red)</title>\n");
        h.Append($"<line x1=\"{left - 10}\" y1=\"{top + height}\" x2=\"{width - left + 10}\" y2=\"{top + height}\" class=\"axis\"/>\n");
        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            var x = left + i * step;
            var bar = (int)Math.Round((double)p.Patches / max * (height - 20));
            h.Append($"<g><title>{Escape(Tooltip(p))}</title>\n");
            h.Append($"<rect x=\"{x}\" y=\"{top + height - bar}\" width=\"40\" height=\"{bar}\" class=\"bar\"/>\n");
            h.Append($"<text x=\"{x + 20}\" y=\"{top + height - bar - 6}\" class=\"count\">{p.Patches}</text>\n");
            var y = top + 8;
            foreach (var (count, cls, sign) in new[] { (p.Added.Count, "added", "+"), (p.Landed.Count, "landed", "✓"), (p.Dropped.Count, "dropped", "−") })
            {
                if (count == 0) continue;
                h.Append($"<text x=\"{x + 46}\" y=\"{y}\" class=\"{cls}\">{sign}{count}</text>\n");
                y += 16;
            }
            var label = p.Label.Length > 16 ? p.Label[..15] + "…" : p.Label;
            h.Append($"<text x=\"{x + 20}\" y=\"{top + height + 18}\" class=\"label\">{Escape(label)}</text>\n");
            h.Append($"<text x=\"{x + 20}\" y=\"{top + height + 34}\" class=\"date\">{Escape(p.When.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))}</text>\n</g>\n");
        }
        h.Append("</svg>\n<p class=\"legend\"><span class=\"added\">+ added</span> <span class=\"landed\">✓ landed</span> <span class=\"dropped\">− dropped</span> (hover a column for names)</p>\n");
    }

    private static string Tooltip(TimelinePoint p)
    {
        var sb = new StringBuilder($"{p.Label}: {p.Patches} patches");
        if (p.Added.Count > 0) sb.Append("\nadded: ").Append(string.Join(", ", p.Added));
        if (p.Landed.Count > 0) sb.Append("\nlanded: ").Append(string.Join(", ", p.Landed));
        if (p.Dropped.Count > 0) sb.Append("\ndropped: ").Append(string.Join(", ", p.Dropped));
        return sb.ToString();
    }

    private static string Evidence(LandingEvidence? e, bool probable)
    {
        if (e is null) return "";
        var text = LandingEvidence.KindName(e.How) + (e.How == LandingKind.Similar ? $" {e.Similarity}%" : "");
        if (!e.Upstream.IsEmpty) text += " " + string.Join(", ", e.Upstream.Select(u => u.Short));
        return probable ? "probable: " + text : text;
    }

    private static string Age(DateTimeOffset? since, DateTimeOffset now)
    {
        if (since is not { } s) return "";
        var days = (now - s).TotalDays;
        return days < 1 ? "today" : days < 60 ? $"{(int)days} days" : days < 730 ? $"{(int)(days / 30.4)} months" : $"{days / 365.25:0.#} years";
    }

    private static string Date(DateTimeOffset when) => when.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);

    private const string Css = """
        body { font: 14px/1.45 system-ui, sans-serif; margin: 2em; color: #1f2328; }
        h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 1.6em; }
        code { font-family: ui-monospace, monospace; }
        .summary, .note, .legend { color: #59636e; }
        table { border-collapse: collapse; width: 100%; }
        th, td { border-bottom: 1px solid #d1d9e0; padding: 4px 8px; text-align: left; vertical-align: top; }
        th { background: #f6f8fa; }
        td.num { text-align: right; }
        tr.unapplied td { color: #59636e; }
        .status { padding: 0 6px; border-radius: 8px; background: #eef1f4; }
        .status.landed { background: #ddf4ff; } .status.proposed { background: #fff8c5; }
        .status.rejected { background: #ffebe9; } .status.fork-only { background: #fbefff; }
        .url, .reason { color: #59636e; font-size: 0.9em; }
        svg.timeline { display: block; max-width: 100%; height: auto; }
        .axis { stroke: #8c959f; } .bar { fill: #b6d4fe; }
        svg text { font-size: 12px; text-anchor: middle; fill: #1f2328; }
        svg text.added, svg text.landed, svg text.dropped { text-anchor: start; font-weight: 600; }
        .added { color: #1a7f37; fill: #1a7f37; } .landed { color: #0969da; fill: #0969da; } .dropped { color: #cf222e; fill: #cf222e; }
        svg text.date { fill: #59636e; font-size: 11px; }
        """;
}
