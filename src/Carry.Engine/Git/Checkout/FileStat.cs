using System.Runtime.InteropServices;

namespace Carry.Git.Checkout;

/// <summary>
/// The stat fields git keeps in its index (ctime, mtime, dev, ino, uid, gid, size), read with
/// Linux's statx, whose layout is the same on every architecture. .NET exposes no inode or
/// ctime; without them git would see every written file as "stat-dirty".
/// </summary>
internal static unsafe class FileStat
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

    /// <summary>
    /// statx, found in glibc by name. Not declared with the other C library calls, which the Linux
    /// NativeAOT build binds at link time (Carry.Cli.csproj): glibc before 2.28 (which .NET 10
    /// still runs on) has no statx, and the binary would not start there. Nor a lazily bound
    /// import: resolving one reads the assembly's import attributes through reflection, ~0.25 ms
    /// of a 5 ms 'carry series'. Null when this C library has none (Probe then says unavailable).
    /// </summary>
    private static class Entry
    {
        public static readonly delegate* unmanaged<int, byte*, int, uint, Statx*, int> Statx = Resolve();

        private static delegate* unmanaged<int, byte*, int, uint, Statx*, int> Resolve()
        {
            if (!OperatingSystem.IsLinux() || !NativeLibrary.TryLoad("libc.so.6", out var libc)) return null;
            return NativeLibrary.TryGetExport(libc, "statx", out var statx) ? (delegate* unmanaged<int, byte*, int, uint, Statx*, int>)statx : null;
        }
    }

    /// <summary>statx(2); its errno is then <see cref="Marshal.GetLastPInvokeError"/>, as for the declared imports.</summary>
    private static int NativeStatx(int dirfd, byte* path, int flags, uint mask, Statx* buffer)
    {
        var statx = Entry.Statx;
        if (statx == null) throw new EntryPointNotFoundException("this C library has no statx");
        Marshal.SetLastSystemError(0);
        var rc = statx(dirfd, path, flags, mask, buffer);
        Marshal.SetLastPInvokeError(Marshal.GetLastSystemError());
        return rc;
    }

    /// <summary>The fields git keeps, as git stores them (32 bits each).</summary>
    public readonly record struct Stat(uint CtimeSeconds, uint CtimeNanos, uint MtimeSeconds, uint MtimeNanos,
        uint Dev, uint Ino, uint Mode, uint Uid, uint Gid, uint Size);

    private const int OWronly = 0x1, OCreat = 0x40, OExcl = 0x80, ONonblock = 0x800, OCloexec = 0x80000;
    private const int AtEmptyPath = 0x1000;

    // O_NOFOLLOW is the one flag here whose value differs between Linux's architectures.
    private static readonly int ONofollow =
        RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000;

    /// <summary>
    /// Creates a new file with <paramref name="mode"/> (through the umask, as git does), writes
    /// it and returns its stat: four system calls, where a FileStream and a stat by path make
    /// about ten (locks, seeks, fstat, a path walk), which matters when a checkout writes
    /// thousands of files.
    /// </summary>
    public static Stat CreateFile(byte[] nulTerminatedPath, uint mode, byte[] content)
    {
        int fd;
        fixed (byte* p = nulTerminatedPath) fd = Libc.Open(p, OWronly | OCreat | OExcl | OCloexec, mode);
        if (fd < 0) throw new IOException($"cannot create '{Text(nulTerminatedPath)}' (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            WriteAll(fd, nulTerminatedPath, content);
            return StatOf(fd, nulTerminatedPath, out _);
        }
        finally
        {
            Libc.Close(fd);
        }
    }

    /// <summary>
    /// Replaces the content of an existing regular file in place and returns its new stat, or
    /// returns false having written nothing when the file cannot be rewritten safely: not a
    /// regular file (a symbolic link or anything else at the last step is not followed or
    /// opened), linked from elsewhere (a hard link would change there too), or not writable (a
    /// running program). Mercurial updates files this way. Git removes and re-creates them,
    /// which costs a new inode and the old one's release each time: on ext4 without a journal,
    /// or mounted with <c>discard</c>, that was a quarter of a glibc sync (bench/README.md).
    /// </summary>
    /// <remarks>
    /// The new bytes go over the old ones and the file is then cut to their length, never
    /// truncated to zero first: blocks are reused instead of released and allocated again.
    /// </remarks>
    public static bool TryRewrite(byte[] nulTerminatedPath, byte[] content, out Stat stat)
    {
        stat = default;
        int fd;
        // Non-blocking: a FIFO that replaced the file since it was checked fails at once instead of waiting for a reader.
        fixed (byte* p = nulTerminatedPath) fd = Libc.Open(p, OWronly | ONofollow | ONonblock | OCloexec, 0);
        if (fd < 0) return false;
        try
        {
            StatOf(fd, nulTerminatedPath, out var before);
            if ((before.Mode & 0xF000) != 0x8000 || before.Links != 1) return false;
            WriteAll(fd, nulTerminatedPath, content);
            if (before.Size > (ulong)content.Length && Libc.Ftruncate(fd, content.Length) != 0)
                throw new IOException($"cannot write '{Text(nulTerminatedPath)}' (errno {Marshal.GetLastPInvokeError()})");
            stat = StatOf(fd, nulTerminatedPath, out _);
            return true;
        }
        finally
        {
            Libc.Close(fd);
        }
    }

    private static void WriteAll(int fd, byte[] nulTerminatedPath, byte[] content)
    {
        fixed (byte* b = content)
        {
            for (nuint done = 0; done < (nuint)content.Length;)
            {
                var n = Libc.Write(fd, b + done, (nuint)content.Length - done);
                if (n < 0) throw new IOException($"cannot write '{Text(nulTerminatedPath)}' (errno {Marshal.GetLastPInvokeError()})");
                done += (nuint)n;
            }
        }
    }

    /// <summary>The stat of an open file, and its raw statx for the fields git does not keep.</summary>
    private static Stat StatOf(int fd, byte[] nulTerminatedPath, out Statx raw)
    {
        Statx sx;
        int rc;
        fixed (byte* empty = EmptyPath) rc = NativeStatx(fd, empty, AtEmptyPath, StatxBasicStats, &sx);
        if (rc != 0)
            throw new IOException($"cannot stat '{Text(nulTerminatedPath)}' after writing it (errno {Marshal.GetLastPInvokeError()})");
        raw = sx;
        return From(sx);
    }

    private static readonly byte[] EmptyPath = [0];

    private static string Text(byte[] nulTerminatedPath) => System.Text.Encoding.UTF8.GetString(nulTerminatedPath).TrimEnd('\0');

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
        stat = From(sx);
        return true;
    }

    private static Stat From(in Statx sx)
    {
        // glibc's makedev(), truncated to 32 bits as git stores st_dev.
        var dev = ((sx.DevMajor & 0xfff) << 8) | ((sx.DevMinor & 0xffffff00) << 12) | (sx.DevMinor & 0xff);
        return new Stat((uint)sx.Ctime.Seconds, sx.Ctime.Nanos, (uint)sx.Mtime.Seconds, sx.Mtime.Nanos,
            dev, (uint)sx.Ino, sx.Mode, sx.Uid, sx.Gid, (uint)sx.Size);
    }
}
