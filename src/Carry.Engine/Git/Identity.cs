using System.Globalization;
using System.Text.RegularExpressions;

namespace Carry.Git;

/// <summary>Who is writing, and when: the same sources, in the same order, as git itself.</summary>
internal static partial class Identity
{
    public static Signature Committer(LibGit2Sharp.Configuration config) =>
        Resolve(config, "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "GIT_COMMITTER_DATE");

    public static Signature Author(LibGit2Sharp.Configuration config) =>
        Resolve(config, "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_AUTHOR_DATE");

    private static Signature Resolve(LibGit2Sharp.Configuration config, string nameVar, string emailVar, string dateVar)
    {
        var name = Environment.GetEnvironmentVariable(nameVar) ?? config.Get<string>("user.name")?.Value;
        var email = Environment.GetEnvironmentVariable(emailVar) ?? config.Get<string>("user.email")?.Value;
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(email))
            throw new CarryException(
                "author identity unknown: carry writes commits and needs to know who you are",
                "run\n  git config --global user.name \"Your Name\"\n  git config --global user.email \"you@example.com\"");
        var date = Environment.GetEnvironmentVariable(dateVar);
        if (string.IsNullOrWhiteSpace(date)) return Signature.Now(name.Trim(), email.Trim());
        // As git does, a fixed date makes commits reproducible (scripts, tests, reproducible builds).
        var (seconds, offset) = ParseDate(date) ?? throw new CarryException($"invalid date format in {dateVar}: {date}",
            "use git's formats: '@1700000000 +0000', '2026-12-03T10:00:00+01:00' or 'Thu, 03 Dec 2026 10:00:00 +0100'");
        return new Signature(name.Trim(), email.Trim(), seconds, offset);
    }

    /// <summary>Git's internal form ("[@]seconds +hhmm"), ISO 8601 or RFC 2822; null when it is none of them.</summary>
    internal static (long Seconds, int OffsetMinutes)? ParseDate(string text)
    {
        text = text.Trim();
        if (RawDate().Match(text) is { Success: true } m)
        {
            var zone = m.Groups[2].Success ? int.Parse(m.Groups[2].Value[1..], CultureInfo.InvariantCulture) : 0;
            var minutes = (zone / 100 * 60 + zone % 100) * (m.Groups[2].Value.StartsWith('-') ? -1 : 1);
            return (long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), minutes);
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when))
            return (when.ToUnixTimeSeconds(), (int)when.Offset.TotalMinutes);
        return null;
    }

    [GeneratedRegex(@"^@?(\d{9,})(?: ([+-]\d{4}))?$")]
    private static partial Regex RawDate();
}
