using Carry.Tests.Support;

namespace Carry.Tests.Stories.Private;

/// <summary>
/// Index flags belong to the user: a local edit hidden with <c>git update-index --skip-worktree</c>
/// (a classic place for local secrets) and files left out by <c>git sparse-checkout</c> must stay
/// so through every command that writes the index; the hidden edit never reaches a patch, and an
/// absent sparse file is never recorded as deleted.
/// </summary>
public sealed class IndexFlagTests
{
    private const string Secret = "password=hunter2";

    public enum Mode { SkipWorktree, SparseNonCone, SparseCone }

    /// <summary>Each command that writes the index, as the steps a user would type.</summary>
    private static readonly Dictionary<string, Action<UpstreamScenario>> Commands = new()
    {
        ["pop-push"] = s => { s.Fork.CarryOk("pop"); s.Fork.CarryOk("push"); },
        ["goto"] = s => { s.Fork.CarryOk("goto", "one"); s.Fork.CarryOk("goto", "two"); },
        ["undo-redo"] = s => { s.Fork.CarryOk("pop", "-a"); s.Fork.CarryOk("undo"); s.Fork.CarryOk("redo"); s.Fork.CarryOk("undo"); },
        ["refresh-undo"] = s => { s.Fork.Write("two.txt", "two, edited\n"); s.Fork.CarryOk("refresh"); s.Fork.CarryOk("undo"); s.Fork.CarryOk("refresh"); },
        ["refresh-p"] = s => { s.Fork.Write("one.txt", "one, edited\n"); s.Fork.CarryOk("refresh", "-p", "one"); },
        ["new-refresh"] = s => { s.Fork.CarryOk("new", "three"); s.Fork.Write("three.txt", "3\n"); s.Fork.Git("add", "three.txt"); s.Fork.CarryOk("refresh"); },
        ["move-delete-squash"] = s => { s.Fork.CarryOk("move", "two", "--bottom"); s.Fork.CarryOk("squash", "two", "one", "--name", "both"); s.Fork.CarryOk("undo"); s.Fork.CarryOk("delete", "one"); },
        ["sync"] = s => { s.Upstream("Upstream edits other.txt", r => r.Write("other.txt", "changed upstream\n")); s.Fork.CarryOk("sync", "--fetch"); },
        ["sync-abort"] = s => { Stop(s); s.Fork.CarryOk("sync", "--abort"); },
        ["sync-continue"] = s => { Stop(s); s.Fork.Write("shared.txt", TempRepo.SharedText(new Dictionary<int, string> { [50] = "resolved" })); s.Fork.Git("add", "shared.txt"); s.Fork.CarryOk("sync", "--continue"); },
        ["sync-skip"] = s => { Stop(s); s.Fork.Git("checkout", "--theirs", "shared.txt"); s.Fork.Git("add", "shared.txt"); s.Fork.CarryOk("sync", "--skip"); },
        ["sync-undo"] = s => { Stop(s); s.Fork.CarryOk("sync", "--abort"); s.Fork.CarryOk("undo"); s.Fork.CarryOk("sync", "--abort"); },
        ["repair"] = s => { s.Fork.Write("plain.txt", "made with git\n"); s.Fork.Git("add", "plain.txt"); s.Fork.Git("commit", "-q", "-m", "Plain commit"); s.Fork.CarryOk("repair"); s.Fork.CarryOk("undo"); },
        ["kit-apply"] = s => { var kit = Path.Combine(s.Fork.Dir, "..", Path.GetFileName(s.Fork.Dir) + "-kit.patch"); File.WriteAllText(kit, KitPatch); try { s.Fork.CarryOk("kit", "apply", kit); } finally { File.Delete(kit); } },
    };

    public static TheoryData<string, Mode> Cases()
    {
        var data = new TheoryData<string, Mode>();
        foreach (var name in Commands.Keys)
            foreach (var mode in Enum.GetValues<Mode>()) data.Add(name, mode);
        return data;
    }

    [Trait("Speed", "Slow")]
    [Theory]
    [MemberData(nameof(Cases))]
    public void Flags_survive_and_hidden_content_never_reaches_a_patch(string command, Mode mode)
    {
        using var s = new UpstreamScenario();
        s.Upstream("Upstream adds a config file and a docs folder", r =>
        {
            r.Write("config.cfg", "password=\n");
            r.Write("docs/guide.md", "guide\n");
            r.Write("docs/api.md", "api\n");
        });
        s.Fork.CarryOk("sync", "--fetch");
        s.AddPatch("one", r => r.Write("one.txt", "one\n"));
        s.AddPatch("two", r => { r.Write("two.txt", "two\n"); UpstreamScenario.EditLines(r, "shared.txt", (50, UpstreamScenario.ForkLine50)); });
        Hide(s.Fork, mode);
        var before = Flags(s.Fork);

        Commands[command](s);

        Assert.Equal(before, Flags(s.Fork));
        AssertStillHidden(s.Fork, mode);
        // The next refresh takes a real change and nothing hidden.
        s.Fork.CarryOk("new", "after");
        s.Fork.Write("after.txt", "after\n");
        s.Fork.Git("add", "after.txt");
        s.Fork.CarryOk("refresh");
        Assert.Equal(before, Flags(s.Fork));
        Assert.Equal("A\tafter.txt", s.Fork.Git("show", "--name-status", "--format=", "HEAD"));
        var everything = PatchesText(s.Fork);
        Assert.DoesNotContain(Secret, everything);
        Assert.DoesNotContain("deleted file mode", everything);
        Invariants.Check(s.Fork);
    }

    /// <summary>Upstream rewrites the line 'two' changes: the sync stops at 'two'.</summary>
    private static void Stop(UpstreamScenario s)
    {
        s.Upstream("Upstream rewrites line 50", r => UpstreamScenario.EditLines(r, "shared.txt", (50, UpstreamScenario.UpstreamLine50)));
        var run = s.Fork.Carry("sync", "--fetch");
        Assert.True(run.Exit != 0 && run.Out.Contains("two"), run.ToString());
    }

    private static void Hide(TempRepo fork, Mode mode)
    {
        switch (mode)
        {
            case Mode.SkipWorktree:
                fork.Git("update-index", "--skip-worktree", "config.cfg");
                fork.Write("config.cfg", Secret + "\n");
                break;
            case Mode.SparseNonCone:
                fork.Git("sparse-checkout", "set", "--no-cone", "/*", "!/docs/");
                break;
            case Mode.SparseCone:
                // Cone mode keeps every file at the root; docs/ is left out.
                fork.Git("sparse-checkout", "set", "--cone", "nothing-else");
                break;
        }
    }

    private static void AssertStillHidden(TempRepo fork, Mode mode)
    {
        var status = fork.Git("status", "--porcelain");
        if (mode == Mode.SkipWorktree)
        {
            Assert.Equal(Secret + "\n", fork.Read("config.cfg"));
            Assert.DoesNotContain("config.cfg", status);
        }
        else
        {
            Assert.False(Directory.Exists(Path.Combine(fork.Dir, "docs")), "a sparse folder appeared");
            Assert.DoesNotContain("docs/", status);
        }
    }

    /// <summary>Every patch of the stack (applied or not) and every commit on the branch above upstream, as diffs.</summary>
    private static string PatchesText(TempRepo fork)
    {
        var commits = Layers.LayerRepo.Series(fork).GetProperty("patches").EnumerateArray().Select(p => p.GetProperty("commit").GetString()!);
        return fork.Git(["show", "--format=%H", .. commits]) + fork.Git("log", "-p", "--format=%H", "origin/main..HEAD");
    }

    /// <summary>The flagged entries as <c>git ls-files -v</c> tags them (S: skip-worktree).</summary>
    private static string Flags(TempRepo repo) =>
        string.Join('\n', repo.Git("ls-files", "-v").Split('\n').Where(l => !l.StartsWith("H ", StringComparison.Ordinal)));

    private const string KitPatch = """
        From: Dev <dev@example.com>
        Subject: [PATCH] Dev kit: tool versions

        ---
         .tool-versions | 1 +
         1 file changed, 1 insertion(+)

        diff --git a/.tool-versions b/.tool-versions
        new file mode 100644
        --- /dev/null
        +++ b/.tool-versions
        @@ -0,0 +1 @@
        +python 3.13

        """;
}
