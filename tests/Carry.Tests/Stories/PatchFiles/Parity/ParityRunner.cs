using System.Text;
using Carry.Tests.Support;

namespace Carry.Tests.Stories.PatchFiles.Parity;

/// <summary>What one side did with a case: the tree it made (plus author and message for mails), or its refusal.</summary>
/// <param name="Tree">The resulting tree id, or null when the tool refused.</param>
/// <param name="Commit">For mails: author, date and message of the new commit.</param>
/// <param name="Said">What the tool printed (for failure messages).</param>
public sealed record ParityOutcome(string? Tree, string? Commit, string Said)
{
    public bool Refused => Tree is null;

    public override string ToString() => Refused ? $"refused:\n{Said}" : $"tree {Tree}\n{Commit}{Said}";
}

/// <summary>
/// Runs a <see cref="ParityCase"/> twice on the same starting tree, each in its own real
/// repository: with Carry (<c>carry import patch</c> or <c>import mbox</c>, in-process) and with
/// the peer (<c>git apply --index</c>, <c>git am</c>, or GNU <c>patch</c>). When Carry refuses,
/// the repository must be exactly as before (snapshot and stack ref).
/// </summary>
public static class ParityRunner
{
    /// <summary>Carry's outcome.</summary>
    public static ParityOutcome RunCarry(ParityCase c)
    {
        using var repo = Build(c);
        repo.CarryOk("init", "--base", "base");
        var patch = PatchFile(repo, c);
        var before = Snapshot.Take(repo);
        var stackBefore = repo.Git("rev-parse", "refs/carry/main");
        var args = new List<string> { "import", c.Tool == "am" ? "mbox" : "patch", patch };
        foreach (var a in c.Args)
        {
            if (a.StartsWith("-p", StringComparison.Ordinal) && c.Tool != "am") args.AddRange(["-p", a[2..]]);
            else if (a.StartsWith("--fuzz=", StringComparison.Ordinal)) args.AddRange(["--fuzz", a[7..]]);
            else if (a is "--3way" or "--ignore-whitespace" or "-R" || a.StartsWith("--whitespace=", StringComparison.Ordinal)) args.Add(a);
            else throw new InvalidOperationException($"{c.Id}: '{a}' has no Carry equivalent in the runner");
        }
        var run = repo.Carry([.. args]);
        if (run.Exit != 0)
        {
            Assert.True(before == Snapshot.Take(repo), $"{c.Id}: carry refused but changed the repository:\n{run}");
            Assert.Equal(stackBefore, repo.Git("rev-parse", "refs/carry/main"));
            return new ParityOutcome(null, null, run.Err + run.Out);
        }
        return new ParityOutcome(repo.Git("rev-parse", "HEAD^{tree}"), c.Tool == "am" ? CommitFacts(repo) : null, run.Out + run.Err);
    }

    /// <summary>The peer's outcome, or null when the peer program is not installed.</summary>
    public static ParityOutcome? RunPeer(ParityCase c)
    {
        if (c.Tool == "patch" && !Corpus.HasProgram("patch")) return null;
        using var repo = Build(c);
        var patch = PatchFile(repo, c);
        (int Exit, string Out, string Err) run;
        switch (c.Tool)
        {
            case "apply":
                run = TempRepo.RunGit(repo.Dir, ["apply", "--index", .. c.Args.Where(a => !a.StartsWith("--fuzz", StringComparison.Ordinal)), patch]);
                break;
            case "am":
                run = TempRepo.RunGit(repo.Dir, ["am", "-q", .. c.Args, patch]);
                break;
            default:
                var strip = c.Args.FirstOrDefault(a => a.StartsWith("-p", StringComparison.Ordinal)) ?? "-p1";
                var fuzz = c.Args.FirstOrDefault(a => a.StartsWith("--fuzz=", StringComparison.Ordinal)) ?? "--fuzz=0";
                string[] more = [.. c.Args.Where(a => a is "-R").Concat(c.Args.Where(a => a == "--ignore-whitespace").Select(_ => "-l"))];
                var ok = Corpus.Run("patch", ["-f", "-s", "--no-backup-if-mismatch", strip, fuzz, .. more, "-i", patch], repo.Dir, out var said);
                run = (ok ? 0 : 1, said, "");
                if (ok) repo.Git("add", "-A");
                break;
        }
        if (run.Exit != 0) return new ParityOutcome(null, null, run.Err + run.Out);
        return c.Tool == "am"
            ? new ParityOutcome(repo.Git("rev-parse", "HEAD^{tree}"), CommitFacts(repo), run.Err)
            : new ParityOutcome(repo.Git("write-tree"), null, run.Err);
    }

    private static string CommitFacts(TempRepo repo) => repo.Git("log", "-1", "--format=%an <%ae> %at%n%B", "HEAD").TrimEnd() + "\n";

    /// <summary>A repository whose commit tagged <c>base</c> holds the case's tree (and whose object store its loose blobs).</summary>
    private static TempRepo Build(ParityCase c)
    {
        var repo = new TempRepo("parity-");
        foreach (var (key, value) in c.Config) repo.Git("config", key, value);
        foreach (var e in c.Tree.Where(e => e.Kind is "file" or "link"))
        {
            var full = Path.Combine(repo.Dir, e.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            if (e.Kind == "link") File.CreateSymbolicLink(full, Encoding.UTF8.GetString(e.Content));
            else File.WriteAllBytes(full, e.Content);
        }
        repo.Git("add", "-A");
        foreach (var e in c.Tree.Where(e => e is { Kind: "file", Mode: "100755" }))
        {
            repo.Git("update-index", "--chmod=+x", e.Path);
            repo.Git("checkout", "--", e.Path);
        }
        foreach (var e in c.Tree)
        {
            if (e.Kind == "gitlink")
                repo.Git("update-index", "--add", "--cacheinfo", $"160000,{Encoding.ASCII.GetString(e.Content)},{e.Path}");
            else if (e.Kind == "object")
            {
                var loose = Path.Combine(repo.Dir, ".git", "loose-object");
                File.WriteAllBytes(loose, e.Content);
                repo.Git("hash-object", "-w", loose);
                File.Delete(loose);
            }
        }
        repo.Git("commit", "-q", "--allow-empty", "-m", "base");
        repo.Git("tag", "base");
        return repo;
    }

    /// <summary>The patch, written inside .git so that neither side sees it as a file of the tree.</summary>
    private static string PatchFile(TempRepo repo, ParityCase c)
    {
        var path = Path.Combine(repo.Dir, ".git", c.Name + (c.Tool == "am" ? ".mbox" : ".patch"));
        File.WriteAllBytes(path, c.Patch);
        return path;
    }
}
