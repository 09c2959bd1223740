using System.Text.RegularExpressions;
using Carry.Tests.Support;

namespace Carry.Tests.Engine;

/// <summary>
/// The shape docs/model.md promises, checked on the source: one seam to git, dependencies that
/// point down, small files. Each rule is a function over (path, text) so that the last test can
/// show it catches a violation.
/// </summary>
public sealed partial class ArchitectureTests
{
    /// <summary>
    /// The engine's folders (namespaces), lowest first: a folder may use its own and lower ones.
    /// <c>Carry</c> itself (the root error type) is below everything, then the one path rule
    /// (<c>Paths</c>); the CLI sits on top.
    /// </summary>
    public static readonly string[] Layers =
    [
        "Carry", "Carry.Hashing", "Carry.Paths", "Carry.Patches", "Carry.Git", "Carry.Model", "Carry.Storage", "Carry.Formats", "Carry.Replay",
        "Carry.Operations.Stack", "Carry.Operations.PatchFiles", "Carry.Operations.Layers", "Carry.Operations.Sync",
        "Carry.Operations.Series", "Carry.Operations.Queries", "Carry.Operations.Migration", "Carry.Operations.Unattended", "Carry.Cli",
    ];

    private const int MaxLines = 400;

    private static IEnumerable<(string Path, string Text)> Sources() =>
        Directory.EnumerateFiles(Path.Combine(TestEnvironment.RepoRoot, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Select(f => (Path.GetRelativePath(TestEnvironment.RepoRoot, f).Replace('\\', '/'), File.ReadAllText(f)));

    [Fact]
    public void Only_the_Git_folder_reaches_git()
    {
        var sources = Sources().ToList();
        Assert.True(sources.Count > 100, $"expected the engine's sources under src/, found {sources.Count} files");
        NoViolations(sources.SelectMany(s => SeamViolations(s.Path, s.Text)));
    }

    [Fact]
    public void Dependencies_point_down()
    {
        NoViolations(Sources().SelectMany(s => LayerViolations(s.Path, s.Text)));
    }

    [Fact]
    public void No_source_file_is_over_400_lines()
    {
        NoViolations(Sources().SelectMany(s => SizeViolations(s.Path, s.Text)));
    }

    private static void NoViolations(IEnumerable<string> violations)
    {
        var list = violations.ToList();
        Assert.True(list.Count == 0, $"{list.Count} violation(s):\n" + string.Join('\n', list));
    }

    [Fact]
    public void The_rules_catch_violations()
    {
        const string reachesGit = "namespace Carry.Operations.Sync;\nstatic class X { static void F() { System.Diagnostics.Process.Start(\"git\"); var r = new LibGit2Sharp.Repository(\".\"); } }\n";
        Assert.Equal(2, SeamViolations("src/Carry.Engine/Operations/Sync/X.cs", reachesGit).Count());
        Assert.Empty(SeamViolations("src/Carry.Engine/Git/X.cs", reachesGit));
        Assert.Single(SeamViolations("src/Carry.Cli/X.cs", "class X { [System.Runtime.InteropServices.DllImport(\"git2\")] static extern int f(); }"));

        Assert.Single(LayerViolations("src/Carry.Engine/Model/X.cs", "using Carry.Operations.Stack;\nnamespace Carry.Model;\n"));
        Assert.Single(LayerViolations("src/Carry.Engine/Git/X.cs", "namespace Carry.Git;\nclass X { object o = Storage.StackStore.RefFor(\"x\"); }\n"));
        Assert.Single(LayerViolations("src/Carry.Engine/Operations/Stack/X.cs", "namespace Carry.Operations.Stack;\nclass X { object o = Carry.Operations.Sync.Sync.Run; }\n"));
        Assert.Empty(LayerViolations("src/Carry.Engine/Operations/Sync/X.cs", "using Carry.Operations.Stack;\n// using Carry.Cli;\nnamespace Carry.Operations.Sync;\nclass X { string s = \"Carry.Cli.X\"; }\n"));

        Assert.Single(SizeViolations("src/X.cs", string.Concat(Enumerable.Repeat("x\n", MaxLines + 1))));
        Assert.Empty(SizeViolations("src/X.cs", string.Concat(Enumerable.Repeat("x\n", MaxLines))));
    }

    /// <summary>Outside src/Carry.Engine/Git/: no LibGit2Sharp, no native calls, no process started.</summary>
    public static IEnumerable<string> SeamViolations(string path, string text)
    {
        if (path.StartsWith("src/Carry.Engine/Git/", StringComparison.Ordinal)) yield break;
        var code = Code(text);
        foreach (Match m in Forbidden().Matches(code))
            yield return $"{path}:{Line(code, m.Index)}: '{m.Value}' (only src/Carry.Engine/Git/ may reach git, libgit2 or start a process)";
    }

    /// <summary>References (using directives, qualified names) from a folder to a higher one.</summary>
    public static IEnumerable<string> LayerViolations(string path, string text)
    {
        var code = Code(text);
        if (Namespace().Match(code) is not { Success: true } ns) yield break;
        var own = Rank(ns.Groups[1].Value);
        foreach (Match m in Reference().Matches(code))
        {
            var name = m.Groups[1].Value;
            var target = name.StartsWith("Carry.", StringComparison.Ordinal) ? name : "Carry." + name;
            if (Rank(target) > own)
                yield return $"{path}:{Line(code, m.Index)}: {ns.Groups[1].Value} uses {target} (dependencies point down: {string.Join(" < ", Layers)})";
        }
    }

    /// <summary>A source file over <see cref="MaxLines"/> lines.</summary>
    public static IEnumerable<string> SizeViolations(string path, string text)
    {
        var lines = text.Split('\n').Length - (text.EndsWith('\n') ? 1 : 0);
        if (lines > MaxLines) yield return $"{path}: {lines} lines (at most {MaxLines}: split it by what its parts do)";
    }

    /// <summary>The layer of a namespace: the longest entry of <see cref="Layers"/> it is in.</summary>
    private static int Rank(string ns)
    {
        var best = -1;
        for (var i = 0; i < Layers.Length; i++)
            if ((ns == Layers[i] || ns.StartsWith(Layers[i] + ".", StringComparison.Ordinal)) && (best < 0 || Layers[i].Length > Layers[best].Length))
                best = i;
        Assert.True(best >= 0, $"namespace {ns} is in no layer: add it to ArchitectureTests.Layers");
        return best;
    }

    /// <summary>The text without comments and string literals (what the compiler reads as code).</summary>
    private static string Code(string text)
    {
        var noRaw = RawString().Replace(text, m => new string('\n', m.Value.Count(c => c == '\n')));
        return CommentOrString().Replace(noRaw, m => m.Value.StartsWith("//", StringComparison.Ordinal) || m.Value.StartsWith("/*", StringComparison.Ordinal)
            ? new string('\n', m.Value.Count(c => c == '\n'))
            : "\"\"");
    }

    private static int Line(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;

    [GeneratedRegex(@"\bLibGit2Sharp\b|\bNativeGit\b|\bGitCli\b|\bDllImport\b|\bLibraryImport\b|\bProcessStartInfo\b|\bProcess\.Start\b|\bnew\s+Process\s*\(")]
    private static partial Regex Forbidden();

    [GeneratedRegex(@"^\s*namespace\s+([\w.]+)", RegexOptions.Multiline)]
    private static partial Regex Namespace();

    /// <summary>
    /// <c>using Carry.X</c> (also static and aliases), <c>Carry.X.Y</c> in code, and names relative
    /// to the root namespace (<c>Storage.StackStore</c>, <c>Operations.Sync.X</c>) that every
    /// <c>Carry.*</c> file can write without a using.
    /// </summary>
    [GeneratedRegex(@"(?<![\w.])(Carry(?:\.[A-Z]\w*)+|(?:Patches|Git|Model|Storage|Formats|Replay|Cli)(?=\.[A-Z])|Operations\.\w+(?=\.[A-Z]))")]
    private static partial Regex Reference();

    [GeneratedRegex("\"\"\"[\\s\\S]*?\"\"\"")]
    private static partial Regex RawString();

    [GeneratedRegex(@"//[^\n]*|/\*[\s\S]*?\*/|@""(?:[^""]|"""")*""|'(?:\\.|[^'\\\n])'|""(?:\\.|[^""\\\n])*""")]
    private static partial Regex CommentOrString();
}
