using System.Diagnostics;

namespace Carry.Cli.Demo;

/// <summary>One chapter of a tour: a title, why the user does it, and what they do.</summary>
internal sealed record Chapter(string Title, string Why, Action<TourSession> Act);

/// <summary>A tour: its banner (<paramref name="Intro"/> has <c>{0}</c> for the sample's folder), the command that keeps the sample, and its chapters.</summary>
internal sealed record TourScript(string Title, string Intro, string KeepCommand, Chapter[] Story)
{
    /// <summary>The user's clone, under the sample's folder.</summary>
    public string CloneName { get; init; } = "client-app";

    /// <summary>The checkout where upstream's own commits are made.</summary>
    public string UpstreamWorkName { get; init; } = "acme-team";
}

/// <summary>
/// Plays a tour: builds the sample's folder, runs each chapter with its heading, and ends by
/// deleting the sample (or keeping it). A failing step names itself, keeps the sample as
/// evidence and picks the exit code: the tours are also smoke tests of carry.
/// </summary>
internal static class TourRunner
{
    public static int Run(CliContext c, bool keep, TourScript script)
    {
        var clock = Stopwatch.StartNew();
        var writer = new TourWriter(c.Out, c.Paint);
        var temp = Path.GetTempPath();
        if (!Directory.Exists(temp))
            throw new CarryException($"the temporary folder '{temp}' does not exist", "set TMPDIR to an existing folder, or create it.");
        var root = Directory.CreateTempSubdirectory("carry-demo-").FullName;
        var session = new TourSession(c, writer, root, script.CloneName, script.UpstreamWorkName);
        var story = script.Story;
        var chapter = 0;
        try
        {
            writer.Banner(script.Title, string.Format(System.Globalization.CultureInfo.InvariantCulture, script.Intro, root));
            for (; chapter < story.Length; chapter++)
            {
                c.Cancel.ThrowIfCancellationRequested();
                writer.Chapter(chapter + 1, story.Length, story[chapter].Title, story[chapter].Why);
                story[chapter].Act(session);
            }
        }
        catch (Exception e)
        {
            return Failed(c, script, chapter, e, session);
        }

        writer.Raw.WriteLine();
        writer.Raw.WriteLine(writer.Paint.Bold($"End of the tour ({clock.Elapsed.TotalSeconds:0.0} s)."));
        if (keep) writer.Raw.WriteLine($"The sample is yours to try more commands on: cd {session.Clone}");
        else
        {
            DeleteFolder(root);
            writer.Raw.WriteLine($"The sample was deleted; run '{script.KeepCommand}' to keep it and try more commands.");
        }
        return 0;
    }

    /// <summary>Says which step failed and why, keeps the sample as evidence, and picks the exit code.</summary>
    private static int Failed(CliContext c, TourScript script, int chapter, Exception e, TourSession session)
    {
        var story = script.Story;
        var step = chapter < story.Length ? $" at step {chapter + 1}/{story.Length} ({story[chapter].Title})" : "";
        var (reason, code) = e switch
        {
            TourFailure f => (f.Message, Math.Max(1, f.ExitCode)),
            OperationCanceledException => ("interrupted", 130),
            _ => ($"{e.GetType().Name}: {e.Message}", 70),
        };
        c.Err.WriteLine();
        c.Err.WriteLine(c.Paint.Red($"{script.Title.Split(':')[0]} failed{step}: {reason}"));
        if (e is TourFailure { Detail: { Length: > 0 } detail })
            foreach (var line in detail.TrimEnd().Split('\n')) c.Err.WriteLine("  " + line);
        // The repository as the failing step left it is the best bug report; before the
        // clone exists there is nothing worth keeping.
        if (Directory.Exists(session.Clone)) c.Err.WriteLine($"The sample is kept for inspection in {session.Clone}");
        else DeleteFolder(session.Root);
        return code;
    }

    /// <summary>Deletes the sample; git marks its object files read-only, which Windows refuses to delete.</summary>
    private static void DeleteFolder(string root)
    {
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            File.SetAttributes(file, FileAttributes.Normal);
        Directory.Delete(root, recursive: true);
    }
}
