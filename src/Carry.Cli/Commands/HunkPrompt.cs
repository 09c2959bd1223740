using Carry.Operations.Stack;

namespace Carry.Cli.Commands;

/// <summary>
/// The <c>git add -p</c>-style prompt of <c>carry split -p</c>: each hunk is shown and answered
/// from <see cref="CliContext.Answers"/> (the terminal, or a pipe, as git reads either).
/// </summary>
internal static class HunkPrompt
{
    /// <summary>The hunks the user moves to <paramref name="part"/>, in order; the end of input answers 'q'.</summary>
    public static List<PatchHunk> Choose(CliContext c, IReadOnlyList<FileHunks> files, string part, string patch)
    {
        var chosen = new List<PatchHunk>();
        foreach (var file in files)
        {
            c.Out.WriteLine(c.Paint.Bold(file.Header));
            var queue = new List<PatchHunk>(file.Hunks);
            for (var i = 0; i < queue.Count; i++)
            {
                var hunk = queue[i];
                foreach (var line in hunk.Lines) c.Out.WriteLine(Paint(c, line));
                while (true)
                {
                    var keys = hunk.CanSplit ? "y,n,q,a,d,s,?" : "y,n,q,a,d,?";
                    c.Out.Write($"({i + 1}/{queue.Count}) Move this {hunk.WholeFile ?? "hunk"} to '{part}' [{keys}]? ");
                    var answer = ReadAnswer(c)?.Trim();
                    if (answer is null)
                    {
                        c.Out.WriteLine();
                        return chosen;
                    }
                    var key = answer.Length > 0 ? char.ToLowerInvariant(answer[0]) : ' ';
                    if (key == 'y') chosen.Add(hunk);
                    else if (key == 'q') return chosen;
                    else if (key == 'a') { chosen.AddRange(queue.Skip(i)); i = queue.Count; }
                    else if (key == 'd') i = queue.Count;
                    else if (key == 's' && hunk.CanSplit)
                    {
                        var pieces = SplitHunks.Pieces(hunk);
                        c.Out.WriteLine(c.Paint.Dim($"Split into {pieces.Count} hunks."));
                        queue.RemoveAt(i);
                        queue.InsertRange(i, pieces);
                        hunk = queue[i];
                        foreach (var line in hunk.Lines) c.Out.WriteLine(Paint(c, line));
                        continue;
                    }
                    else if (key != 'n')
                    {
                        c.Out.WriteLine(c.Paint.Red(Help(part, patch, hunk.CanSplit)));
                        continue;
                    }
                    break;
                }
            }
        }
        return chosen;
    }

    /// <summary>
    /// The next answer, or null at the end of the input. Ctrl-C interrupts the wait (a terminal
    /// read would go on until Enter): nothing has been written yet, so nothing changes.
    /// </summary>
    private static string? ReadAnswer(CliContext c)
    {
        var read = Task.Run(c.Answers.ReadLine);
        try
        {
            read.Wait(c.Cancel);
        }
        catch (OperationCanceledException)
        {
            c.Out.WriteLine();
            throw;
        }
        return read.Result;
    }

    private static string Paint(CliContext c, string line) =>
        line.StartsWith("@@", StringComparison.Ordinal) ? c.Paint.Yellow(line)
        : line.StartsWith('+') ? c.Paint.Green(line) : line.StartsWith('-') ? c.Paint.Red(line) : line;

    private static string Help(string part, string patch, bool canSplit) =>
        $"y - move this hunk to '{part}'\n" +
        $"n - leave this hunk in '{patch}'\n" +
        "q - quit; do not move this hunk or any of the remaining ones\n" +
        "a - move this hunk and all later hunks in the file\n" +
        "d - do not move this hunk or any of the later hunks in the file\n" +
        (canSplit ? "s - split the current hunk into smaller hunks\n" : "") +
        "? - print help";
}
