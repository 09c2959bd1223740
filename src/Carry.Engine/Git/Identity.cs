namespace Carry.Git;

/// <summary>Who is writing: the same sources, in the same order, as git itself.</summary>
internal static class Identity
{
    public static Signature Committer(LibGit2Sharp.Configuration config) =>
        Resolve(config, "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL");

    public static Signature Author(LibGit2Sharp.Configuration config) =>
        Resolve(config, "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL");

    private static Signature Resolve(LibGit2Sharp.Configuration config, string nameVar, string emailVar)
    {
        var name = Environment.GetEnvironmentVariable(nameVar) ?? config.Get<string>("user.name")?.Value;
        var email = Environment.GetEnvironmentVariable(emailVar) ?? config.Get<string>("user.email")?.Value;
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(email))
            throw new CarryException(
                "author identity unknown: carry writes commits and needs to know who you are",
                "run\n  git config --global user.name \"Your Name\"\n  git config --global user.email \"you@example.com\"");
        return Signature.Now(name.Trim(), email.Trim());
    }
}
