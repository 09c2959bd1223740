namespace Carry.Cli;

/// <summary>The process entry point: wires the console to <see cref="CarryApp"/>.</summary>
public static class Program
{
    /// <summary>Runs carry with the process's arguments, console and working directory.</summary>
    public static int Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        // Ctrl-C asks the command to stop; the engine honours it only before it writes
        // anything, so an interrupted command leaves the repository exactly as it was.
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        if (WorkingDirectory() is not { } cwd)
        {
            Console.Error.WriteLine("fatal: the current directory no longer exists");
            Console.Error.WriteLine("hint: a push, pop or checkout removed it: 'cd' to the top of the working tree and run the command again.");
            return 128;
        }
        var context = new CliContext(cwd, Console.Out, Console.Error, cancel.Token)
        {
            Color = Output.ColorWanted(Console.IsOutputRedirected),
            In = Console.In,
        };
        return CarryApp.Run(args, context);
    }

    /// <summary>
    /// The current directory; when it was deleted (a pop removed the folder the shell sits in),
    /// the nearest folder above it that still exists, as the shell's PWD names it, so that carry
    /// still finds the repository. Null when neither can be found.
    /// </summary>
    private static string? WorkingDirectory()
    {
        try
        {
            return Environment.CurrentDirectory;
        }
        catch (IOException)
        {
            var dir = Environment.GetEnvironmentVariable("PWD") is { Length: > 0 } pwd && Path.IsPathRooted(pwd) ? new DirectoryInfo(pwd) : null;
            while (dir is not null && !dir.Exists) dir = dir.Parent;
            return dir?.FullName;
        }
    }
}
