using System.Text;
using Carry.Git;
using Carry.Model;
using Carry.Patches;

namespace Carry.Formats;

/// <summary>How an exported patch file was made.</summary>
public enum ExportKind
{
    /// <summary>Unchanged since import: the original bytes.</summary>
    Unchanged,
    /// <summary>Changed: written again in the style it came in.</summary>
    Regenerated,
    /// <summary>Never imported: written as <c>git format-patch</c> does.</summary>
    New,
}

/// <summary>
/// Writes one patch as a file: the original bytes when neither its change nor its message
/// changed since import; otherwise regenerated from its commit in the original's style (header
/// text kept when the message is unchanged, same prefixes and <c>-p</c> level, <c>index</c> and
/// <c>diff --git</c> lines only if it had them); <c>git format-patch</c> output for new patches.
/// </summary>
public sealed partial class PatchWriter(CarryRepository repo)
{
    /// <summary>The file's bytes and how they were made.</summary>
    /// <param name="patch">The patch.</param>
    public (byte[] Bytes, ExportKind Kind) Write(Patch patch)
    {
        var objects = repo.Objects;
        var commit = objects.ReadCommit(patch.Commit);
        if (patch.Source is not { } source) return (FormatPatch(patch.Commit), ExportKind.New);
        var original = objects.ReadBlob(source.Blob);
        var sameMessage = Fingerprint.Message(commit) == source.Message;
        if (sameMessage && Fingerprint.Change(objects, commit) == source.Change) return (original, ExportKind.Unchanged);

        var parsed = UnifiedDiffReader.Parse(original, source.File);
        var regenerated = Regenerate(patch.Commit, commit, source, parsed, sameMessage);
        // A rebase or an edit below can change line numbers or unrelated parts of the files
        // (so the tree-level fingerprint) without touching this patch's hunks: then it is unchanged.
        if (sameMessage && SameHunks(parsed, regenerated, source.Strip)) return (original, ExportKind.Unchanged);
        return (regenerated, ExportKind.Regenerated);
    }

    private byte[] Regenerate(Oid id, CommitData commit, PatchSource source, PatchFile original, bool sameMessage)
    {
        var style = DiffStyle.Of(original, source.Strip);
        var parent = commit.Parent ?? ObjectStore.EmptyTree;
        var (from, to) = source.Reverse ? (id, parent) : (parent, id);
        var diff = Encoding.Latin1.GetString(Diffs.Between(repo, from, to, style.GitOptions()));
        var body = style.Restyle(diff);
        var header = sameMessage ? WithoutDiffstat(Encoding.Latin1.GetString(original.Header.Raw.Span)) : NewHeader(commit, original);
        var gap = original.Files.Count > 0 && original.Files[0].Preamble.Span.Trim("\r\n \t"u8).IsEmpty
            ? Encoding.Latin1.GetString(original.Files[0].Preamble.Span) : "";
        return Encoding.Latin1.GetBytes(header + gap + body + Encoding.Latin1.GetString(original.Trailer.Span));
    }

    /// <summary>
    /// The header text without the diffstat git writes after <c>---</c> (<c> file | 3 ++-</c>,
    /// <c> 1 file changed…</c>, <c> create mode…</c>): the change was regenerated, so it would
    /// be stale. Other notes after <c>---</c> stay.
    /// </summary>
    internal static string WithoutDiffstat(string header)
    {
        var lines = header.Split('\n');
        var separator = Array.FindIndex(lines, l => l.TrimEnd() == "---");
        if (separator < 0) return header;
        var kept = lines.Take(separator + 1).Concat(lines.Skip(separator + 1).Where(l => !IsDiffstatLine(l)));
        return string.Join('\n', kept);
    }

    // Generated at build time: a pattern given as a string at run time brings .NET's whole regex
    // parser and interpreter into the NativeAOT binary, for these three lines alone.
    private static bool IsDiffstatLine(string line) =>
        line.StartsWith(' ') && (StatLine().IsMatch(line) || SummaryLine().IsMatch(line) || ModeLine().IsMatch(line));

    [System.Text.RegularExpressions.GeneratedRegex(@"^ .+ \| +(\d+ ?[+-]*|Bin( \d+ -> \d+ bytes)?)$")]
    private static partial System.Text.RegularExpressions.Regex StatLine();

    [System.Text.RegularExpressions.GeneratedRegex(@"^ \d+ files? changed(, \d+ insertions?\(\+\))?(, \d+ deletions?\(-\))?$")]
    private static partial System.Text.RegularExpressions.Regex SummaryLine();

    [System.Text.RegularExpressions.GeneratedRegex(@"^ (create|delete) mode \d{6} |^ mode change \d{6} => \d{6} |^ (rename|copy) .+ \(\d+%\)$")]
    private static partial System.Text.RegularExpressions.Regex ModeLine();

    /// <summary>The message changed: a new header in the original's manner (mail fields, or plain text).</summary>
    private static string NewHeader(CommitData commit, PatchFile original)
    {
        var message = commit.Message.TrimEnd('\n');
        var nl = message.IndexOf('\n');
        var subject = nl < 0 ? message : message[..nl];
        var body = nl < 0 ? "" : message[(nl + 1)..].Trim('\n');
        var sb = new StringBuilder();
        if (PatchMessage.IsMailHeader(original.Header))
        {
            if (original.Header.MboxCommit is { } id) sb.Append($"From {id} Mon Sep 17 00:00:00 2001\n");
            var prefix = (original.Header.Subject ?? "").TrimStart().StartsWith("[PATCH", StringComparison.OrdinalIgnoreCase) ? "[PATCH] " : "";
            sb.Append($"From: {commit.Author.Identity}\nDate: {MailDate(commit.Author)}\nSubject: {prefix}{subject}\n\n");
            if (body.Length > 0) sb.Append(body).Append('\n');
            if (original.Header.HasNotesSeparator) sb.Append("---\n");
        }
        else
        {
            // Imported DEP-3 or free text became "subject, blank line, the header text": write that text back.
            sb.Append(original.Header.Get("Description") is not null && body.Length > 0 ? body : message).Append("\n\n");
        }
        return Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(sb.ToString()));
    }

    /// <summary>"Sun, 9 Feb 2014 16:09:48 +0000", as mail wants dates.</summary>
    internal static string MailDate(Signature who)
    {
        var when = who.When;
        var sign = who.OffsetMinutes < 0 ? '-' : '+';
        var abs = Math.Abs(who.OffsetMinutes);
        return when.ToString("ddd, d MMM yyyy HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + $" {sign}{abs / 60:00}{abs % 60:00}";
    }

    /// <summary>True when both files make the same changes to the same files, line numbers aside.</summary>
    private static bool SameHunks(PatchFile original, byte[] regenerated, int strip)
    {
        PatchFile again;
        try
        {
            again = UnifiedDiffReader.Parse(regenerated);
        }
        catch (PatchFormatException)
        {
            return false;
        }
        if (again.Files.Count != original.Files.Count) return false;
        for (var i = 0; i < again.Files.Count; i++)
        {
            var (a, b) = (original.Files[i], again.Files[i]);
            if (a.Kind != b.Kind || a.IsBinary || b.IsBinary || a.Hunks.Count != b.Hunks.Count) return false;
            if (!SamePath(a, b, strip)) return false;
            if ((a.NewMode ?? b.NewMode) != (b.NewMode ?? a.NewMode)) return false;
            for (var h = 0; h < a.Hunks.Count; h++)
            {
                var (x, y) = (a.Hunks[h].Lines, b.Hunks[h].Lines);
                if (x.Count != y.Count) return false;
                for (var l = 0; l < x.Count; l++)
                    if (x[l].Kind != y[l].Kind || !x[l].Content.Span.SequenceEqual(y[l].Content.Span)) return false;
            }
        }
        return true;
    }

    private static bool SamePath(FileDiff a, FileDiff b, int strip)
    {
        try
        {
            return a.Path(strip) == b.Path(strip);
        }
        catch (PatchPathException)
        {
            return false;
        }
    }

    /// <summary><c>git format-patch</c> of one commit: how a patch that was never imported is written.</summary>
    public byte[] FormatPatch(Oid commit) =>
        Diffs.FormatPatch(repo, commit);
}
