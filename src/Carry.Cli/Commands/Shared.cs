using System.CommandLine;
using Carry.Operations.Stack;
using Carry.Replay;

namespace Carry.Cli.Commands;

/// <summary>Pieces several commands share: opening the stack, and telling what a transaction did.</summary>
internal static class Shared
{
    /// <summary>Opens the stack for a command that changes it, printing any notice.</summary>
    public static StackSession Open(CliContext c, Preconditions checks = Preconditions.Standard, bool write = true)
    {
        var session = StackSession.Open(c.WorkingDirectory, c.CommandLine, checks, write, notice => c.Err.WriteLine($"note: {notice}"));
        WarnIfGuardMisplaced(c, session);
        return session;
    }

    /// <summary>
    /// Once per command: a tool that set core.hooksPath after 'carry init' has left the pre-push
    /// guard where git no longer looks, and a plain 'git push' would send the kit unchecked.
    /// </summary>
    private static void WarnIfGuardMisplaced(CliContext c, StackSession session)
    {
        if (c.GuardWarned || session.Record is null) return;
        if (Operations.Layers.PushGuard.Misplaced(session.Repo, session.State) is not { } status) return;
        c.GuardWarned = true;
        c.Err.WriteLine(c.Paint.Yellow($"warning: the pre-push guard is not in git's hooks folder now ({Path.GetDirectoryName(status.HookPath)}, from core.hooksPath): a plain 'git push' would send your private patches unchecked"));
        c.Err.WriteLine("hint: run 'carry guard-push install' to install it there (a pre-push hook already there is kept and run first).");
    }

    /// <summary>
    /// Paths typed on the command line, relative to the directory carry runs in (as git takes
    /// them), as paths from the top of the working tree with '/' separators.
    /// </summary>
    public static List<string> RepoPaths(CliContext c, Git.CarryRepository repo, IEnumerable<string> paths)
    {
        var top = Path.GetFullPath(repo.WorkDir);
        var result = new List<string>();
        foreach (var typed in paths)
        {
            var relative = Path.GetRelativePath(top, Path.GetFullPath(typed, c.WorkingDirectory));
            if (relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(relative))
                throw new CarryException($"'{typed}' is outside the working tree at '{top.TrimEnd(Path.DirectorySeparatorChar)}'", exitCode: 128);
            result.Add(relative.Replace(Path.DirectorySeparatorChar, '/'));
        }
        return result;
    }

    /// <summary>Prints what changed: rebuilt patches, where the stack stopped, and the new top.</summary>
    public static int Report(CliContext c, TransactionResult result)
    {
        var paint = c.Paint;
        c.LastCheckout = result.Checkout;
        if (Environment.GetEnvironmentVariable("CARRY_DEBUG") is not null && result.Checkout?.Declined is { } why)
            c.Err.WriteLine($"debug: working tree written by git ({why})");
        foreach (var r in result.Replayed.Where(r => r.Kind != MergeKind.Clean))
            c.Out.WriteLine($"  {r.Name}: {Describe(r.Kind)}");
        if (result.Stopped is { } conflict)
        {
            c.Err.WriteLine(paint.Red($"error: patch '{conflict.Patch}' does not apply; it conflicts in:"));
            foreach (var path in conflict.Paths) c.Err.WriteLine($"\t{path}");
            c.Err.WriteLine($"hint: the patches below it were applied; '{conflict.Patch}' and those after it stay unapplied.");
            c.Err.WriteLine("hint: reorder with 'carry move', or fix the patch so that it applies.");
        }
        if (!result.Changed && result.Stopped is null) c.Out.WriteLine("nothing to do");
        else c.Out.WriteLine(result.State.Top is { } top ? $"Now at patch '{paint.Bold(top.Name)}'" : "No patch applied");
        return result.Stopped is null ? 0 : 1;
    }

    internal static string Describe(MergeKind kind) => kind switch
    {
        MergeKind.FileMerged => "merged with changes below it",
        MergeKind.GitMerged => "merged by git (renames or added files)",
        _ => kind.ToString(),
    };

    /// <summary>The patch names typed, with ranges (<c>p3..p7</c>) expanded in series order.</summary>
    public static IReadOnlyList<string> Patches(StackSession session, IEnumerable<string>? typed) =>
        PatchRange.Expand(session.State, typed ?? []);

    /// <summary>A required patch name argument.</summary>
    public static Argument<string> PatchArgument(string description = "The patch's name.") =>
        new("patch") { Description = description };

    /// <summary>Zero or more patch names.</summary>
    public static Argument<string[]> PatchesArgument(string description) =>
        new("patches") { Description = description + " Ranges such as p3..p7 name every patch between, both included.", Arity = ArgumentArity.ZeroOrMore };

    /// <summary>The --json flag.</summary>
    public static Option<bool> JsonOption() => new("--json") { Description = "Print machine-readable JSON." };

    /// <summary>Landing evidence as a JSON object: how it was recognised, similarity, upstream commits.</summary>
    public static void WriteEvidence(System.Text.Json.Utf8JsonWriter w, string name, Model.LandingEvidence e)
    {
        w.WriteStartObject(name);
        w.WriteString("how", Model.LandingEvidence.KindName(e.How));
        w.WriteNumber("similarity", e.Similarity);
        w.WriteStartArray("upstream");
        foreach (var u in e.Upstream) w.WriteStringValue(u.Hex);
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
