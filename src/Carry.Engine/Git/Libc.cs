using System.Runtime.InteropServices;

namespace Carry.Git;

/// <summary>
/// The C library's file-descriptor calls Carry makes itself (Unix only), declared once: the
/// working-tree writer's file creation, in-place rewrite and stat walk (Checkout/FileStat), the
/// pipes of a git process (PipePump), the user id a repository's owner is compared with
/// (PlainRepository), the link that creates locks with their content (ExclusiveFile), and the
/// signal mask a git child inherits (InterruptShield). The errno of a
/// failed call is <see cref="Marshal.GetLastPInvokeError"/>.
/// </summary>
internal static unsafe partial class Libc
{
    /// <summary>One descriptor for <see cref="Poll"/>: <c>struct pollfd</c>, the same layout on Linux and macOS.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true)]
    public static partial int Open(byte* path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "close")]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "ftruncate", SetLastError = true)]
    public static partial int Ftruncate(int fd, long length);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeout);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(int fd, int command, int argument);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint Geteuid();

    /// <summary>A second name for a file, made only if nothing has that name (errno <see cref="EEXIST"/> then).</summary>
    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Link(string existing, string newName);

    [LibraryImport("libc", EntryPoint = "sigemptyset")]
    public static partial int SigEmptySet(byte* set);

    [LibraryImport("libc", EntryPoint = "sigaddset")]
    public static partial int SigAddSet(byte* set, int signal);

    /// <summary>The calling thread's signal mask (<see cref="InterruptShield"/>): what a child it starts inherits.</summary>
    [LibraryImport("libc", EntryPoint = "pthread_sigmask")]
    public static partial int PthreadSigmask(int how, byte* set, byte* old);

    /// <summary>errno: something already has that name (17 on Linux and macOS).</summary>
    public const int EEXIST = 17;
}
