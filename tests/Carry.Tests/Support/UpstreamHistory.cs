using System.Diagnostics;
using System.Text;

namespace Carry.Tests.Support;

/// <summary>
/// A long upstream history made in one go by <c>git fast-import</c> (hundreds of commits in a
/// fraction of a second): commit i writes its own line to <c>upstream-log.txt</c>, and the
/// commits named in <c>edits</c> also rewrite lines of <c>shared.txt</c>. Pushed to the
/// scenario's bare upstream, with the tags asked for.
/// </summary>
public static class UpstreamHistory
{
    /// <summary>Adds <paramref name="count"/> commits on upstream's main; returns their ids, oldest first (commit i is ids[i-1]).</summary>
    public static IReadOnlyList<string> Add(UpstreamScenario s, int count, IReadOnlyDictionary<int, (int Line, string Text)[]> edits,
        IReadOnlyDictionary<int, string>? tags = null)
    {
        var m = s.Maintainer;
        var shared = File.ReadAllLines(Path.Combine(m.Dir, "shared.txt"));
        var log = new StringBuilder();
        var stream = new StringBuilder();
        var from = m.Git("rev-parse", "HEAD");
        for (var i = 1; i <= count; i++)
        {
            log.Append($"upstream change {i}\n");
            var message = edits.ContainsKey(i) ? $"Upstream rewrites shared lines (commit {i})" : $"Upstream change {i}";
            stream.Append("commit refs/heads/main\n").Append($"mark :{i}\n")
                .Append($"committer Upstream <up@example.com> {1700000000 + i * 60} +0000\n");
            Data(stream, message + "\n");
            if (i == 1) stream.Append($"from {from}\n");
            stream.Append("M 100644 inline upstream-log.txt\n");
            Data(stream, log.ToString());
            if (edits.TryGetValue(i, out var lines))
            {
                foreach (var (line, text) in lines) shared[line - 1] = text;
                stream.Append("M 100644 inline shared.txt\n");
                Data(stream, string.Join('\n', shared) + "\n");
            }
            if (tags?.TryGetValue(i, out var tag) == true) stream.Append($"reset refs/tags/{tag}\nfrom :{i}\n");
        }
        FastImport(m.Dir, stream.ToString());
        m.Git("reset", "-q", "--hard", "main");
        m.Git("push", "-q", "--tags", "origin", "main");
        return m.Git("rev-list", "--reverse", $"{from}..main").Split('\n');
    }

    private static void Data(StringBuilder sb, string text) =>
        sb.Append("data ").Append(Encoding.UTF8.GetByteCount(text)).Append('\n').Append(text).Append('\n');

    private static void FastImport(string dir, string stream)
    {
        var psi = new ProcessStartInfo("git", "fast-import --quiet") { WorkingDirectory = dir, RedirectStandardInput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        p.StandardInput.Write(stream);
        p.StandardInput.Close();
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException("git fast-import failed: " + err);
    }
}
