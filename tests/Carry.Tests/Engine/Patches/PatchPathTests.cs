using Carry.Patches;

namespace Carry.Tests.Engine.Patches;

public sealed class PatchPathTests
{
    [Theory]
    [InlineData("a/src/main.c", 0, "a/src/main.c")]
    [InlineData("a/src/main.c", 1, "src/main.c")]
    [InlineData("a/src/main.c", 2, "main.c")]
    [InlineData("a//src///main.c", 1, "src/main.c")]
    [InlineData("./src/./main.c", 0, "src/main.c")]
    [InlineData("/usr/src/pkg/main.c", 3, "pkg/main.c")]
    [InlineData("glibc-2.27.orig/sysdeps/gnu/Makefile", 1, "sysdeps/gnu/Makefile")]
    [InlineData("a/.gitignore", 1, ".gitignore")]
    [InlineData("a/..foo/x", 1, "..foo/x")]
    public void Strip_removes_leading_components_like_patch_p(string name, int level, string expected) =>
        Assert.Equal(expected, PatchPath.FromString(name).Strip(level));

    [Theory]
    [InlineData("/etc/passwd", 0, "absolute")]
    [InlineData("a/../../etc/passwd", 1, "'..'")]
    [InlineData("a/src/../../x", 1, "'..'")]
    [InlineData("a/.git/config", 1, ".git")]
    [InlineData("a/sub/.GIT/hooks/pre-commit", 1, ".git")]
    [InlineData("a/.git./config", 1, ".git")]
    [InlineData("a/git~1/config", 1, ".git")]
    [InlineData("a/x\\.git\\hooks", 1, ".git")]
    [InlineData("a/.git::$INDEX_ALLOCATION/hooks/x", 1, ".git")]
    [InlineData("main.c", 1, "fewer than 2 components")]
    [InlineData("a/", 1, "leaves nothing")]
    [InlineData("a/./", 1, "names no file")]
    public void Unsafe_or_too_short_names_are_refused(string name, int level, string reason)
    {
        var path = PatchPath.FromString(name);
        var e = Assert.Throws<PatchPathException>(() => path.Strip(level));
        Assert.Contains(reason, e.Message);
        Assert.Equal(name, e.Path);
        Assert.False(path.TryStrip(level, out var stripped, out var error));
        Assert.Equal("", stripped);
        Assert.Equal(e.Reason, error);
    }

    /// <summary>A drive letter or a backslash is an ordinary name byte on Linux and macOS (as git has it), refused on Windows.</summary>
    [Theory]
    [InlineData("a/C:/x", "C:/x", "drive letter")]
    [InlineData("a/x\\..\\..\\y", "x\\..\\..\\y", "backslash")]
    public void Windows_only_rules_apply_only_under_Windows_rules(string name, string posix, string reason)
    {
        var path = PatchPath.FromString(name);
        Assert.True(path.TryStrip(1, out var stripped, out _, new Carry.Paths.PathRules(Windows: false)));
        Assert.Equal(posix, stripped);
        Assert.False(path.TryStrip(1, out _, out var error, Carry.Paths.PathRules.Everywhere));
        Assert.Contains(reason, error);
    }

    [Fact]
    public void Paths_compare_by_bytes()
    {
        Assert.Equal(PatchPath.FromString("a/x"), PatchPath.FromString("a/x"));
        Assert.NotEqual(PatchPath.FromString("a/x"), PatchPath.FromString("b/x"));
        Assert.Equal(PatchPath.FromString("a/x").GetHashCode(), PatchPath.FromString("a/x").GetHashCode());
    }
}
