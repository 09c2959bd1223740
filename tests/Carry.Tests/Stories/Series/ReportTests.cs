using System.Diagnostics;
using System.Text.RegularExpressions;
using Carry.Git;
using Carry.Operations.Series;
using Carry.Operations.Stack;
using Carry.Tests.Support;
using Xunit.Abstractions;

namespace Carry.Tests.Stories.Series;

/// <summary>carry report: one self-contained page, checked as text and in headless Chromium.</summary>
public sealed class ReportTests : IDisposable
{
    private const string Hostile = "<script>alert(1)</script> & \"quoted\"";
    private readonly TempRepo _repo = TempRepo.WithStack(3);
    private string ReportFile => Path.Combine(Path.GetTempPath(), Path.GetFileName(_repo.Dir) + "-report.html");

    /// <summary>
    /// A series with a hostile patch message, two versions, a patch retired as landed by a "sync",
    /// and a sync that stopped at the hostile patch and went on with --continue.
    /// </summary>
    private void BuildHistory()
    {
        _repo.CarryOk("new", "evil", "-m", Hostile);
        _repo.Write("evil.txt", "evil\n");
        _repo.Git("add", "evil.txt");
        _repo.CarryOk("refresh");
        _repo.CarryOk("version", "v1<b>");
        RangeDiffTests.Retire(_repo, "patch-number-3", new Oid(_repo.Git("rev-parse", "base")));
        _repo.CarryOk("pop");
        using (var session = StackSession.Open(_repo.Dir, "sync", Preconditions.Standard))
        {
            // The sync stops at evil, as recorded (and is continued below).
            var tx = session.Begin();
            tx.Sync = new Model.SyncProgress("refs/heads/main", session.Record!.Id, "evil", [], []);
            tx.Execute("sync");
        }
        using (var session = StackSession.Open(_repo.Dir, "sync --continue", Preconditions.Stack | Preconditions.HeadMatches))
        {
            var tx = session.Begin();
            tx.Applied.Add(tx.Unapplied[0]);
            tx.Unapplied.RemoveAt(0);
            tx.Sync = null;
            tx.Execute("sync --continue");
        }
        _repo.CarryOk("version", "v2");
    }

    private static string Row(string html, string patch) =>
        Regex.Match(html, $"<tr class=\"[a-z]+\"><td>\\d+</td><td><code>{Regex.Escape(patch)}</code>.*?</tr>").Value;

    [Fact]
    public void The_page_is_self_contained_escapes_messages_and_counts_syncs_conflicts_and_landings()
    {
        BuildHistory();
        var run = _repo.CarryOk("report", "--html", ReportFile);
        Assert.Contains("(4 patches, 2 timeline points)", run.Out);
        var html = File.ReadAllText(ReportFile);

        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot;", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("v1&lt;b&gt;", html);
        foreach (var external in new[] { "http:", "https:", "src=", "href=", "@import", "url(" })
            Assert.DoesNotContain(external, html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<svg class=\"timeline\"", html);

        // Two syncs finished (the retirement, and the one that stopped and was continued); patch 1 was in both.
        Assert.Contains("<td class=\"num\">2</td><td class=\"num\">0</td>", Row(html, "patch-number-1"));
        // The sync's recorded stop was at evil: one conflict.
        Assert.Contains("<td class=\"num\">2</td><td class=\"num\">1</td>", Row(html, "evil"));
        var landed = Row(html, "patch-number-3");
        Assert.Contains("landed", landed);
        Assert.Contains("patch-id " + _repo.Git("rev-parse", "base")[..7], landed);
        // The timeline's second point: one patch landed since v1, none added.
        Assert.Contains("✓1</text>", html);
    }

    [SkippableFact]
    [Trait("Speed", "Slow")]
    public async Task Headless_chromium_opens_the_page_without_console_errors_and_shows_the_script_as_text()
    {
        var chromium = new[] { "chromium", "chromium-browser", "google-chrome" }.FirstOrDefault(Corpus.HasProgram);
        Skip.If(chromium is null, "chromium is not installed (apt-get install chromium; CI installs it)");
        BuildHistory();
        _repo.CarryOk("report", "--html", ReportFile);
        var profile = Path.Combine(Path.GetTempPath(), "carry-chromium-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var info = new ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", $"--user-data-dir={profile}",
                         "--enable-logging=stderr", "--v=0", "--dump-dom", new Uri(ReportFile).AbsoluteUri })
                info.ArgumentList.Add(a);
            using var process = Process.Start(info)!;
            var err = process.StandardError.ReadToEndAsync();
            var dom = await process.StandardOutput.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(timeout.Token);
            var log = await err;
            Assert.True(process.ExitCode == 0, $"chromium failed ({process.ExitCode}): {log}");
            // Console messages (script errors, blocked resources, CSP reports) are logged as CONSOLE lines.
            Assert.DoesNotContain(log.Split('\n'), l => l.Contains("CONSOLE", StringComparison.Ordinal));
            Assert.Contains("<svg class=\"timeline\"", dom);
            // The message is a text node: serialised escaped, and no script element exists.
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; \"quoted\"", dom);
            Assert.DoesNotContain("<script", dom, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            try { Directory.Delete(profile, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    public void Dispose()
    {
        File.Delete(ReportFile);
        _repo.Dispose();
    }
}
