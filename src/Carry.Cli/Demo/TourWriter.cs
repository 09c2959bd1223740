using System.Text;

namespace Carry.Cli.Demo;

/// <summary>
/// How the tour looks: chapter headings, the command lines as a user would type them, and
/// the commands' own output indented beneath. Colors go through <see cref="Output"/>, so
/// NO_COLOR and pipes get plain text.
/// </summary>
internal sealed class TourWriter(TextWriter output, Output paint)
{
    private const int Width = 92;
    private const string CommandIndent = "  ";
    private const string OutputIndent = "    ";

    public TextWriter Raw => output;
    public Output Paint => paint;

    /// <summary>The tour's banner.</summary>
    public void Banner(string title, string text)
    {
        output.WriteLine(paint.Bold(title));
        Paragraph(text, "");
    }

    /// <summary>A chapter's title and why the user is doing it.</summary>
    public void Chapter(int number, int total, string title, string why)
    {
        output.WriteLine();
        output.WriteLine(paint.BoldGreen($"[{number}/{total}] {title}"));
        Paragraph(why, "");
        output.WriteLine();
    }

    /// <summary>A shell-style comment between commands: what the next command is for.</summary>
    public void Comment(string text) => Paragraph(text, CommandIndent + "# ", paint.Dim);

    /// <summary>A command line, as the user would type it.</summary>
    public void Command(string program, IReadOnlyList<string> args) =>
        output.WriteLine(CommandIndent + "$ " + paint.Bold(string.Join(' ', args.Select(ShellQuote).Prepend(program))));

    /// <summary>A file the user writes, shown with its contents.</summary>
    public void ShowFile(string verb, string path, string content)
    {
        output.WriteLine(CommandIndent + paint.Dim($"# {verb} {path}:"));
        foreach (var line in content.TrimEnd('\n').Split('\n')) output.WriteLine(OutputIndent + paint.Dim("| " + line));
    }

    /// <summary>A fact the tour checked (and would have failed on).</summary>
    public void Checked(string text) => output.WriteLine(CommandIndent + paint.Green("ok ") + text);

    /// <summary>Text written by a command, indented beneath its command line.</summary>
    public void CommandOutput(string text)
    {
        using var indented = Indented();
        indented.Write(text);
    }

    /// <summary>A writer that indents everything written to it; what it writes is also kept in <paramref name="copy"/>.</summary>
    public TextWriter Indented(StringBuilder? copy = null) => new IndentedWriter(output, OutputIndent, copy);

    /// <summary>Quotes an argument for display the way a user would type it in a POSIX shell.</summary>
    public static string ShellQuote(string arg)
    {
        if (arg.Length > 0 && arg.All(ch => char.IsAsciiLetterOrDigit(ch) || "-_./=+:@,%^".Contains(ch))) return arg;
        if (!arg.Any(ch => "\"$`\\!".Contains(ch))) return $"\"{arg}\"";
        return $"'{arg.Replace("'", "'\\''")}'";
    }

    /// <summary>Word-wraps text to the terminal-friendly width, each line after <paramref name="prefix"/>.</summary>
    private void Paragraph(string text, string prefix, Func<string, string>? style = null)
    {
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && prefix.Length + line.Length + 1 + word.Length > Width)
            {
                output.WriteLine((style ?? (s => s))(prefix + line));
                line.Clear();
            }
            if (line.Length > 0) line.Append(' ');
            line.Append(word);
        }
        if (line.Length > 0) output.WriteLine((style ?? (s => s))(prefix + line));
    }

    /// <summary>Prefixes every line with an indent, so a command's output sits under its command line.</summary>
    private sealed class IndentedWriter(TextWriter inner, string indent, StringBuilder? copy) : TextWriter
    {
        private bool _atLineStart = true;

        public override Encoding Encoding => inner.Encoding;

        public override void Write(char value)
        {
            copy?.Append(value);
            // Indent before the first visible character of a line, so empty lines stay empty
            // and a progress line's '\r' returns to the indented column.
            if (_atLineStart && value is not ('\n' or '\r')) inner.Write(indent);
            inner.Write(value);
            _atLineStart = value is '\n' or '\r';
        }

        public override void Flush() => inner.Flush();
    }
}
