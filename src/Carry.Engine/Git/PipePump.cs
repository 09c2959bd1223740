using System.Runtime.InteropServices;

namespace Carry.Git;

/// <summary>
/// Moves a child process's three pipes on the calling thread (Unix): poll(2) on standard output
/// and error, standard input written as fast as the pipe takes it, the way git's own
/// <c>pipe_command</c> does. A thread per pipe cost more than a short git command: each start
/// waits until the new thread has been scheduled, which on a busy machine took milliseconds.
/// </summary>
internal static unsafe class PipePump
{
    private const short PollIn = 0x1, PollOut = 0x4;
    private const int EIntr = 4, FGetFl = 3, FSetFl = 4;
    private static readonly int EAgain = OperatingSystem.IsLinux() ? 11 : 35;
    private static readonly int ONonBlock = OperatingSystem.IsLinux() ? 0x800 : 0x4;

    /// <summary>
    /// Writes <paramref name="input"/> to <paramref name="stdinFd"/> (then calls
    /// <paramref name="closeStdin"/>) while reading both outputs to their end. A child that exits
    /// without reading all its input is not an error here: the write's failure is returned, for the
    /// caller to report once it knows how the child ended.
    /// </summary>
    public static IOException? Run(int stdoutFd, int stderrFd, int stdinFd, ReadOnlySpan<byte> input, Action closeStdin, Stream stdout, Stream stderr)
    {
        if (input.IsEmpty)
        {
            closeStdin();
            stdinFd = -1;
        }
        else if (Libc.Fcntl(stdinFd, FSetFl, Libc.Fcntl(stdinFd, FGetFl, 0) | ONonBlock) < 0)
        {
            throw Failed("fcntl");
        }
        // Pooled: a command runs git several times, and each buffer would stay in the GC heap to the
        // end. 16 KB, the size the index writer rents too, so one array serves both.
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            return Pump(stdoutFd, stderrFd, stdinFd, input, closeStdin, stdout, stderr, buffer);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static IOException? Pump(int stdoutFd, int stderrFd, int stdinFd, ReadOnlySpan<byte> input, Action closeStdin, Stream stdout, Stream stderr, byte[] buffer)
    {
        IOException? unwritten = null;
        var written = 0;
        var fds = stackalloc Libc.PollFd[3];
        fixed (byte* inBytes = input)
        fixed (byte* b = buffer)
        {
            while (stdoutFd >= 0 || stderrFd >= 0 || stdinFd >= 0)
            {
                var n = 0;
                if (stdoutFd >= 0) fds[n++] = new Libc.PollFd { Fd = stdoutFd, Events = PollIn };
                if (stderrFd >= 0) fds[n++] = new Libc.PollFd { Fd = stderrFd, Events = PollIn };
                if (stdinFd >= 0) fds[n++] = new Libc.PollFd { Fd = stdinFd, Events = PollOut };
                if (Libc.Poll(fds, (nuint)n, -1) < 0)
                {
                    if (Marshal.GetLastPInvokeError() == EIntr) continue;
                    throw Failed("poll");
                }
                for (var i = 0; i < n; i++)
                {
                    // Any event (data, end of file, hang-up, error) is settled by the read or write itself.
                    if (fds[i].Revents == 0) continue;
                    var fd = fds[i].Fd;
                    if (fd == stdinFd)
                    {
                        var w = Libc.Write(fd, inBytes + written, (nuint)(input.Length - written));
                        if (w < 0)
                        {
                            var errno = Marshal.GetLastPInvokeError();
                            if (errno == EIntr || errno == EAgain) continue;
                            unwritten = new IOException($"cannot write to git's standard input (errno {errno})");
                        }
                        else written += (int)w;
                        if (unwritten is not null || written == input.Length)
                        {
                            closeStdin();
                            stdinFd = -1;
                        }
                        continue;
                    }
                    var r = Libc.Read(fd, b, (nuint)buffer.Length);
                    if (r < 0)
                    {
                        if (Marshal.GetLastPInvokeError() == EIntr) continue;
                        throw Failed("read");
                    }
                    if (r == 0)
                    {
                        if (fd == stdoutFd) stdoutFd = -1;
                        else stderrFd = -1;
                        continue;
                    }
                    (fd == stdoutFd ? stdout : stderr).Write(buffer, 0, (int)r);
                }
            }
        }
        return unwritten;
    }

    private static IOException Failed(string call) =>
        new($"cannot read git's output: {call} failed (errno {Marshal.GetLastPInvokeError()})");
}
