using System.Globalization;
using System.Text;
using Carry.Patches;

namespace Carry.Formats;

/// <summary>
/// The commit message, author and date a patch file's header gives, the way people read it:
/// a mail (<c>From:</c>, <c>Date:</c>, <c>Subject:</c>, body up to <c>---</c>, as <c>git am</c>
/// takes it), DEP-3 fields (first line of <c>Description:</c> as subject, the whole header
/// kept as the body so no field is lost), or free text (first line as subject).
/// </summary>
/// <param name="Message">The commit message, ending with one newline.</param>
/// <param name="AuthorName">The author's name, or null when the header names nobody.</param>
/// <param name="AuthorEmail">The author's e-mail (may be empty).</param>
/// <param name="Date">When the patch was written, when the header says (mail <c>Date:</c>, DEP-3 <c>Last-Update:</c>).</param>
/// <param name="IsMail">True when the header is a mail (format-patch style).</param>
public sealed partial record PatchMessage(string Message, string? AuthorName, string AuthorEmail, DateTimeOffset? Date, bool IsMail)
{
    /// <summary>Reads the header of <paramref name="patch"/>; <paramref name="fallbackSubject"/> is used when it says nothing.</summary>
    /// <param name="patch">The parsed patch.</param>
    /// <param name="fallbackSubject">Subject to use when the header has none (the file's name).</param>
    public static PatchMessage From(PatchFile patch, string fallbackSubject)
    {
        var header = patch.Header;
        // As git am's commit: bytes that are not UTF-8 are read as Latin-1, not lost (8-bit mail headers, a Latin-1 body).
        var text = GitText.Decode(header.Message.Span).Replace("\r\n", "\n");
        var isMail = IsMailHeader(header);
        string subject;
        string body;
        if (isMail)
        {
            subject = StripPatchPrefix(header.Subject ?? "");
            body = MailBody(text);
        }
        else if (header.Get("Description") is { } description)
        {
            subject = description.Split('\n')[0].Trim();
            body = text.Trim('\n');
        }
        else
        {
            var lines = text.Split('\n').SkipWhile(string.IsNullOrWhiteSpace).ToList();
            subject = lines.Count > 0 ? lines[0].Trim() : "";
            body = string.Join('\n', lines.Skip(1)).Trim('\n');
        }
        if (subject.Length == 0) subject = fallbackSubject;
        var message = body.Length == 0 || body.Trim() == subject ? subject + "\n" : $"{subject}\n\n{body.TrimEnd()}\n";
        var (name, email) = header.Author is { } who && !string.IsNullOrWhiteSpace(who) ? Sane(SplitIdentity(who.Split('\n')[0].Trim())) : (null, "");
        var date = ParseDate(header.Date) ?? ParseDay(header.Get("Last-Update") ?? header.Get("Last-Updated"));
        return new PatchMessage(message, name, email, date, isMail);
    }

    /// <summary>A mail header starts with mail fields (optionally after git's <c>From &lt;id&gt;</c> line) and has a subject.</summary>
    public static bool IsMailHeader(PatchHeader header) =>
        header.Fields.Count > 0 && header.Fields[0].Line <= 2 && header.Get("Subject") is not null
        && header.Fields[0].Name.ToLowerInvariant() is "from" or "subject" or "date" or "message-id" or "to" or "cc";

    /// <summary>
    /// A series' cover letter: a mail whose subject is numbered 0 (<c>[PATCH 0/3]</c>, <c>[RFC v2 00/12]</c>)
    /// and that holds no diff. b4 and the patch trackers leave it out of what they apply, and
    /// <c>carry export mbox --cover-letter</c> writes one ahead of the patches.
    /// </summary>
    public static bool IsCoverLetter(PatchFile patch) =>
        patch.Files.Count == 0 && IsMailHeader(patch.Header) && patch.Header.Subject is { } subject && CoverNumber().IsMatch(subject);

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*\[[^\]]*\b0+/[0-9]+\]")]
    private static partial System.Text.RegularExpressions.Regex CoverNumber();

    private static string MailBody(string text)
    {
        // The body is what follows the first blank line after the mail fields.
        var blank = text.IndexOf("\n\n", StringComparison.Ordinal);
        return blank < 0 ? "" : text[(blank + 2)..].Trim('\n');
    }

    /// <summary>
    /// The subject as <c>git mailinfo</c> cleans it: leading <c>Re:</c>, blanks, colons and
    /// bracketed tags go, however many (<c>Re: Re: [PATCH 1/5 v2] [foo] third</c> → <c>third</c>),
    /// and line breaks become spaces.
    /// </summary>
    internal static string StripPatchPrefix(string subject)
    {
        var s = string.Join(' ', subject.Split('\n', StringSplitOptions.TrimEntries)).TrimEnd();
        var at = 0;
        while (at < s.Length)
        {
            if (s[at] is ' ' or '\t' or ':') at++;
            else if (s[at] is 'r' or 'R' && at + 3 < s.Length && s[at + 1] is 'e' or 'E' && s[at + 2] == ':') at += 3;
            else if (s[at] == '[' && s.IndexOf(']', at) is var end and > 0) at = end + 1;
            else break;
        }
        return s[at..].Trim();
    }

    /// <summary>"Jane Doe &lt;jane@example.org&gt;", "\"Doe, J\" &lt;j@x&gt;", "jane@example.org" or a bare name.</summary>
    internal static (string? Name, string Email) SplitIdentity(string text)
    {
        var lt = text.IndexOf('<');
        var gt = lt < 0 ? -1 : text.IndexOf('>', lt);
        if (lt >= 0 && gt > lt)
        {
            var name = text[..lt].Trim().Trim('"').Trim();
            var email = text[(lt + 1)..gt].Trim();
            return (name.Length > 0 ? name : email, email);
        }
        // The old "jane@example.org (Jane Doe)" form.
        if (text.IndexOf(" (", StringComparison.Ordinal) is var paren and > 0 && text.EndsWith(')') && text[..paren].Contains('@') && !text[..paren].Contains(' '))
            return (text[(paren + 2)..^1].Trim(), text[..paren]);
        return text.Contains('@') && !text.Contains(' ') ? (text, text) : (text, "");
    }

    /// <summary>
    /// The author as git am writes it, so that a hostile or broken header cannot make a commit
    /// git fsck rejects: a name holding '@', '&lt;' or '&gt;' gives way to the email (mailinfo's
    /// get_sane_name: <c>From: "A&gt;B" &lt;a@x&gt;</c> is <c>a@x &lt;a@x&gt;</c>), then crud is
    /// trimmed and no '&lt;', '&gt;' or newline stays inside (fmt_ident).
    /// </summary>
    private static (string? Name, string Email) Sane((string? Name, string Email) who)
    {
        var email = Git.Identity.WithoutCrud(who.Email);
        if (who.Name is null) return (null, email);
        var name = who.Name.AsSpan().IndexOfAny('@', '<', '>') >= 0 && email.Length > 0 ? email : Git.Identity.WithoutCrud(who.Name);
        return (name.Length > 0 ? name : email.Length > 0 ? email : null, email);
    }

    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    /// <summary>An RFC 2822 date ("Sun, 9 Feb 2014 16:09:48 +0000"), or null.</summary>
    internal static DateTimeOffset? ParseDate(string? text)
    {
        if (text is null) return null;
        var words = text.Replace(",", " ").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (words.Count > 0 && !char.IsAsciiDigit(words[0][0])) words.RemoveAt(0); // weekday
        if (words.Count < 4) return null;
        var month = Array.IndexOf(Months, words[1].ToLowerInvariant()[..Math.Min(3, words[1].Length)]) + 1;
        if (month == 0 || !int.TryParse(words[0], out var day) || !int.TryParse(words[2], out var year)) return null;
        var time = words[3].Split(':');
        if (time.Length < 2 || !int.TryParse(time[0], out var h) || !int.TryParse(time[1], out var m)) return null;
        var s = time.Length > 2 && int.TryParse(time[2], out var sec) ? sec : 0;
        var offset = TimeSpan.Zero;
        if (words.Count > 4 && words[4].Length == 5 && (words[4][0] is '+' or '-')
            && int.TryParse(words[4].AsSpan(1, 2), out var oh) && int.TryParse(words[4].AsSpan(3, 2), out var om))
            offset = TimeSpan.FromMinutes((words[4][0] == '-' ? -1 : 1) * (oh * 60 + om));
        try
        {
            return new DateTimeOffset(year, month, day, h, m, s, offset);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static DateTimeOffset? ParseDay(string? text) =>
        text is not null && DateTime.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d)
            ? new DateTimeOffset(d, TimeSpan.Zero) : null;
}
