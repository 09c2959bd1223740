using System.CommandLine;
using Carry.Cli.Commands;
using Carry.Git;

namespace Carry.Cli;

/// <summary>Builds the command tree and runs one command line, turning failures into git-style messages.</summary>
public static class CarryApp
{
    /// <summary>Runs one carry command line; returns the process exit code.</summary>
    public static int Run(string[] args, CliContext context)
    {
        context.CommandLine = string.Join(' ', args.Select(Quote));
        // Nearly every command opens the repository: the native git library loads meanwhile.
        // Help, the version and completion scripts do not, and would only wait for it at exit.
        var noRepository = args is [] or ["help" or "completion", ..] || args.Any(a => a is "--help" or "-h" or "-?" or "--version");
        if (args is ["--version"])
        {
            context.Out.WriteLine(BuildInfo.Describe());
            return 0;
        }
        // Not earlier (the top of Main was tried): the load thread runs static constructors of its
        // own (AppContext's, through the native library search), and started before the main
        // thread had run those of the console set-up, the two deadlocked on each other in NativeAOT
        // (bench/README.md, the dev kit's "tried and not kept").
        // 'carry series' and 'carry status' answer from a cache when they can, with no library at all (SeriesCache).
        using var warm = noRepository || OnlyLooks(args) ? null : Git.CarryRepository.WarmUp();
        var root = OneCommand(args, context) ?? AllCommands(context);
        if (args is [] or ["--help" or "-h" or "-?"])
            return Overview(root, context.Out);
        try
        {
            // No response files: '@~2' names a state of the stack (carry range-diff), not a file of arguments.
            var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
            if (UsageErrors.Check(parsed, context) is { } usage) return usage;
            return parsed.Invoke(new InvocationConfiguration { Output = context.Out, Error = context.Err, EnableDefaultExceptionHandler = false });
        }
        catch (CarryException e)
        {
            context.Err.WriteLine($"error: {Shown(e.Message)}");
            if (e.Hint is { } hint)
                foreach (var line in hint.Split('\n')) context.Err.WriteLine($"hint: {Shown(line)}");
            return e.ExitCode;
        }
        catch (OperationCanceledException)
        {
            context.Err.WriteLine("interrupted: nothing was changed.");
            return 130;
        }
        // UnauthorizedAccessException: a file or folder carry may not read or write (not IOException in .NET).
        catch (Exception e) when (e is Git.GitFailedException or Git.MissingObjectException or FormatException or IOException or UnauthorizedAccessException)
        {
            context.Err.WriteLine($"fatal: {Shown(e.Message)}");
            if (Environment.GetEnvironmentVariable("CARRY_DEBUG") is not null) context.Err.WriteLine(e);
            return 128;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("CARRY_DEBUG") is null)
        {
            // A bug in carry. The repository is safe (nothing is written before the final
            // transaction), but the user deserves a short message, not a stack trace.
            context.Err.WriteLine($"fatal: carry failed unexpectedly: {e.GetType().Name}: {e.Message}");
            context.Err.WriteLine("hint: nothing was changed. Run again with CARRY_DEBUG=1 for details, and please report it.");
            return 70;
        }
    }

    /// <summary>
    /// Every command by name, in the order the overview lists them. A line that names
    /// one of these and asks no help is parsed with that command alone (<see cref="OneCommand"/>).
    /// </summary>
    internal static readonly (string Name, Func<CliContext, Command> Build)[] Table =
    [
        ("init", InitCommand.Build), ("status", StatusCommand.Build), ("series", SeriesCommand.Build), ("show", ShowCommand.Build),
        ("diff", DiffCommand.Build), ("files", FilesCommand.Build), ("new", NewCommand.Build), ("refresh", RefreshCommand.Build),
        ("edit", EditCommand.Build), ("rename", RenameCommand.Build), ("delete", DeleteCommand.Build), ("squash", SquashCommand.Build),
        ("push", PushCommand.Build), ("pop", PopCommand.Build), ("goto", GotoCommand.Build), ("move", MoveCommand.Build),
        ("sink", SinkCommand.Build), ("float", FloatCommand.Build), ("undo", UndoCommand.Build), ("redo", RedoCommand.Build),
        ("log", LogCommand.Build), ("repair", RepairCommand.Build), ("sync", SyncCommand.Build), ("demo", DemoCommand.Build),
        ("import", ImportCommand.Build), ("export", ExportCommand.Build),
        ("layer", LayerCommand.Build), ("guard", GuardCommand.Build), ("select", SelectCommand.Build), ("publish", PublishCommand.Build), ("work", WorkCommand.Build),
        ("kit", KitCommand.Build), ("propose", ProposeCommand.Build), ("reject", RejectCommand.Build), ("fork-only", ForkOnlyCommand.Build), ("landed", LandedCommand.Build),
        ("keep", KeepCommand.Build),
        ("version", VersionCommand.Build), ("versions", VersionsCommand.Build), ("range-diff", RangeDiffCommand.Build),
        ("share", ShareCommand.Build), ("report", ReportCommand.Build), ("guard-push", GuardPushCommand.Build), ("test", TestCommand.Build),
        ("finish", FinishCommand.Build), ("uncommit", UncommitCommand.Build), ("pick", PickCommand.Build), ("fold", FoldCommand.Build), ("spill", SpillCommand.Build),
        ("hide", HideCommand.Build), ("unhide", HideCommand.BuildUnhide), ("edit-series", EditSeriesCommand.Build), ("split", SplitCommand.Build), ("absorb", AbsorbCommand.Build),
    ];

    private const string Description = "Carry a series of patches on top of a project you do not own.";

    /// <summary>
    /// The commands that only look and usually answer from the series cache (docs/storage.md):
    /// libgit2's load is not started for them (a cache miss loads it then), nor a Ctrl-C handler.
    /// </summary>
    internal static bool OnlyLooks(string[] args) => args is ["series" or "status", ..];

    /// <summary>The whole tree: every command under the root, with help and version options.</summary>
    internal static RootCommand AllCommands(CliContext context)
    {
        var root = new RootCommand(Description);
        foreach (var (_, build) in Table) root.Subcommands.Add(build(context));
        foreach (var command in FirstContact(context, root)) root.Subcommands.Add(command);
        return root;
    }

    /// <summary>
    /// A root holding only the command the line names, when it names one of <see cref="Table"/> and
    /// asks for no help: the line parses and runs as under the whole tree (the test that says so is
    /// <c>HelpTests</c>), without building fifty other commands or the help option, whose
    /// description is a resource lookup through reflection. Together ~1.4 ms of a 9 ms 'carry series'.
    /// Null otherwise: help, completion and a mistyped command need every command.
    /// </summary>
    internal static Command? OneCommand(string[] args, CliContext context)
    {
        if (args is not [var first, ..] || args.Any(a => a is "--help" or "-h" or "-?" or "/h" or "/?" or "--version")) return null;
        foreach (var (name, build) in Table)
            if (name == first) return new Command("carry", Description) { build(context) };
        return null;
    }

    /// <summary>
    /// A message as it may reach the terminal: names in it come from patches, trees and stacks that
    /// are someone else's, and one the message forgot to quote must still not act on the terminal.
    /// Lines and their leading tabs (lists of paths) are kept; other control characters are shown as <c>\x1b</c>.
    /// </summary>
    private static string Shown(string message) => string.Join('\n', message.Split('\n').Select(line =>
    {
        var tabs = line.Length - line.TrimStart('\t').Length;
        return line[..tabs] + Paths.Printable.Of(line[tabs..]);
    }));

    /// <summary>help, completion (and the hidden __complete the scripts call), setup: about carry itself.</summary>
    private static IEnumerable<Command> FirstContact(CliContext c, RootCommand root) =>
        [HelpCommand.Build(c, () => root), CompletionCommand.Build(c), CompletionCommand.Hidden(c, () => root), SetupCommand.Build(c, () => root)];

    /// <summary>
    /// The root help, one line a command (the first of its description): with some forty commands,
    /// each one's full text belongs to 'carry COMMAND --help', as in git.
    /// </summary>
    private static int Overview(Command root, TextWriter output)
    {
        output.WriteLine("usage: carry <command> [<args>]   (also: git carry <command>)");
        output.WriteLine();
        output.WriteLine(root.Description);
        output.WriteLine();
        output.WriteLine("Commands:");
        var width = root.Subcommands.Where(s => !s.Hidden).Max(c => c.Name.Length);
        foreach (var command in root.Subcommands.Where(s => !s.Hidden))
            output.WriteLine($"  {command.Name.PadRight(width)}  {FirstSentence(command.Description ?? "")}");
        output.WriteLine();
        output.WriteLine("'carry <command> --help' tells more about a command; 'carry demo' tours them on a sample project.");
        return 0;
    }

    private static string FirstSentence(string text)
    {
        text = text.Replace('\n', ' ');
        var end = text.IndexOfAny(['.', ':']);
        while (end >= 0 && end + 1 < text.Length && text[end + 1] != ' ') end = text.IndexOfAny(['.', ':'], end + 1);
        return end < 0 ? text : text[..end] + (text[end] == '.' ? "." : "");
    }

    private static string Quote(string arg) =>
        arg.Length > 0 && arg.All(ch => char.IsLetterOrDigit(ch) || "-_./=+:@,".Contains(ch)) ? arg : $"'{arg.Replace("'", "'\\''")}'";
}
