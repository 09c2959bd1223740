using Carry.Cli;
using Carry.Tests.Support;

namespace Carry.Tests.Commands;

/// <summary>The `any` fallback's multi-core JIT profile (JitProfile): where it is kept, when it is written, what is cleaned.</summary>
[Trait(CarryProcess.Trait, "story")]
public sealed class JitProfileTests
{
    [Fact]
    public void The_JIT_build_keeps_a_profile_per_command_in_the_cache_folder_and_the_native_binary_none()
    {
        using var repo = TempRepo.WithStack(2);
        var home = Path.Combine(repo.Dir, ".git", "home");
        var cache = Path.Combine(home, "cache");
        var env = new Dictionary<string, string> { ["HOME"] = home, ["XDG_CACHE_HOME"] = cache };
        Directory.CreateDirectory(home);
        var run = CarryProcess.Run(repo.Dir, env, "series");
        Assert.True(run.Exit == 0, run.ToString());
        var jit = Path.Combine(cache, "carry", "jit");
        if (CarryProcess.Run(repo.Dir, env, "--version").Out.Contains("NativeAOT"))
        {
            Assert.False(Directory.Exists(Path.Combine(cache, "carry")), "the NativeAOT binary compiles nothing at run time and keeps no profile");
            return;
        }
        var build = Assert.Single(Directory.GetDirectories(jit));
        Assert.Matches(@"^\d+\.\d+\.\d+\S*-([0-9a-f]{7,12}|unknown)-net\d+\.\d+\.\d+$", Path.GetFileName(build));
        Assert.True(new FileInfo(Path.Combine(build, "series.jitprofile")).Length > 0);

        // A second command has its own; a mistyped one and CARRY_JIT_PROFILE=0 write none.
        Assert.Equal(0, CarryProcess.Run(repo.Dir, env, "status").Exit);
        Assert.NotEqual(0, CarryProcess.Run(repo.Dir, env, "seires").Exit);
        Assert.Equal(0, CarryProcess.Run(repo.Dir, new Dictionary<string, string>(env) { ["CARRY_JIT_PROFILE"] = "0" }, "log").Exit);
        Assert.Equal(["series.jitprofile", "status.jitprofile"], Directory.GetFiles(build).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        // The next run plays the profile (and records it again): same answer.
        var again = CarryProcess.Run(repo.Dir, env, "series");
        Assert.Equal(run.Out, again.Out);
    }

    [Fact]
    public void The_cache_folder_follows_each_platforms_rule()
    {
        static Func<string, string?> Env(params (string Name, string Value)[] vars) => name => vars.FirstOrDefault(v => v.Name == name).Value;
        var linux = Env(("HOME", "/home/ada"));
        Assert.Equal("/home/ada/.cache/carry/jit", JitProfile.Folder(linux, windows: false, macOS: false));
        Assert.Equal("/xdg/carry/jit", JitProfile.Folder(Env(("HOME", "/home/ada"), ("XDG_CACHE_HOME", "/xdg")), false, false));
        // XDG: a relative path is ignored.
        Assert.Equal("/home/ada/.cache/carry/jit", JitProfile.Folder(Env(("HOME", "/home/ada"), ("XDG_CACHE_HOME", "cache")), false, false));
        Assert.Equal("/Users/ada/Library/Caches/carry/jit", JitProfile.Folder(Env(("HOME", "/Users/ada"), ("XDG_CACHE_HOME", "/xdg")), false, macOS: true));
        Assert.Null(JitProfile.Folder(Env(), false, false));
        Assert.Null(JitProfile.Folder(Env(("HOME", "relative")), false, false));
        if (OperatingSystem.IsWindows())
            Assert.Equal(@"C:\Users\ada\AppData\Local\carry\jit", JitProfile.Folder(Env(("LOCALAPPDATA", @"C:\Users\ada\AppData\Local")), windows: true, false));
        else
            Assert.Null(JitProfile.Folder(Env(("LOCALAPPDATA", @"C:\Users\ada\AppData\Local")), windows: true, false)); // not a full path here
    }

    [Fact]
    public void A_new_build_removes_the_profiles_older_builds_left_and_nothing_else()
    {
        using var temp = new TempDir("jit-profiles");
        var jit = Path.Combine(temp.Path, "carry", "jit");
        string Profile(string build, string name = "sync.jitprofile")
        {
            Directory.CreateDirectory(Path.Combine(jit, build));
            var path = Path.Combine(jit, build, name);
            File.WriteAllText(path, "profile");
            return path;
        }
        Profile("0.0.9-old-net10.0.1");
        var notOurs = Profile("0.1.0-older-net10.0.2", "notes.txt");
        Profile("0.1.0-older-net10.0.2");
        var kept = Profile("0.2.0-new-net10.0.12");
        var outside = Path.Combine(temp.Path, "outside");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "a.jitprofile"), "not in the cache");
        Directory.CreateSymbolicLink(Path.Combine(jit, "linked"), outside);

        JitProfile.RemoveOthers(jit, Path.Combine(jit, "0.2.0-new-net10.0.12"));

        Assert.False(Directory.Exists(Path.Combine(jit, "0.0.9-old-net10.0.1")));
        Assert.Equal([notOurs], Directory.GetFiles(Path.Combine(jit, "0.1.0-older-net10.0.2")));
        Assert.True(File.Exists(kept));
        Assert.True(File.Exists(Path.Combine(outside, "a.jitprofile")), "a linked folder is not followed");
        Assert.True(Directory.Exists(Path.Combine(jit, "linked")));
    }
}
