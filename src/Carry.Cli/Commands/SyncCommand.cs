using System.CommandLine;
using Carry.Model;
using Carry.Operations.Layers;
using Carry.Operations.Stack;
using Carry.Operations.Sync;

namespace Carry.Cli.Commands;

/// <summary>carry sync: move the stack onto the new upstream, retire what landed, stop only for real conflicts.</summary>
internal static class SyncCommand
{
    public static Command Build(CliContext c)
    {
        var onto = new Option<string?>("--onto") { Description = "The new base (branch, tag or commit). Default: the stack's base ref as it is now." };
        var fetch = new Option<string?>("--fetch")
        {
            Description = "Fetch first (from REMOTE; default: the base ref's remote).",
            Arity = ArgumentArity.ZeroOrOne,
            HelpName = "REMOTE",
        };
        var cont = new Option<string?>("--continue")
        {
            Description = "Go on after resolving a conflict ('git add' the files first); the resolution is remembered. With PATCH: take up a parked patch.",
            Arity = ArgumentArity.ZeroOrOne,
            HelpName = "PATCH",
        };
        var skip = new Option<bool>("--skip") { Description = "Leave the conflicting patch unapplied (it stays in the stack) and go on." };
        var abort = new Option<bool>("--abort") { Description = "Put the stack, branch and working tree back as before the sync." };
        var json = Shared.JsonOption();
        var u = new SyncUnattended.Options();
        var command = new Command("sync", "Re-apply the stack on the new upstream base, retiring patches upstream already carries.")
        {
            onto, fetch, cont, skip, abort, json, u.Park, u.Step, u.Format, u.Test, u.Jobs, u.Push, u.Branch, u.MergeRequest, u.Target, u.TestCommand,
        };
        OptionRules.Exclusive(command, cont, skip, abort);
        command.Description += "\nEvery patch is re-applied in memory and the working tree written once. Patches upstream carries"
            + "\n(Carry-Id trailer, same patch-id, or already contained) leave the series with that evidence; a conflict"
            + "\nresolved before is resolved again from memory; a new conflict stops the sync with diff3 markers"
            + "\n(with --park: is parked, and the sync goes on). Exit: 0 synced, 1 error, 2 conflicts parked or stopped,"
            + "\n3 a test failed, 4 probable landings await a decision, 5 locked (docs/unattended.md).";
        command.SetAction(parse =>
        {
            var continuing = parse.GetResult(cont) is not null;
            var parkedName = parse.GetValue(cont);
            var modes = new[] { continuing, parse.GetValue(skip), parse.GetValue(abort) }.Count(b => b);
            if (modes > 1) throw new CarryException("--continue, --skip and --abort cannot be combined");
            var resuming = modes == 1 && parkedName is null;
            var format = u.FormatOf(parse, parse.GetValue(json));
            using var session = Shared.Open(c, resuming ? Preconditions.Stack | Preconditions.HeadMatches : Preconditions.Standard);
            using var progress = Progress.For(c, "Syncing");
            var results = new List<(SyncStep?, SyncResult)>();
            if (parkedName is not null) results.Add((null, Sync.ContinueParked(session, parkedName, c.CommandLine, progress)));
            else if (continuing) results.Add((null, Sync.Continue(session, c.CommandLine, progress)));
            else if (parse.GetValue(skip)) results.Add((null, Sync.Skip(session, c.CommandLine, progress)));
            else if (parse.GetValue(abort)) results.Add((null, Sync.Abort(session, c.CommandLine)));
            else
            {
                var fetchGiven = parse.GetResult(fetch) is not null;
                var options = new SyncOptions(parse.GetValue(onto), fetchGiven, parse.GetValue(fetch))
                {
                    Progress = progress, Cancellation = c.Cancel, Park = u.ParkWanted(parse, session),
                };
                results.AddRange(SyncUnattended.Start(session, options, parse.GetValue(u.Step), c.CommandLine));
            }
            progress?.Done();
            return SyncUnattended.Finish(c, session, parse, u, results, format, parse.GetValue(abort));
        });
        return command;
    }

    internal static void WriteText(CliContext c, SyncResult r, bool aborted, Func<Carry.Git.Oid, string>? subject = null)
    {
        var paint = c.Paint;
        if (aborted)
        {
            c.Out.WriteLine($"Sync aborted: the stack is back on {r.NewBase.Short} as before.");
            return;
        }
        if (r.Transaction is null)
        {
            c.Out.WriteLine($"Already up to date with {Short(r.OntoRef)} ({r.NewBase.Short}).");
            return;
        }
        c.Out.WriteLine($"Sync onto {Short(r.OntoRef)} ({r.OldBase.Short} -> {r.NewBase.Short}):");
        if (r.PrivateLayerFrom is { } from) c.Out.WriteLine($"  private layer brought up to date from stack '{from}'");
        // Base history 'carry finish' made: carried below the stack, or left out when upstream has it.
        foreach (var h in r.Carried)
            c.Out.WriteLine($"  {"finished".PadRight(10)} {h.Was.Short} \"{h.Subject}\"  " + (h.Now is { } now
                ? $"base history, carried onto {Short(r.OntoRef)} as {now.Short}"
                : $"left out: {Evidence(h.Landed!)}"));
        var width = r.Report.Select(e => e.Name.Length).DefaultIfEmpty(0).Max();
        foreach (var e in r.Report)
            c.Out.WriteLine($"  {Label(e, paint)} {e.Name.PadRight(width)}  {Detail(e)}{SyncUnattended.CauseText(e, subject)}".TrimEnd());
        c.Out.WriteLine(Summary(r.Report));
        if (r.Stopped is { } stop)
        {
            var cause = SyncUnattended.CauseText(r.Report[^1], subject);
            c.Err.WriteLine(paint.Red($"error: patch '{stop.Patch}' does not apply on {Short(r.OntoRef)}{cause}; it conflicts in:"));
            foreach (var path in stop.Paths) c.Err.WriteLine($"\t{path}");
            c.Err.WriteLine("hint: the markers show 'upstream', 'before " + stop.Patch + "' and '" + stop.Patch + "'; edit the files (or 'git mergetool'),");
            c.Err.WriteLine("hint: 'git add' them, then 'carry sync --continue' (your resolution is remembered for next time).");
            c.Err.WriteLine($"hint: 'carry sync --skip' leaves '{stop.Patch}' unapplied; 'carry sync --abort' puts everything back.");
        }
        var probable = r.Report.Where(e => e.Outcome == SyncOutcome.Probable).ToList();
        if (probable.Count > 0)
            c.Out.WriteLine("hint: confirm a probable landing with 'carry landed <patch>', or 'carry keep <patch>' if it did not land.");
    }

    private static string Label(SyncEntry e, Output paint)
    {
        // Padded before painting, so colors do not upset the columns.
        string Pad(string word) => word.PadRight(10);
        return e.Outcome switch
        {
            SyncOutcome.Clean => Pad("clean"),
            SyncOutcome.Merged => Pad("merged"),
            SyncOutcome.ResolvedFromMemory => paint.Green(Pad("remembered")),
            SyncOutcome.Resolved => paint.Green(Pad("resolved")),
            SyncOutcome.Landed => paint.BoldGreen(Pad("landed")),
            SyncOutcome.Probable => paint.Yellow(Pad(e.Evidence?.Similarity >= 80 ? "probable" : "partly")),
            SyncOutcome.Conflicted => paint.Red(Pad("conflict")),
            SyncOutcome.Held => paint.Yellow(Pad("held")),
            SyncOutcome.Parked => paint.Red(Pad("parked")),
            _ => paint.Yellow(Pad("skipped")),
        };
    }

    private static string Detail(SyncEntry e) => e.Outcome switch
    {
        SyncOutcome.Merged when e.Review => "review: 3-way merged over lines upstream rewrote; it may be applied twice",
        SyncOutcome.Merged => "3-way merged with upstream changes",
        SyncOutcome.Parked => e.Reason is { } why ? $"kept unapplied: {why}" : "kept unapplied with its conflict recorded ('carry sync --continue " + e.Name + "')",
        SyncOutcome.ResolvedFromMemory => "conflict resolved from a recorded resolution",
        SyncOutcome.Resolved => "conflict resolved by you (recorded)",
        SyncOutcome.Landed => Evidence(e.Evidence!),
        SyncOutcome.Probable => $"{e.Evidence!.Similarity}% of its lines are upstream ({Commits(e.Evidence)}); kept{(e.Applied ? "" : " unapplied: it no longer applies")}",
        SyncOutcome.Conflicted => e.Evidence is { } similar ? $"stopped here ({similar.Similarity}% of its lines are upstream, not all of its change)" : "stopped here",
        SyncOutcome.Skipped => "left unapplied",
        SyncOutcome.Held => $"kept unapplied: {e.Reason}",
        _ => "",
    };

    private static string Evidence(LandingEvidence e) => e.How switch
    {
        LandingKind.CarryId => $"upstream commit {Commits(e)} carries its Carry-Id",
        LandingKind.PatchId => $"same patch-id as upstream {Commits(e)}",
        LandingKind.Empty => $"upstream already contains its change ({Commits(e)})",
        _ => $"{LandingEvidence.KindName(e.How)} {Commits(e)}",
    };

    private static string Commits(LandingEvidence e) => string.Join(", ", e.Upstream.Take(3).Select(u => u.Short)) + (e.Upstream.Count > 3 ? ", …" : "");

    internal static string Summary(IReadOnlyList<SyncEntry> report)
    {
        if (report.Count == 0) return "No patches.";
        // Counted in a sorted map, not with GroupBy/OrderBy: LINQ over an enum is JIT work at every start of the `any` build.
        var counts = new SortedDictionary<SyncOutcome, int>();
        foreach (var entry in report) counts[entry.Outcome] = counts.GetValueOrDefault(entry.Outcome) + 1;
        var parts = new List<string>(counts.Count);
        foreach (var (outcome, n) in counts) parts.Add($"{n} {SyncEntry.OutcomeName(outcome).Replace('-', ' ')}");
        return string.Join(", ", parts) + ".";
    }

    internal static string Short(string refName) =>
        refName.StartsWith("refs/remotes/", StringComparison.Ordinal) ? refName[13..]
        : refName.StartsWith("refs/heads/", StringComparison.Ordinal) ? refName[11..]
        : refName.StartsWith("refs/tags/", StringComparison.Ordinal) ? refName[10..] : refName;
}
