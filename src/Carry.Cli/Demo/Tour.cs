using static Carry.Cli.Demo.SampleProject;

namespace Carry.Cli.Demo;

/// <summary>
/// carry demo: a freelancer joins a client's project, carries a personal development kit as
/// patches under their work on issues, and sees what carry does at each step. Everything runs
/// on a sample built in a temp folder, with carry run in-process exactly as typed.
/// To add a step, add a <see cref="Chapter"/> to <see cref="Story"/>.
/// </summary>
internal static class Tour
{
    private const string Issue42 = "issue-42-email-validation";
    private const string Issue57 = "issue-57-users-pagination";

    private static readonly Chapter[] Story =
    [
        new("A project you do not own",
            "You join a client's project for a few weeks. Their code lives in their repository (here upstream.git); you work in a clone, on main, which tracks origin/main.",
            Project),
        new("Start a stack",
            "carry keeps your changes as a series of patches on top of a base: the upstream branch. 'carry init' starts one on the current branch.",
            StartStack),
        new("Bring your development kit",
            "Your personal setup (tool versions, environment, a database in docker) is not the client's business, but you need it on every project. Each piece becomes a patch: 'carry new' opens it, you write files, 'carry refresh' records them.",
            DevKit),
        new("Work on an issue",
            "Issue #42: sign-up accepts any e-mail address. The fix is one more patch, on top of the kit.",
            FirstIssue),
        new("The kit comes and goes",
            "Want to see the project exactly as upstream ships it? Pop every patch; push them back when done. Your files come and go with them.",
            PopAndPush),
        new("Jump to any patch",
            "'carry goto' pushes or pops until the named patch is on top: here, back to the kit alone, then up to the issue again.",
            Goto),
        new("Fix a patch in the middle of the stack",
            "The client runs PostgreSQL 17 in production; your kit says 16. Change the file and record it into the kit's patch, even though the issue patch sits on top of it.",
            RefreshBelow),
        new("Reorder the series",
            "A second issue arrives, then you write the kit's guided README: it lands on top, above your issues, where it does not belong. Move it down into the kit, and float the issue you are working on to the top.",
            Reorder),
        new("The stack's own history",
            "Every command that changed the stack recorded a new state: who, when, which command. 'carry log' lists them, newest first.",
            StackLog),
        new("Undo and redo",
            "Any of those states can be restored: 'carry undo' steps back one command (the stack, the branch and the working tree), 'carry redo' steps forward again.",
            UndoRedo),
        new("Plain git underneath",
            "Applied patches are ordinary commits between the base and your branch: git log, git diff, your editor and your CI all see them as usual.",
            PlainGit),
        new("The kit is private",
            "Every patch belongs to a layer: 'private' (never published), 'fork' (published with a fork, never proposed) or 'upstream' (merge request candidates). Put the kit in the private layer: it stays lowest, under your issues.",
            PrivateLayer),
        new("Publish each issue without the kit",
            "A merge request must hold only that issue's patches. 'carry publish' builds a branch on the bare base, in memory, checks that each patch applies without the kit, adds a Carry-Id trailer, and pushes it to your fork.",
            PublishIssues),
        new("Record the merge requests",
            "'carry propose' records each merge request and the version you sent, so you see later what changed since, and so carry can notice when it lands.",
            Propose),
        new("Upstream merges #42",
            "The client's team reviews #42, edits the message as they merge it, and keeps working. Your clone sees it after a fetch; the Carry-Id trailer came along.",
            UpstreamMerges),
        new("Sync: #42 retires itself",
            "'carry sync' moves the stack onto the new origin/main: every patch is re-applied in memory and the working tree written once. #42 is recognised upstream by its Carry-Id and leaves the series, with that evidence kept; the kit and #57 are re-applied; #57 is still proposed.",
            SyncUpstream),
    ];

    /// <summary>Runs the freelancer's tour.</summary>
    public static int Run(CliContext c, bool keep) => TourRunner.Run(c, keep, new TourScript(
        "carry demo: a guided tour",
        "A freelancer's story on a sample project built in {0} (nothing else on this machine is touched). Each step shows the command typed and carry's own output.",
        "carry demo --keep", Story));

    private static void Project(TourSession t)
    {
        SampleRepositories.Build(t);
        t.Say("the client's two commits:");
        t.Git("log", "--oneline");
        t.Git("ls-files");
    }

    private static void StartStack(TourSession t)
    {
        t.Carry("init", "--base", "origin/main");
        t.Carry("status");
    }

    private static void DevKit(TourSession t)
    {
        foreach (var patch in Kit)
        {
            if (patch != Kit[0]) t.Writer.Raw.WriteLine();
            AddPatch(t, patch);
        }
        t.Writer.Raw.WriteLine();
        t.Say("the kit, bottom to top ('>' marks the top patch):");
        t.Carry("series");
    }

    /// <summary>Creates one patch the way a user does: open it, change files, record the changes.</summary>
    private static void AddPatch(TourSession t, KitPatch patch)
    {
        t.Say(patch.Why);
        t.Carry("new", patch.Name, "-m", patch.Message);
        foreach (var file in patch.NewFiles) t.Create(file);
        foreach (var lines in patch.Appends) t.Append(lines);
        // New files must be added before 'carry refresh' sees them, as with 'git commit -a'.
        if (patch.NewFiles.Length > 0) t.Git(["add", .. patch.NewFiles.Select(f => f.Path)]);
        t.Carry("refresh");
    }

    private static void FirstIssue(TourSession t)
    {
        t.Carry("new", Issue42, "-m", "Reject malformed e-mail addresses on sign-up (#42)");
        t.Edit("app.py", "check the address before inserting the user", SampleProject.Issue42);
        t.Say("what 'carry refresh' would record: the local changes against the top patch");
        t.Carry("diff");
        t.Carry("refresh");
        t.Carry("series");
    }

    private static void PopAndPush(TourSession t)
    {
        t.Carry("pop", "-a");
        t.Check(!t.Exists(".mise.toml") && !t.Exists("docker-compose.yml"), "the kit's files are gone from the working tree");
        t.Check(!t.Read("app.py").Contains("EMAIL"), "app.py is upstream's again");
        t.Carry("push", "-a");
        t.Check(t.Exists(".mise.toml") && t.Read("app.py").Contains("EMAIL"), "the kit and the fix for #42 are back");
    }

    private static void Goto(TourSession t)
    {
        t.Carry("goto", Kit[^1].Name);
        t.Check(t.Exists(".mise.toml") && !t.Read("app.py").Contains("EMAIL"), "the kit is applied, the fix for #42 is not");
        t.Carry("goto", Issue42);
    }

    private static void RefreshBelow(TourSession t)
    {
        var (path, old, @new) = PostgresUpgrade;
        t.Edit(path, $"{old} -> {@new}", text => text.Replace(old, @new));
        t.Carry("diff");
        t.Carry("refresh", "-p", "devkit-compose");
        t.Say("still one commit for docker-compose.yml, the kit's: no fix-up commit to squash later");
        t.Git("log", "--oneline", "--", path);
        t.Check(t.Read(path).Contains(@new) && t.IsClean(), $"the kit's patch now says {@new}; #42 was rebuilt on it");
    }

    private static void Reorder(TourSession t)
    {
        t.Carry("new", Issue57, "-m", "Paginate the users list, 50 per page (#57)");
        t.Edit("app.py", "LIMIT/OFFSET on the users query", SampleProject.Issue57);
        t.Carry("refresh");
        t.Writer.Raw.WriteLine();
        AddPatch(t, KitReadme);
        t.Writer.Raw.WriteLine();
        t.Say("the README belongs to the kit, below your issues:");
        t.Carry("move", KitReadme.Name, "--after", Kit[^1].Name);
        t.Say("review comments on #42 came in: bring it to the top to work on it");
        t.Carry("float", Issue42);
        t.Carry("series");
        t.Check(t.Read("app.py").Contains("EMAIL") && t.Read("app.py").Contains("OFFSET"), "app.py holds both fixes, rebuilt in the new order");
    }

    private static void StackLog(TourSession t) => t.Carry("log", "-n", "6");

    private static void UndoRedo(TourSession t)
    {
        t.Carry("undo");
        t.Carry("series");
        t.Carry("redo");
    }

    private static void PlainGit(TourSession t)
    {
        t.Git("log", "--oneline");
        t.Check(t.IsClean(), "git status is clean: every change is in a patch");
    }

    private static void PrivateLayer(TourSession t)
    {
        t.Carry(["layer", "set", "private", .. Kit.Select(k => k.Name), KitReadme.Name]);
        t.Carry("series");
    }

    private static void PublishIssues(TourSession t)
    {
        t.Carry("publish", Issue42, "--branch", "mr/issue-42", "--push", "fork");
        t.Carry("publish", Issue57, "--branch", "mr/issue-57", "--push", "fork");
        t.Say("the merge request branch: one commit on upstream's main, with its Carry-Id trailer");
        t.Git("log", "--format=%h %s%n  %(trailers:key=Carry-Id)", "origin/main..fork/mr/issue-42");
        var clean = true;
        foreach (var branch in (string[])["mr/issue-42", "mr/issue-57"])
        {
            var files = t.Quietly(t.Fork, "ls-tree", "-r", "--name-only", branch).Split('\n');
            clean &= Kit.Append(KitReadme).SelectMany(k => k.NewFiles).All(f => !files.Contains(f.Path));
            clean &= !t.Quietly(t.Fork, "show", $"{branch}:.gitignore").Contains("Dev kit");
        }
        t.Check(clean, "no file of the kit, and not its .gitignore lines, is on the published branches");
    }

    private static void Propose(TourSession t)
    {
        t.Carry("propose", Issue42, "--url", "https://git.acme.example/signup/-/merge_requests/42");
        t.Carry("propose", Issue57, "--url", "https://git.acme.example/signup/-/merge_requests/57");
        t.Carry("series");
    }

    private static void UpstreamMerges(TourSession t)
    {
        var team = t.UpstreamWork;
        t.Quietly(team, "fetch", "-q", t.Fork, "mr/issue-42");
        t.Quietly(team, "cherry-pick", "FETCH_HEAD");
        var message = t.Quietly(team, "log", "-1", "--format=%B").Replace("(#42)", "(#42, reviewed by Acme)");
        t.Quietly(team, "commit", "-q", "--amend", "-m", message);
        t.Quietly(team, "push", "-q", "origin", "main");
        t.Git("fetch", "-q", "origin");
        t.Git("log", "--format=%h %s%n  %(trailers:key=Carry-Id)", "-1", "origin/main");
    }

    private static void SyncUpstream(TourSession t)
    {
        t.Carry("sync");
        t.Carry("series");
        var stack = t.Quietly(t.Clone, "show", "refs/carry/main:stack").Split('\n');
        var retired = stack.Any(l => l.StartsWith("retired ", StringComparison.Ordinal) && l.Split(' ')[2] == Issue42 && l.Contains("evidence=carry-id"));
        var proposed = stack.Any(l => l.StartsWith("applied ", StringComparison.Ordinal) && l.Split(' ')[2] == Issue57 && l.Contains("status=proposed"));
        var onUpstream = t.Quietly(t.Clone, "merge-base", "--is-ancestor", "origin/main", "HEAD") == "";
        t.Check(retired && proposed && onUpstream && t.Exists(".mise.toml") && t.IsClean(),
            "#42 retired as landed (Carry-Id evidence), #57 still proposed, the kit applied on the new origin/main");
    }
}
