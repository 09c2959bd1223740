namespace Carry.Cli;

/// <summary>
/// A one-line progress counter on standard error for long work (replays, imports, network steps).
/// Shown only on a terminal and only after the work has run for a moment, so quick commands print
/// nothing extra; a step that runs long by itself (a fetch, a push) is shown when that moment
/// passes, even if nothing new is reported meanwhile.
/// </summary>
internal sealed class Progress : IProgress<(int Done, int Total, string Name)>, IDisposable
{
    private const int DelayMs = 300;
    private readonly TextWriter _err;
    private readonly string _label;
    private readonly long _start = Environment.TickCount64;
    private readonly Lock _lock = new();
    private readonly Timer _timer;
    private (int Done, int Total, string Name)? _last;
    private bool _shown, _done;

    private Progress(TextWriter err, string label)
    {
        (_err, _label) = (err, label);
        _timer = new Timer(_ => Show(), null, DelayMs, Timeout.Infinite);
    }

    /// <summary>A progress reporter, or null when nobody would see it (standard error is not a terminal).</summary>
    public static Progress? For(CliContext c, string label = "Replaying patches") =>
        c.ShowsProgress ? new Progress(c.Err, label) : null;

    public void Report((int Done, int Total, string Name) value)
    {
        lock (_lock) _last = value;
        if (Environment.TickCount64 - _start >= DelayMs) Show();
    }

    private void Show()
    {
        lock (_lock)
        {
            if (_done || _last is not { } value) return;
            _shown = true;
            const int width = 24;
            var filled = width * Math.Clamp(value.Done, 0, value.Total) / Math.Max(1, value.Total);
            var bar = new string('#', filled) + new string('-', width - filled);
            _err.Write($"\r{_label} [{bar}] {value.Done}/{value.Total} {value.Name}\u001b[K");
        }
    }

    /// <summary>Clears the line; nothing is shown after this.</summary>
    public void Done()
    {
        _timer.Dispose();
        lock (_lock)
        {
            if (_done) return;
            _done = true;
            if (_shown) _err.Write("\r\u001b[K");
        }
    }

    public void Dispose() => Done();
}
