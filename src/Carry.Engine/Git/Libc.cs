using System.Runtime.InteropServices;

namespace Carry.Git;

/// <summary>
/// The C library's file-descriptor calls Carry makes itself (Unix only), declared once: the
/// working-tree writer's file creation, in-place rewrite and stat walk (Checkout/FileStat), the
/// pipes of a git process (PipePump), the user id a repository's owner is compared with
/// (PlainRepository), and the link that creates locks with their content (ExclusiveFile). The errno of a
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

    /// <summary>errno: something already has that name (17 on Linux and macOS).</summary>
    public const int EEXIST = 17;
}
