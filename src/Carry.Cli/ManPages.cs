using System.CommandLine;
using System.Text;

namespace Carry.Cli;

/// <summary>
/// Manual pages in roff, generated from the same descriptions as --help: git-carry(1) lists the
/// commands, git-carry-COMMAND(1) tells one command (its sub-commands as sections), so that
/// 'git carry --help' and 'git help carry' (which run 'man git-carry') work once 'carry setup'
/// has put them where man looks.
/// </summary>
internal static class ManPages
{
    /// <summary>Every page: file name → roff text.</summary>
    public static IEnumerable<(string File, string Text)> All(RootCommand root, string version)
    {
        yield return ("git-carry.1", Root(root, version));
        foreach (var command in root.Subcommands.Where(s => !s.Hidden))
            yield return ($"git-carry-{command.Name}.1", Page(command, version));
    }

    private static string Root(RootCommand root, string version)
    {
        var sb = Header("GIT-CARRY", version);
        sb.Append(".SH NAME\ngit-carry \\- ").Append(Escape(root.Description ?? "")).Append('\n');
        sb.Append(".SH SYNOPSIS\n.B carry\n.I command\n[\\fIargs\\fR]\n.br\n.B git carry\n.I command\n[\\fIargs\\fR]\n");
        sb.Append(".SH DESCRIPTION\nCarry keeps a series of patches on top of a project you do not own. ");
        sb.Append("Each command below has its own page, \\fBgit-carry-\\fIcommand\\fR(1), and its own \\fBcarry \\fIcommand\\fB --help\\fR.\n");
        sb.Append(".SH COMMANDS\n");
        foreach (var command in root.Subcommands.Where(s => !s.Hidden))
            sb.Append(".TP\n.B ").Append(Escape(command.Name)).Append('\n').Append(Escape(First(command.Description))).Append('\n');
        sb.Append(".SH SEE ALSO\n\\fBgit\\fR(1); 'carry demo' for a guided tour.\n");
        return sb.ToString();
    }

    private static string Page(Command command, string version)
    {
        var sb = Header($"GIT-CARRY-{command.Name.ToUpperInvariant()}", version);
        sb.Append(".SH NAME\ngit-carry-").Append(Escape(command.Name)).Append(" \\- ").Append(Escape(First(command.Description))).Append('\n');
        sb.Append(".SH SYNOPSIS\n");
        Describe(sb, command, $"carry {command.Name}", top: true);
        sb.Append(".SH SEE ALSO\n\\fBgit-carry\\fR(1)\n");
        return sb.ToString();
    }

    private static void Describe(StringBuilder sb, Command command, string path, bool top)
    {
        if (top) sb.Append(".B ").Append(Escape(UsageErrors.Usage(command, path))).Append("\n.SH DESCRIPTION\n");
        else sb.Append(".SH ").Append(Escape(path.ToUpperInvariant())).Append("\n.B ").Append(Escape(UsageErrors.Usage(command, path))).Append("\n.PP\n");
        sb.Append(Escape(command.Description ?? "")).Append('\n');
        var arguments = command.Arguments.Where(a => !a.Hidden).ToList();
        var options = command.Options.Where(o => !o.Hidden && o is not System.CommandLine.Help.HelpOption).ToList();
        if (arguments.Count > 0 || options.Count > 0) sb.Append(top ? ".SH OPTIONS\n" : ".PP\nOptions:\n");
        foreach (var a in arguments)
            sb.Append(".TP\n.I ").Append(Escape(a.Name)).Append('\n').Append(Escape(a.Description ?? "")).Append('\n');
        foreach (var o in options)
        {
            var names = string.Join(", ", o.Aliases.Order().Prepend(o.Name).Distinct());
            var value = o.ValueType == typeof(bool) ? "" : $" <{(string.IsNullOrEmpty(o.HelpName) ? o.Name.TrimStart('-') : o.HelpName)}>";
            sb.Append(".TP\n.B ").Append(Escape(names + value)).Append('\n').Append(Escape(o.Description ?? "")).Append('\n');
        }
        foreach (var sub in command.Subcommands.Where(s => !s.Hidden))
            Describe(sb, sub, $"{path} {sub.Name}", top: false);
    }

    private static StringBuilder Header(string title, string version) =>
        new StringBuilder().Append(".TH ").Append(title).Append(" 1 \"\" \"").Append(Escape(version)).Append("\" \"Carry Manual\"\n");

    private static string First(string? description) => (description ?? "").Split('\n')[0];

    /// <summary>
    /// Text as roff reads it: backslashes and leading dots or quotes escaped; '…' spelled "..."
    /// (in a C locale groff's ASCII output has no glyph for it and warns on every page that has one).
    /// </summary>
    private static string Escape(string text)
    {
        var sb = new StringBuilder();
        foreach (var line in text.Replace("\\", "\\e").Replace("-", "\\-").Replace("\u2026", "...").Split('\n'))
        {
            if (sb.Length > 0) sb.Append('\n');
            var trimmed = line.TrimStart();
            if (trimmed.StartsWith('.') || trimmed.StartsWith('\'')) sb.Append("\\&");
            sb.Append(trimmed);
        }
        return sb.ToString();
    }
}
