using System.Diagnostics;
using System.Text;
using Carry.Paths;
using Carry.Tests.Support;
using CsCheck;

namespace Carry.Tests.Engine.Paths;

/// <summary>
/// The one path rule (<see cref="TreePath"/>) against git itself: what <c>git update-index</c>
/// (verify_path, with core.protectHFS and core.protectNTFS on) and <c>git fsck</c> refuse, Carry refuses.
/// </summary>
public sealed class TreePathTests
{
    private const int Regular = 0x81A4, Link = 0xA000;

    [Theory]
    [InlineData(".git/hooks/post-checkout", Regular, ".git")]
    [InlineData("sub/.GIT/config", Regular, ".git")]
    [InlineData("git~1/config", Regular, ".git")]
    [InlineData("GIT~1", Regular, ".git")]
    [InlineData(".git./config", Regular, ".git")]
    [InlineData(".git . ./config", Regular, ".git")]
    [InlineData(".git::$INDEX_ALLOCATION/hooks/x", Regular, ".git")]
    [InlineData(".git:stream", Regular, ".git")]
    [InlineData(".g\u200cit/hooks/x", Regular, ".git")]
    [InlineData("\ufeff.git/config", Regular, ".git")]
    [InlineData("a\\.git\\hooks", Regular, ".git")]
    [InlineData("../x", Regular, "'..'")]
    [InlineData("a/../../x", Regular, "'..'")]
    [InlineData("./x", Regular, "'.'")]
    [InlineData("a//b", Regular, "empty component")]
    [InlineData("a/", Regular, "ends with a slash")]
    [InlineData("/etc/passwd", Regular, "absolute")]
    [InlineData("", Regular, "empty")]
    [InlineData("a\0b", Regular, "NUL")]
    [InlineData(".gitmodules", Link, ".gitmodules")]
    [InlineData(".GitModules", Link, ".gitmodules")]
    [InlineData("sub/gitmod~1", Link, ".gitmodules")]
    [InlineData("GI7EBA~1", Link, ".gitmodules")]
    [InlineData(".gitmodules ..", Link, ".gitmodules")]
    [InlineData(".gitattributes", Link, ".gitattributes")]
    [InlineData("gitatt~1", Link, ".gitattributes")]
    [InlineData(".gitignore", Link, ".gitignore")]
    [InlineData(".mailmap", Link, ".mailmap")]
    [InlineData("maba30~1", Link, ".mailmap")]
    public void Refuses_what_git_refuses(string path, int mode, string reason)
    {
        var problem = TreePath.Problem(Encoding.UTF8.GetBytes(path), mode, new PathRules(Windows: false));
        Assert.NotNull(problem);
        Assert.Contains(reason, problem);
    }

    [Theory]
    [InlineData("src/main.c", Regular)]
    [InlineData(".gitignore", Regular)]
    [InlineData(".gitmodules", Regular)]
    [InlineData(".github/workflows/ci.yml", Regular)]
    [InlineData("..foo/x", Regular)]
    [InlineData(".git-blame-ignore-revs", Regular)]
    [InlineData("git~2/x", Regular)]
    [InlineData("link", Link)]
    [InlineData("a:b/c [d]", Regular)]
    [InlineData("x\\..\\y", Regular)]
    public void Accepts_ordinary_names(string path, int mode) =>
        Assert.Null(TreePath.Problem(Encoding.UTF8.GetBytes(path), mode, new PathRules(Windows: false)));

    [Theory]
    [InlineData("c:/x", "drive letter")]
    [InlineData("x/a:b", "character Windows does not allow")]
    [InlineData("dir\\file", "backslash")]
    [InlineData("aux.c", "reserved device")]
    [InlineData("sub/CON", "reserved device")]
    [InlineData("trailing./x", "dot or space")]
    public void Windows_rules_add_what_Windows_cannot_hold(string path, string reason)
    {
        Assert.Null(TreePath.Problem(Encoding.UTF8.GetBytes(path), Regular, new PathRules(Windows: false)));
        Assert.Contains(reason, TreePath.Problem(Encoding.UTF8.GetBytes(path), Regular, PathRules.Everywhere));
    }

    private static readonly string[] Pieces =
    [
        ".git", ".GIT", ".Git", "git~1", "GIT~1", "git~2", ".git.", ".git ", ". ", "::$INDEX_ALLOCATION", ":", "$DATA",
        ".g\u200cit", "\u200d", "\ufeff", "\u202e", ".gitmodules", "gitmod~1", "GI7EBA~1", "gi7eba~9", ".gitattributes", "gitatt~1",
        ".gitignore", "gi250a~1", ".mailmap", "maba30~1", "..", ".", "", "a", "b c", "\\", "x\\", "~", "1", "m", "odules", "\xff",
    ];

    /// <summary>Random paths built from dangerous pieces: Carry's verdict equals git's, name by name.</summary>
    [Trait("Speed", "Slow")]
    [Fact]
    public void Agrees_with_git_update_index_and_fsck()
    {
        var component = Gen.Int[0, Pieces.Length - 1].Array[1, 3].Select(ix => string.Concat(ix.Select(i => Pieces[i])));
        var path = component.Array[1, 3].Select(parts => string.Join('/', parts));
        var sample = Gen.Select(path, Gen.Bool).Array[200];
        sample.Sample(batch => CompareWithGit(batch), iter: 2, threads: 1);
    }

    private static void CompareWithGit((string Path, bool Link)[] batch)
    {
        using var repo = new TempRepo("paths");
        // A distinct blob per sample makes every tree on its path distinct too, so a tree fsck
        // flags (it names the parent, or for gitmodulesBlob the offending tree) is one sample's.
        var files = batch.Select((_, i) => Path.Combine(repo.Dir, $"blob{i}")).ToArray();
        for (var i = 0; i < files.Length; i++) File.WriteAllText(files[i], $"sample {i}\n");
        var blobs = Encoding.ASCII.GetString(RunGit(repo.Dir, [], ["hash-object", "-w", .. files])).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var f in files) File.Delete(f);
        // Each sample under its own folder so samples cannot clash (file vs folder, duplicates).
        var paths = batch.Select((s, i) => (Bytes: Encoding.UTF8.GetBytes($"p{i}/{s.Path}"), Mode: s.Link ? Link : Regular, Index: i)).ToList();
        var input = new MemoryStream();
        foreach (var p in paths)
        {
            input.Write(Encoding.ASCII.GetBytes($"{(p.Mode == Link ? "120000" : "100644")} {blobs[p.Index]}\t"));
            input.Write(p.Bytes);
            input.WriteByte(0);
        }
        RunGit(repo.Dir, input.ToArray(), "-c", "core.protectHFS=true", "-c", "core.protectNTFS=true", "update-index", "--add", "-z", "--index-info");
        var accepted = Encoding.UTF8.GetString(RunGit(repo.Dir, [], "ls-files", "-z"))
            .Split('\0', StringSplitOptions.RemoveEmptyEntries).Select(SampleOf).ToHashSet();
        // fsck's tree checks (symlinked .gitattributes, .gitignore, .mailmap) on what update-index let through.
        var fsckRefused = new HashSet<int>();
        var said = "";
        if (accepted.Count > 0)
        {
            var root = repo.Git("write-tree");
            var fsck = TempRepo.RunGit(repo.Dir, "-c", "fsck.gitattributesSymlink=error", "-c", "fsck.gitignoreSymlink=error",
                "-c", "fsck.mailmapSymlink=error", "-c", "fsck.gitmodulesSymlink=error", "fsck", "--no-dangling");
            said = fsck.Err + fsck.Out;
            var badTrees = System.Text.RegularExpressions.Regex.Matches(fsck.Err + fsck.Out, "in tree ([0-9a-f]{40})").Select(m => m.Groups[1].Value).ToHashSet();
            foreach (var line in Encoding.UTF8.GetString(RunGit(repo.Dir, [], "ls-tree", "-r", "-t", "-z", root)).Split('\0'))
            {
                // "<mode> <type> <id>\t<path>", unquoted with -z.
                var tab = line.IndexOf('\t');
                if (tab < 41 || !badTrees.Contains(line[(tab - 40)..tab])) continue;
                var rel = line[(tab + 1)..];
                fsckRefused.Add(SampleOf(rel));
            }
            Assert.DoesNotContain(root, badTrees);
        }
        foreach (var p in paths)
        {
            var gitRefuses = !accepted.Contains(p.Index) || fsckRefused.Contains(p.Index);
            var ours = TreePath.Problem(p.Bytes, p.Mode, new PathRules(Windows: false));
            Assert.True(gitRefuses == (ours is not null),
                $"'{Encoding.UTF8.GetString(p.Bytes)}' ({(p.Mode == Link ? "symlink" : "file")}): git {(gitRefuses ? "refuses" : "accepts")}, carry says {ours ?? "fine"}\n{said}");
        }
    }

    /// <summary>The sample number of a path <c>pN/…</c>.</summary>
    private static int SampleOf(string path) =>
        int.TryParse(path.AsSpan(1, (path + "/").IndexOf('/') - 1), out var n) ? n : throw new InvalidOperationException($"unexpected path '{path}'");

    private static byte[] RunGit(string dir, byte[] input, params string[] args)
    {
        var psi = new ProcessStartInfo("git") { WorkingDirectory = dir, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = new MemoryStream();
        var copy = p.StandardOutput.BaseStream.CopyToAsync(output);
        p.StandardInput.BaseStream.Write(input);
        p.StandardInput.Close();
        copy.Wait();
        p.WaitForExit();
        _ = err.Result;
        return output.ToArray();
    }
}
