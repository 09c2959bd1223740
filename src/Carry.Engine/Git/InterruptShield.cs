namespace Carry.Git;

/// <summary>
/// Keeps the terminal's Ctrl-C from a git process carry starts for a step that must not be cut
/// short (its ref transaction, when git does it: <c>git update-ref --stdin</c>). Ctrl-C sends
/// SIGINT to the whole foreground process group, so carry's git children get it too, though carry
/// itself defers it: git's update-ref died between its ref renames, leaving the branch moved and
/// the stack not. A child inherits its parent thread's signal mask across fork and exec (.NET
/// restores the starting thread's mask in the child), so SIGINT is blocked on this thread while
/// the child starts: the child and the hooks it runs keep it blocked, and a Ctrl-C stays pending
/// there, unseen, until they exit. (Not ignored: git's lock-file cleanup catches SIGINT even
/// when it is ignored, deletes its locks, and then goes on.) Carry's own threads still get it.
/// </summary>
internal sealed unsafe class InterruptShield : IDisposable
{
    private const int SigInt = 2; // Linux and macOS

    /// <summary>sigset_t, opaque: 128 bytes on glibc, 8 on musl, 4 on macOS.</summary>
    private const int SetSize = 128;

    private readonly byte[] _old = new byte[SetSize];

    private InterruptShield()
    {
    }

    /// <summary>Blocks SIGINT on the calling thread until disposed; null where there are no such signals (Windows).</summary>
    public static InterruptShield? Block()
    {
        if (OperatingSystem.IsWindows()) return null;
        var shield = new InterruptShield();
        var set = stackalloc byte[SetSize];
        fixed (byte* old = shield._old)
        {
            if (Libc.SigEmptySet(set) != 0 || Libc.SigAddSet(set, SigInt) != 0 || Libc.PthreadSigmask(SigBlock, set, old) != 0) return null;
        }
        return shield;
    }

    private static int SigBlock => OperatingSystem.IsMacOS() ? 1 : 0;

    private static int SigSetMask => OperatingSystem.IsMacOS() ? 3 : 2;

    /// <summary>Puts the thread's mask back as it was.</summary>
    public void Dispose()
    {
        fixed (byte* old = _old) Libc.PthreadSigmask(SigSetMask, old, null);
    }
}
