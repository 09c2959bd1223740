using System.Diagnostics;
using System.Text;
using Carry.Cli;

namespace Carry.Tests.Support;

/// <summary>What one carry command printed and returned.</summary>
public sealed record CarryRun(int Exit, string Out, string Err)
{
    /// <summary>How the command wrote the working tree (directly or through git, and why), or null.</summary>
    public Carry.Git.Checkout.CheckoutWay? Checkout { get; init; }

    /// <summary>Both streams, for assertion messages.</summary>
    public override string ToString() => $"exit {Exit}\n--- out\n{Out}--- err\n{Err}";
}

/// <summary>
/// A real git repository in a temp folder, deleted afterwards. Tests drive it with the real
/// git CLI and run carry in-process (same code as the tool, much faster than a process).
/// </summary>
public sealed class TempRepo : IDisposable
{
    /// <param name="onDisk">In the disk's temp folder even when the others are on tmpfs (<see cref="TempRoot"/>): for a corpus-sized checkout.</param>
    public TempRepo(string? name = null, string? cloneOf = null, bool onDisk = false)
    {
        Dir = Templates.NewDir(name, onDisk);
        Directory.CreateDirectory(Dir);
        if (cloneOf is null) Git("init", "-q", "-b", "main");
        else GitIn(Path.GetTempPath(), "clone", "-q", cloneOf, Dir);
    }

    private TempRepo(string existing, bool _) => Dir = existing;

    /// <summary>An existing working tree (a <c>git clone</c>), deleted afterwards like the others.</summary>
    public static TempRepo Adopt(string dir) => new(dir, true);

    /// <summary>
    /// A copy of <paramref name="template"/>'s repository (see <see cref="Templates"/>), in
    /// <paramref name="dir"/> or a new temp folder: for tests that each need a fresh repository
    /// of the same kind, built once.
    /// </summary>
    public static TempRepo CopyOf(TempRepo template, string? dir = null)
    {
        var copy = new TempRepo(dir ?? Templates.NewDir("copy-"), true);
        Templates.CopyFolder(template.Dir, copy.Dir);
        // The copied files have new inodes and change times: re-stat them, as a checkout leaves the index.
        copy.Git("update-index", "-q", "--refresh");
        return copy;
    }

    /// <summary>The working tree.</summary>
    public string Dir { get; }

    /// <summary>Runs git, throwing with its output if it fails; returns trimmed stdout.</summary>
    public string Git(params string[] args) => GitIn(Dir, args);

    /// <summary>Runs git in some folder, throwing if it fails.</summary>
    public static string GitIn(string dir, params string[] args)
    {
        var (exit, stdout, stderr) = RunGit(dir, args);
        if (exit != 0) throw new InvalidOperationException($"git {string.Join(' ', args)} failed ({exit}): {stderr}");
        return stdout.TrimEnd('\n');
    }

    /// <summary>Runs git with <paramref name="input"/> on its standard input, throwing if it fails; returns trimmed stdout.</summary>
    public string GitWithInput(string input, params string[] args)
    {
        var (exit, stdout, stderr) = RunGit(Dir, input, args);
        if (exit != 0) throw new InvalidOperationException($"git {string.Join(' ', args)} failed ({exit}): {stderr}");
        return stdout.TrimEnd('\n');
    }

    /// <summary>Runs git and returns everything, whatever the exit code.</summary>
    public static (int Exit, string Out, string Err) RunGit(string dir, params string[] args) => RunGit(dir, null, args);

    /// <summary>Runs git with <paramref name="input"/> on its standard input (when not null) and returns everything, whatever the exit code.</summary>
    public static (int Exit, string Out, string Err) RunGit(string dir, string? input, string[] args)
    {
        var psi = new ProcessStartInfo("git") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = input is not null };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        if (input is not null)
        {
            p.StandardInput.Write(input);
            p.StandardInput.Close();
        }
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output, err.Result);
    }

    /// <summary>Runs one carry command line in-process, or with the binary under test when CARRY_BINARY is set.</summary>
    public CarryRun Carry(params string[] args) => CarryAt(Dir, args);

    /// <summary>Runs one carry command line in-process from a folder of the working tree (relative to its top).</summary>
    public CarryRun CarryIn(string folder, params string[] args) => CarryAt(Path.Combine(Dir, folder), args);

    /// <summary>
    /// Runs one carry command line in <paramref name="dir"/>: in-process (the same code as the tool,
    /// without a .NET start-up and JIT of its own), or with the binary under test when CARRY_BINARY is set.
    /// </summary>
    public static CarryRun CarryAt(string dir, params string[] args)
    {
        if (CarryProcess.Binary is not null) return CarryProcess.Run(dir, null, args);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var context = new CliContext(dir, stdout, stderr);
        var exit = CarryApp.Run(args, context);
        return new CarryRun(exit, stdout.ToString(), stderr.ToString()) { Checkout = context.LastCheckout };
    }

    /// <summary>Runs carry and asserts it succeeded.</summary>
    public CarryRun CarryOk(params string[] args)
    {
        var run = Carry(args);
        Assert.True(run.Exit == 0, $"carry {string.Join(' ', args)} failed: {run}");
        return run;
    }

    /// <summary>Runs carry and asserts it failed; returns what it said.</summary>
    public CarryRun CarryFails(params string[] args)
    {
        var run = Carry(args);
        Assert.True(run.Exit != 0, $"carry {string.Join(' ', args)} should have failed: {run}");
        Assert.DoesNotContain("   at ", run.Err); // never a stack trace
        return run;
    }

    public void Write(string path, string content)
    {
        var full = Path.Combine(Dir, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    public string Read(string path) => File.ReadAllText(Path.Combine(Dir, path));

    public bool Exists(string path) => File.Exists(Path.Combine(Dir, path));

    /// <summary>Stages everything and commits.</summary>
    public string Commit(string message)
    {
        Git("add", "-A");
        Git("commit", "-q", "-m", message);
        return Git("rev-parse", "HEAD");
    }

    /// <summary>
    /// A repository with an upstream base (tagged "base") and, when asked, commits above it:
    /// each writes its own file and edits its own line of a shared file.
    /// </summary>
    public static TempRepo WithBase(int patches = 0, string? name = null) => FromTemplate($"base {patches}", name, () =>
    {
        var repo = new TempRepo("template");
        repo.Write("README.md", "Sample project\n");
        repo.Write("shared.txt", SharedText());
        repo.Commit("upstream base");
        repo.Git("tag", "base");
        for (var i = 1; i <= patches; i++) repo.AddPatchCommit(i);
        return repo;
    });

    /// <summary>A repository as <see cref="WithBase"/> makes it, with a stack started on "base".</summary>
    public static TempRepo WithStack(int patches) => FromTemplate($"stack {patches}", null, () =>
    {
        var repo = WithBase(patches);
        repo.CarryOk("init", "--base", "base");
        return repo;
    });

    /// <summary>A copy of the repository <paramref name="build"/> makes, built once per test run (<see cref="Templates"/>).</summary>
    private static TempRepo FromTemplate(string kind, string? name, Func<TempRepo> build) =>
        CopyOf(Templates.Get(kind, build), Templates.NewDir(name));

    /// <summary>The shared file: 200 numbered lines, so patches can edit lines far apart.</summary>
    public static string SharedText(IReadOnlyDictionary<int, string>? edits = null)
    {
        var sb = new StringBuilder();
        for (var line = 1; line <= 200; line++)
            sb.Append(edits is not null && edits.TryGetValue(line, out var text) ? text : $"line {line}").Append('\n');
        return sb.ToString();
    }

    /// <summary>A commit that adds file-N.txt and changes line 5·N of shared.txt.</summary>
    public void AddPatchCommit(int n)
    {
        Write($"file-{n}.txt", $"content of patch {n}\n");
        var lines = File.ReadAllLines(Path.Combine(Dir, "shared.txt"));
        lines[5 * n - 1] = $"line {5 * n} changed by patch {n}";
        File.WriteAllText(Path.Combine(Dir, "shared.txt"), string.Join('\n', lines) + "\n");
        Commit($"Patch number {n}");
    }

    public void Dispose() => DeleteFolder(Dir);

    /// <summary>Deletes a temp folder with everything in it, read-only files too; a leftover never fails a test.</summary>
    public static void DeleteFolder(string dir)
    {
        try
        {
            // Never through symbolic links: a test's link to '..' would walk the whole temp folder.
            var walk = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint };
            foreach (var f in Directory.EnumerateFiles(dir, "*", walk))
                File.SetAttributes(f, FileAttributes.Normal);
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder must not fail a test.
        }
        catch (UnauthorizedAccessException)
        {
            // Nor one this user may not delete.
        }
    }
}
