using System.CommandLine;
using Carry.Git;
using Carry.Model;
using Carry.Operations.Stack;
using Carry.Operations.Sync;
using Carry.Operations.Unattended;

namespace Carry.Cli.Commands;

/// <summary>Everything one sync command did, for the reports: its steps, the stack after, tests and push.</summary>
internal sealed record SyncRunReport(IReadOnlyList<(SyncStep? Step, SyncResult Result)> Steps, StackState? After, TestRun? Tests,
    ReviewPushResult? Push, string? Remote, int Exit, bool Aborted, Func<Oid, string> Subject)
{
    public SyncResult Last => Steps[^1].Result;

    public bool Stopped => Last.Stopped is not null;

    /// <summary>Each patch's latest line over all steps, then the patches still parked from earlier runs.</summary>
    public IReadOnlyList<SyncEntry> Entries
    {
        get
        {
            var latest = new Dictionary<string, SyncEntry>(StringComparer.Ordinal);
            var order = new List<string>();
            foreach (var (_, r) in Steps)
                foreach (var e in r.Report)
                {
                    if (!latest.ContainsKey(e.Id)) order.Add(e.Id);
                    latest[e.Id] = e;
                }
            var entries = order.Select(id => latest[id]).ToList();
            foreach (var p in After?.Unapplied ?? [])
                if (p.Parked is { } parked && !latest.ContainsKey(p.Id))
                    entries.Add(new SyncEntry(p.Name, p.Id, SyncOutcome.Parked, Applied: false) { Cause = parked.Cause, Reason = parked.With is { } w ? $"needs '{w}', parked too" : "parked by an earlier sync" });
            return entries;
        }
    }
}

/// <summary>carry sync's unattended side: --park, --step, --test, --format, --push and the exit codes (docs/unattended.md).</summary>
internal static class SyncUnattended
{
    /// <summary>The options, built once per command tree.</summary>
    internal sealed class Options
    {
        public readonly Option<bool> Park = new("--park") { Description = "Park conflicting patches (unapplied, conflict recorded) and finish the sync (git config carry.sync.park)." };
        public readonly Option<string?> Step = new("--step") { Description = "Move the base through upstream's tags, or every N commits, one sync each.", HelpName = "tags|N" };
        public readonly Option<string?> Format = new("--format") { Description = "Report as text (default), json or markdown (for $GITHUB_STEP_SUMMARY or a merge request note).", HelpName = "text|json|markdown" };
        public readonly Option<bool> Test = new("--test") { Description = "Then run the command after '--' on every applied patch (as 'carry test')." };
        public readonly Option<int?> Jobs = new("--jobs", "-j") { Description = "With --test: patches tested at once (default: the number of cores)." };
        public readonly Option<string?> Push = new("--push") { Description = "Then push the branch and its stack to REMOTE, atomically, with leases.", HelpName = "REMOTE" };
        public readonly Option<string?> Branch = new("--branch") { Description = "With --push: the remote branch (default: this branch's name).", HelpName = "B" };
        public readonly Option<bool> MergeRequest = new("--merge-request") { Description = "With --push: create or update a GitLab merge request by push options, the report as its description." };
        public readonly Option<string?> Target = new("--target") { Description = "With --merge-request: its target branch (default: this branch's name).", HelpName = "BRANCH" };
        public readonly Argument<string[]> TestCommand = new("command") { Description = "With --test: the command, after '--'.", Arity = ArgumentArity.ZeroOrMore };

        /// <summary>text, json or markdown; --json is json.</summary>
        public string FormatOf(ParseResult parse, bool json)
        {
            var format = parse.GetValue(Format) ?? (json ? "json" : "text");
            if (format is not ("text" or "json" or "markdown"))
                throw new CarryException($"unknown --format '{format}'", "use text, json or markdown.", 129);
            return format;
        }

        /// <summary>--park, or carry.sync.park set true.</summary>
        public bool ParkWanted(ParseResult parse, StackSession session) =>
            parse.GetValue(Park) || session.Repo.ConfigBool("carry.sync.park") == true;
    }

    /// <summary>A plain sync, or a stepped one.</summary>
    public static IEnumerable<(SyncStep?, SyncResult)> Start(StackSession session, SyncOptions options, string? step, string command) =>
        step is null
            ? [(null, Sync.Start(session, options, command))]
            : Sync.Stepped(session, options, step, command).Select(s => ((SyncStep?)s.Step, s.Result));

    /// <summary>Tests, pushes, reports in the format asked, and returns the exit code.</summary>
    public static int Finish(CliContext c, StackSession session, ParseResult parse, Options u, IReadOnlyList<(SyncStep?, SyncResult)> steps, string format, bool aborted)
    {
        var objects = session.Repo.Objects;
        string Subject(Oid id) => objects.ReadCommit(id).Subject;
        var stopped = steps[^1].Item2.Stopped is not null;
        if (!parse.GetValue(u.Test) && parse.GetValue(u.TestCommand) is { Length: > 0 } stray)
            throw new CarryException($"unexpected argument '{stray[0]}'", "a command to run on each patch goes with '--test', after '--'.", 129);
        TestRun? tests = null;
        if (parse.GetValue(u.Test) && !stopped && !aborted)
            tests = PatchTests.Run(session, parse.GetValue(u.TestCommand) ?? [], parse.GetValue(u.Jobs) ?? Environment.ProcessorCount, c.CommandLine, c.Cancel);
        var after = session.Record?.State;
        var probable = steps.Any(s => s.Item2.Report.Any(e => e.Outcome == SyncOutcome.Probable));
        var exit = aborted ? 0 : ExitCode(stopped, after, tests, probable);
        var report = new SyncRunReport(steps, after, tests, null, parse.GetValue(u.Push), exit, aborted, Subject);
        if (report.Remote is { } remote && !stopped && !aborted)
        {
            var branch = parse.GetValue(u.Branch) ?? session.Branch;
            IReadOnlyList<string> options = parse.GetValue(u.MergeRequest)
                ? ReviewPush.MergeRequestOptions(parse.GetValue(u.Target) ?? session.Branch,
                    $"Sync {session.Branch} onto {SyncCommand.Short(report.Last.OntoRef)}", SyncMarkdown.OneLine(report))
                : [];
            report = report with { Push = ReviewPush.Push(session, remote, branch, options) };
        }
        switch (format)
        {
            case "json": SyncJson.Write(c, report); break;
            case "markdown": c.Out.Write(SyncMarkdown.Write(report)); break;
            default: WriteText(c, report); break;
        }
        return exit;
    }

    /// <summary>
    /// 0 clean; 2 conflicts stopped, or patches parked in the stack; 3 a test failed; 4 the sync
    /// found probable landings (applied or set aside, awaiting 'carry landed' or 'carry keep');
    /// 1 error and 5 locked come from exceptions.
    /// </summary>
    public static int ExitCode(bool stopped, StackState? after, TestRun? tests, bool probable)
    {
        if (stopped || after?.Unapplied.Any(p => p.Parked is not null) == true) return 2;
        if (tests?.FirstFailure is not null) return 3;
        return probable ? 4 : 0;
    }

    /// <summary><c> (conflicts since 1a2b3c4 "subject")</c> for a line with a cause, else empty.</summary>
    public static string CauseText(SyncEntry e, Func<Oid, string>? subject)
    {
        if (e.Cause is not { } cause || subject is null) return "";
        var verb = e.Outcome == SyncOutcome.Merged ? "upstream rewrote its lines in" : "conflicts since";
        return $" ({verb} {cause.Short} \"{subject(cause)}\")";
    }

    private static void WriteText(CliContext c, SyncRunReport r)
    {
        for (var i = 0; i < r.Steps.Count; i++)
        {
            var (step, result) = r.Steps[i];
            if (step is not null) c.Out.WriteLine($"Step {i + 1}: {step.Name} ({step.Commit.Short})");
            SyncCommand.WriteText(c, result, r.Aborted, r.Subject);
        }
        var earlier = r.Stopped ? [] : r.Entries.Where(e => e.Outcome == SyncOutcome.Parked && r.Steps.All(s => s.Result.Report.All(x => x.Id != e.Id))).ToList();
        foreach (var e in earlier) c.Out.WriteLine($"  still parked: {e.Name}{CauseText(e, r.Subject)}");
        if (!r.Stopped && r.Entries.Any(e => e.Outcome == SyncOutcome.Parked))
            c.Out.WriteLine("hint: 'carry sync --continue <patch>' takes up a parked patch (a recorded resolution applies by itself).");
        if (r.Tests is { } tests) TestCommand.WriteText(c, tests);
        if (r.Remote is not null && r.Push is null && !r.Aborted)
            c.Out.WriteLine($"Not pushed to {r.Remote}: the sync stopped at a conflict.");
        if (r.Push is { } push)
            c.Out.WriteLine(push.Pushed ? $"Pushed {push.Branch} and its stack to {r.Remote}{(push.Options.Count > 0 ? " (merge request options sent)" : "")}." : $"Nothing to push: {r.Remote} has {push.Branch} and its stack as they are.");
    }
}
