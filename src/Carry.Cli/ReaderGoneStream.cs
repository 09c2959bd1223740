namespace Carry.Cli;

/// <summary>
/// Standard output or error that goes quiet once its reader has gone (<c>carry log | head</c>).
/// git is killed by SIGPIPE there and prints nothing; .NET ignores SIGPIPE, so the write fails
/// instead, which without this surfaced as "fatal: Broken pipe" or a stack trace. The command
/// finishes as it would have (one that writes to the repository is never cut short half-way),
/// and its further output is dropped.
/// </summary>
internal sealed class ReaderGoneStream(Stream inner) : Stream
{
    private bool _gone;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_gone) return;
        try
        {
            inner.Write(buffer);
        }
        catch (IOException e) when (ReaderGone(e))
        {
            _gone = true;
        }
    }

    public override void Flush()
    {
        if (_gone) return;
        try
        {
            inner.Flush();
        }
        catch (IOException e) when (ReaderGone(e))
        {
            _gone = true;
        }
    }

    /// <summary>EPIPE (32 on Linux and macOS), or Windows' ERROR_BROKEN_PIPE (109) and ERROR_NO_DATA (232).</summary>
    private static bool ReaderGone(IOException e) =>
        OperatingSystem.IsWindows() ? (e.HResult & 0xFFFF) is 109 or 232 : e.HResult == 32;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
