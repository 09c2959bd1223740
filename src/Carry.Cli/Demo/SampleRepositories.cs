using static Carry.Cli.Demo.SampleProject;

using Carry.Operations.Layers;

namespace Carry.Cli.Demo;

/// <summary>
/// Builds the sample's repositories with the git CLI: the client's bare repository, the client
/// team's checkout that commits to it, the freelancer's clone (main tracking origin/main) and
/// the freelancer's fork (a bare repository, remote "fork" of the clone) for merge requests.
/// </summary>
internal static class SampleRepositories
{
    /// <summary>carry needs 'git merge-tree --write-tree', which came with git 2.38.</summary>
    private static readonly Version MinimumGit = new(2, 38);

    public static void Build(TourSession t)
    {
        RequireGit(t.Root);
        TourSession.RunGit(t.Root, ["init", "-q", "--bare", "-b", "main", t.Upstream]);
        TourSession.RunGit(t.Root, ["init", "-q", "-b", "main", t.UpstreamWork]);
        Configure(t.UpstreamWork, UpstreamName, UpstreamEmail);
        foreach (var file in App) TourSession.WriteFile(t.UpstreamWork, file);
        Commit(t.UpstreamWork, "Sign-up service: users table, create and list endpoints");
        TourSession.WriteFile(t.UpstreamWork, Readme);
        Commit(t.UpstreamWork, "README: how to run locally");
        TourSession.RunGit(t.UpstreamWork, ["remote", "add", "origin", t.Upstream]);
        TourSession.RunGit(t.UpstreamWork, ["push", "-q", "-u", "origin", "main"]);

        TourSession.RunGit(t.Root, ["clone", "-q", t.Upstream, t.Clone]);
        Configure(t.Clone, FreelancerName, FreelancerEmail);
        TourSession.RunGit(t.Root, ["init", "-q", "--bare", "-b", "main", t.Fork]);
        TourSession.RunGit(t.Clone, ["remote", "add", "fork", t.Fork]);
    }

    /// <summary>
    /// Settings local to a sample repository, read by git and by carry alike: an identity,
    /// so a fresh machine with no git identity can run the tour, and neutral values for the
    /// user's global settings that would otherwise change what the tour does (signing prompts,
    /// line-ending conversion).
    /// </summary>
    internal static void Configure(string repository, string name, string email)
    {
        TourSession.RunGit(repository, ["config", "user.name", name]);
        TourSession.RunGit(repository, ["config", "user.email", email]);
        TourSession.RunGit(repository, ["config", "commit.gpgsign", "false"]);
        TourSession.RunGit(repository, ["config", "core.autocrlf", "false"]);
    }

    internal static void Commit(string repository, string message)
    {
        TourSession.RunGit(repository, ["add", "-A"]);
        TourSession.RunGit(repository, ["commit", "-q", "-m", message]);
    }

    internal static void RequireGit(string directory)
    {
        // "git version 2.39.5", "git version 2.45.1.windows.1", "git version 2.39.3 (Apple Git-146)"
        var words = TourSession.RunGit(directory, ["--version"]).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var numbers = words.Length > 2 ? words[2].Split('.') : [];
        if (numbers.Length >= 2 && int.TryParse(numbers[0], out var major) && int.TryParse(numbers[1], out var minor)
            && new Version(major, minor) < MinimumGit)
            throw new TourFailure($"carry needs git {MinimumGit} or later; this machine has {words[2]}");
    }
}
