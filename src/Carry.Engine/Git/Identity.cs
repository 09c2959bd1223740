using System.Globalization;
using System.Text.RegularExpressions;

namespace Carry.Git;

/// <summary>Who is writing, and when: the same sources, in the same order, as git itself (ident.c).</summary>
internal static partial class Identity
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
        var (raw, rawEmail) = Raw(config, role, prefix);
        // As git's fmt_ident: a configured name or email loses its crud and any '<', '>' or
        // newline, which would break the commit's header line (git fsck: badName, missingEmail).
        var (name, email) = (raw is null ? null : WithoutCrud(raw), rawEmail is null ? null : WithoutCrud(rawEmail));
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(email))
            throw new CarryException(
                $"{role} identity unknown: carry writes commits and needs to know who you are",
                "run\n  git config --global user.name \"Your Name\"\n  git config --global user.email \"you@example.com\"");
        var dateVar = prefix + "_DATE";
        var date = Env(dateVar);
        if (string.IsNullOrWhiteSpace(date)) return Signature.Now(name, email);
        // As git does, a fixed date makes commits reproducible (scripts, tests, reproducible builds).
        var (seconds, offset) = ParseDate(date) ?? throw new CarryException($"invalid date format in {dateVar}: {date}",
            "use git's formats: '@1700000000 +0000', '2026-12-03T10:00:00+01:00' or 'Thu, 03 Dec 2026 10:00:00 +0100'");
        return new Signature(name, email, seconds, offset);
    }

    /// <summary>
    /// <paramref name="text"/> as git's ident.c writes a name or email (strbuf_addstr_without_crud):
    /// crud (blanks and controls, <c>, : ; &lt; &gt; " \ '</c>) trimmed from both ends, and every
    /// '&lt;', '&gt;' and newline left out, the characters that delimit an identity line.
    /// </summary>
    public static string WithoutCrud(string text)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && IsCrud(text[start])) start++;
        while (end > start && IsCrud(text[end - 1])) end--;
        return string.Concat(text.AsSpan(start, end - start).ToString().Where(c => c is not ('<' or '>' or '\n')));

        static bool IsCrud(char c) => c <= ' ' || c is ',' or ':' or ';' or '<' or '>' or '"' or '\\' or '\'';
    }

    /// <summary>
    /// The identity line git's reflogs record ("Name &lt;email&gt; seconds +hhmm"), or null when
    /// only git can say it exactly: no identity (git then makes one up from the host), a name or
    /// email git would strip of crud ('.', '&lt;', quotes, spaces at the ends; '&lt;', '&gt;' or
    /// newlines inside), or a GIT_COMMITTER_DATE neither in git's raw form nor ISO 8601 with a zone.
    /// </summary>
    public static string? ReflogCommitter(Func<string, string?> config)
    {
        var (name, email) = Raw(config, "committer", "GIT_COMMITTER");
        if (!Clean(name) || !Clean(email)) return null;
        var date = Env("GIT_COMMITTER_DATE");
        if (string.IsNullOrEmpty(date)) return Signature.Now(name!, email!).ToGitFormat();
        var raw = RawDate().Match(date);
        if (raw.Success && raw.Groups[2].Success)
        {
            var (seconds, offset) = ParseDate(date)!.Value;
            return new Signature(name!, email!, seconds, offset).ToGitFormat();
        }
        return IsoDate(date) is { } iso ? new Signature(name!, email!, iso.Seconds, iso.OffsetMinutes).ToGitFormat() : null;

        static bool Clean(string? text) =>
            !string.IsNullOrEmpty(text) && !Crud(text[0]) && !Crud(text[^1]) && text.IndexOfAny(['<', '>', '\n']) < 0;
        static bool Crud(char c) => c <= ' ' || char.IsWhiteSpace(c) || c is '.' or ',' or ':' or ';' or '<' or '>' or '"' or '\\' or '\'';
    }

    /// <summary>Name and email as configured, before any clean-up: the role's variable, its config, then user.* (and EMAIL).</summary>
    private static (string? Name, string? Email) Raw(Func<string, string?> config, string role, string prefix) =>
        (Env(prefix + "_NAME") ?? config(role + ".name") ?? config("user.name"),
         Env(prefix + "_EMAIL") ?? config(role + ".email") ?? config("user.email") ?? Env("EMAIL"));

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

    /// <summary>
    /// ISO 8601 with its zone spelled out ("2024-01-01T00:00:00Z", "2024-06-30 23:59:59.5 +02:00"),
    /// the one other form read here exactly as git reads it (fractions of a second dropped); null
    /// for anything else, which only git parses (a missing zone is git's local time).
    /// </summary>
    internal static (long Seconds, int OffsetMinutes)? IsoDate(string text)
    {
        if (IsoForm().Match(text) is not { Success: true } m) return null;
        int N(string group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);
        var (year, month, day, hour, minute, second) = (N("y"), N("mo"), N("d"), N("h"), N("mi"), N("s"));
        var zone = m.Groups["z"].Value;
        var offset = zone == "Z" ? 0 : (N("zh") * 60 + N("zm")) * (zone[0] == '-' ? -1 : 1);
        // git turns a date into seconds for 1970–2099 only (date.c, tm_to_time_t): other years are git's to judge.
        if (year is < 1970 or > 2099 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return null;
        if (hour > 23 || minute > 59 || second > 59 || Math.Abs(offset) >= 24 * 60) return null;
        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        return (new DateTimeOffset(local, TimeSpan.FromMinutes(offset)).ToUnixTimeSeconds(), offset);
    }

    [GeneratedRegex(@"^(?<y>\d{4})-(?<mo>\d{2})-(?<d>\d{2})[T ](?<h>\d{2}):(?<mi>\d{2}):(?<s>\d{2})(?:\.\d+)? ?(?<z>Z|[+-](?<zh>\d{2}):?(?<zm>\d{2}))$")]
    private static partial Regex IsoForm();

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name);
}
