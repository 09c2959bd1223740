using System.Runtime.InteropServices;

namespace Carry.Git.Checkout;

/// <summary>
/// The stat fields git keeps in its index (ctime, mtime, dev, ino, uid, gid, size), read with
/// Linux's statx, whose layout is the same on every architecture. .NET exposes no inode or
/// ctime; without them git would see every written file as "stat-dirty".
/// </summary>
internal static unsafe partial class FileStat
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;

    [StructLayout(LayoutKind.Sequential)]
    private struct Timestamp
    {
        public long Seconds;
        public uint Nanos;
        public int Reserved;
    }

    [StructLayout(LayoutKind.Sequential, Size = 256)]
    private struct Statx
    {
        public uint Mask, BlockSize;
        public ulong Attributes;
        public uint Links, Uid, Gid;
        public ushort Mode, Spare0;
        public ulong Ino, Size, Blocks, AttributesMask;
        public Timestamp Atime, Btime, Ctime, Mtime;
        public uint RdevMajor, RdevMinor, DevMajor, DevMinor;
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int NativeStatx(int dirfd, byte* path, int flags, uint mask, Statx* buffer);

    /// <summary>The fields git keeps, as git stores them (32 bits each).</summary>
    public readonly record struct Stat(uint CtimeSeconds, uint CtimeNanos, uint MtimeSeconds, uint MtimeNanos,
        uint Dev, uint Ino, uint Mode, uint Uid, uint Gid, uint Size);

    private const int OWronly = 0x1, OCreat = 0x40, OExcl = 0x80, OCloexec = 0x80000;

    /// <summary>
    /// Creates a new file with <paramref name="mode"/> (through the umask, as git does) and
    /// writes it: three system calls, where a FileStream makes about nine (locks, seeks, fstat),
    /// which matters when a checkout writes thousands of files.
    /// </summary>
    public static void CreateFile(byte[] nulTerminatedPath, uint mode, byte[] content)
    {
        int fd;
        fixed (byte* p = nulTerminatedPath) fd = Libc.Open(p, OWronly | OCreat | OExcl | OCloexec, mode);
        if (fd < 0) throw new IOException($"cannot create '{System.Text.Encoding.UTF8.GetString(nulTerminatedPath).TrimEnd('\0')}' (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            fixed (byte* b = content)
            {
                for (nuint done = 0; done < (nuint)content.Length;)
                {
                    var n = Libc.Write(fd, b + done, (nuint)content.Length - done);
                    if (n < 0) throw new IOException($"cannot write '{System.Text.Encoding.UTF8.GetString(nulTerminatedPath).TrimEnd('\0')}' (errno {Marshal.GetLastPInvokeError()})");
                    done += (nuint)n;
                }
            }
        }
        finally
        {
            Libc.Close(fd);
        }
    }

    /// <summary>True when statx can be used here (Linux with a C library that has it).</summary>
    public static bool Available { get; } = Probe();

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return TryRead("/\0"u8.ToArray(), out _);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Reads the stat of a file (not following symlinks); the path is NUL-terminated bytes.</summary>
    public static bool TryRead(byte[] nulTerminatedPath, out Stat stat) => TryReadAt(AtFdCwd, nulTerminatedPath, out stat);

    /// <summary>
    /// Opens a folder for <see cref="TryReadAt"/> (O_PATH: nothing is read through it), or returns -1.
    /// A walk of thousands of files then resolves only the path below it: about a fifth less
    /// kernel time per file than absolute paths, measured on a 2,000-file working tree.
    /// </summary>
    public static int OpenFolder(string path)
    {
        const int OPath = 0x200000;
        var bytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = bytes) return Libc.Open(p, OPath | OCloexec, 0);
    }

    /// <summary>Closes a folder opened by <see cref="OpenFolder"/>.</summary>
    public static void CloseFolder(int fd) => Libc.Close(fd);

    /// <summary>Reads the stat of a file below the folder <paramref name="folder"/> (or the current directory, -100), not following symlinks.</summary>
    public static bool TryReadAt(int folder, ReadOnlySpan<byte> nulTerminatedPath, out Stat stat)
    {
        Statx sx;
        int rc;
        fixed (byte* p = nulTerminatedPath) rc = NativeStatx(folder, p, AtSymlinkNoFollow, StatxBasicStats, &sx);
        if (rc != 0)
        {
            stat = default;
            return false;
        }
        // glibc's makedev(), truncated to 32 bits as git stores st_dev.
        var dev = ((sx.DevMajor & 0xfff) << 8) | ((sx.DevMinor & 0xffffff00) << 12) | (sx.DevMinor & 0xff);
        stat = new Stat((uint)sx.Ctime.Seconds, sx.Ctime.Nanos, (uint)sx.Mtime.Seconds, sx.Mtime.Nanos,
            dev, (uint)sx.Ino, sx.Mode, sx.Uid, sx.Gid, (uint)sx.Size);
        return true;
    }
}
