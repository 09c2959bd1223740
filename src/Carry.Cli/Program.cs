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
        var context = new CliContext(Environment.CurrentDirectory, Console.Out, Console.Error, cancel.Token)
        {
            Color = Output.ColorWanted(Console.IsOutputRedirected),
            In = Console.In,
        };
        return CarryApp.Run(args, context);
    }
}
