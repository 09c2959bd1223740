using System.Text.Json;
using Carry.Model;
using Carry.Operations.Layers;
using Carry.Tests.Support;

namespace Carry.Tests.Stories.Layers;

/// <summary>Short helpers for the layer, guard, publish and kit stories: reading the series as JSON, adding patches.</summary>
internal static class LayerRepo
{
    /// <summary>The series as JSON.</summary>
    public static JsonElement Series(TempRepo repo) => JsonDocument.Parse(repo.CarryOk("series", "--json").Out).RootElement.Clone();

    /// <summary>One patch of the series JSON (applied or not), or null.</summary>
    public static JsonElement? Patch(TempRepo repo, string name)
    {
        foreach (var p in Series(repo).GetProperty("patches").EnumerateArray())
            if (p.GetProperty("name").GetString() == name) return p;
        return null;
    }

    /// <summary>The applied patches' names, bottom first.</summary>
    public static string[] Applied(TempRepo repo) =>
        [.. Series(repo).GetProperty("patches").EnumerateArray()
            .Where(p => p.GetProperty("state").GetString() is "applied" or "top").Select(p => p.GetProperty("name").GetString()!)];

    /// <summary>The unapplied patches' names, in push order.</summary>
    public static string[] Unapplied(TempRepo repo) =>
        [.. Series(repo).GetProperty("patches").EnumerateArray()
            .Where(p => p.GetProperty("state").GetString() == "unapplied").Select(p => p.GetProperty("name").GetString()!)];

    /// <summary>The patch's status word.</summary>
    public static string Status(TempRepo repo, string name) => Patch(repo, name)!.Value.GetProperty("status").GetProperty("kind").GetString()!;

    /// <summary>The patch's stable id.</summary>
    public static string Id(TempRepo repo, string name) => Patch(repo, name)!.Value.GetProperty("id").GetString()!;

    /// <summary>A new patch in a layer holding the given files (written, added, refreshed).</summary>
    public static void NewPatch(TempRepo repo, string name, string layer, params (string Path, string Content)[] files)
    {
        repo.CarryOk("new", name, "--layer", layer, "-m", $"{name}: a change");
        foreach (var (path, content) in files) repo.Write(path, content);
        repo.Git(["add", "--", .. files.Select(f => f.Path)]);
        repo.CarryOk("refresh", "-p", name);
    }

    /// <summary>A bare repository in a temp folder (a remote), deleted with the returned handle.</summary>
    public static TempDir Bare(string name)
    {
        var dir = new TempDir(name);
        TempRepo.GitIn(dir.Path, "init", "-q", "--bare", "-b", "main");
        return dir;
    }
}
