using System.Runtime.InteropServices;

namespace Carry.Cli;

/// <summary>The process entry point: wires the console to <see cref="CarryApp"/>.</summary>
public static class Program
{
    /// <summary>Runs carry with the process's arguments, console and working directory.</summary>
    public static int Main(string[] args)
    {
        JitProfile.Start(args); // the `any` fallback only; first, to prepare code ahead of everything below
        using var cancel = new CancellationTokenSource();
        // Ctrl-C asks the command to stop; the engine honours it only before it writes
        // anything, so an interrupted command leaves the repository exactly as it was.
        // A signal registration and plain file streams, not Console.CancelKeyPress or the
        // console's own streams: on Unix the first write through those (Console.Out, or
        // Console.OpenStandardOutput) sets up .NET's terminal handling, which switches the
        // terminal to application keypad mode (ESC[?1h ESC=) and never switches it back
        // (dotnet/corefx#32805), leaving the user's shell with odd arrow keys.
        // A command that only looks (CarryApp.OnlyLooks) keeps Ctrl-C's default, as 'git log'
        // does: it has nothing to leave half done (a journal it finishes is as safe under a kill as
        // under kill -9), and the handler's set-up (a thread) is ~0.35 ms of a 4 ms 'carry series'.
        using var interrupt = CarryApp.OnlyLooks(args) ? null : PosixSignalRegistration.Create(PosixSignal.SIGINT, signal =>
        {
            signal.Cancel = true;
            cancel.Cancel();
        });
        using var stdout = Writer(1, Console.OpenStandardOutput);
        using var stderr = Writer(2, Console.OpenStandardError);
        if (WorkingDirectory() is not { } cwd)
        {
            stderr.WriteLine("fatal: the current directory no longer exists");
            stderr.WriteLine("hint: a push, pop or checkout removed it: 'cd' to the top of the working tree and run the command again.");
            return 128;
        }
        var input = Console.IsInputRedirected ? new StreamReader(Console.OpenStandardInput()) : TextReader.Null;
        var context = new CliContext(cwd, stdout, stderr, cancel.Token)
        {
            Color = Output.ColorWanted(Console.IsOutputRedirected),
            ShowsProgress = !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("TERM") != "dumb",
            // Only a pipe or file is read (the pre-push hook's ref lines): reading a terminal through .NET sets the keypad mode too.
            In = input,
            Answers = Console.IsInputRedirected ? input : Terminal(),
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

    /// <summary>
    /// A writer on standard output or error. On Unix, a terminal or a pipe is written through the
    /// file descriptor itself; a regular file (output redirected, so .NET leaves the keypad alone)
    /// through the console's stream, which writes at the descriptor's shared offset: a FileStream
    /// keeps its own offset, and 'carry … >log 2>&1' would then write both streams over each other.
    /// </summary>
    private static StreamWriter Writer(int descriptor, Func<Stream> console)
    {
        Stream stream;
        try
        {
            stream = OperatingSystem.IsWindows() ? console() : Unshared(descriptor) ?? console();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            stream = Stream.Null; // a closed descriptor: nothing to write to
        }
        return new(new ReaderGoneStream(stream), new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { AutoFlush = true };
    }

    /// <summary>
    /// The terminal on standard input, read lazily (only a prompt reads it) and, on Unix, through
    /// the descriptor itself: .NET's console reader would switch the keypad mode (see above).
    /// </summary>
    private static TextReader Terminal() => new LazyReader(() =>
    {
        try
        {
            return OperatingSystem.IsWindows() ? new StreamReader(Console.OpenStandardInput())
                : new StreamReader(new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(0, ownsHandle: false), FileAccess.Read, bufferSize: 0));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return TextReader.Null; // no standard input at all: every prompt reads its end
        }
    });

    /// <summary>A reader opened on first use.</summary>
    private sealed class LazyReader(Func<TextReader> open) : TextReader
    {
        private TextReader? _reader;

        public override int Peek() => (_reader ??= open()).Peek();

        public override int Read() => (_reader ??= open()).Read();

        public override string? ReadLine() => (_reader ??= open()).ReadLine();
    }

    private static FileStream? Unshared(int descriptor)
    {
        var stream = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(descriptor, ownsHandle: false), FileAccess.Write, bufferSize: 0);
        if (!stream.CanSeek) return stream;
        stream.Dispose();
        return null;
    }
}
