namespace Carry.Git;

/// <summary>Who is writing: the same sources, in the same order, as git itself (ident.c).</summary>
internal static class Identity
{
    public static Signature Committer(Func<string, string?> config) => Resolve(config, "committer", "GIT_COMMITTER");

    public static Signature Author(Func<string, string?> config) => Resolve(config, "author", "GIT_AUTHOR");

    /// <summary>
    /// Each of name and email on its own: the role's variable (GIT_AUTHOR_NAME), then the
    /// role's config (author.name), then user.name; for the email, then EMAIL. So
    /// GIT_COMMITTER_* alone changes the committer and leaves the author to the config.
    /// </summary>
    private static Signature Resolve(Func<string, string?> config, string role, string prefix)
    {
        var name = Env(prefix + "_NAME") ?? config(role + ".name") ?? config("user.name");
        var email = Env(prefix + "_EMAIL") ?? config(role + ".email") ?? config("user.email") ?? Env("EMAIL");
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(email))
            throw new Operations.CarryException(
                $"{role} identity unknown: carry writes commits and needs to know who you are",
                "run\n  git config --global user.name \"Your Name\"\n  git config --global user.email \"you@example.com\"");
        return Signature.Now(name.Trim(), email.Trim());
    }

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name);
}
