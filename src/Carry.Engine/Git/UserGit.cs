namespace Carry.Git;

/// <summary>
/// git exactly as a user types it, in any folder: for the guided tour, which shows git commands
/// and their output next to carry's. The engine never uses it (it has typed operations).
/// </summary>
public static class UserGit
{
    /// <summary>Runs <c>git <paramref name="args"/></c> in <paramref name="directory"/>; never throws for a non-zero exit.</summary>
    public static GitResult Run(string directory, IReadOnlyList<string> args) => new GitCli(directory).Run(args);

    /// <summary>The environment variables that make git (and carry) use a repository other than the folder's own (<c>GIT_DIR</c>…).</summary>
    public static IReadOnlyList<string> RepositoryVariables => Discovery.RepositoryVariables;
}
