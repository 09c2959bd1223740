namespace Carry.Cli;

/// <summary>
/// A one-line progress counter on standard error for long replays. Shown only on a terminal
/// and only after the work has run for a moment, so quick commands print nothing extra.
/// </summary>
internal sealed class Progress : IProgress<(int Done, int Total, string Name)>
{
    private readonly TextWriter _err;
    private readonly long _start = Environment.TickCount64;
    private bool _shown;

    private readonly string _label;

    private Progress(TextWriter err, string label) => (_err, _label) = (err, label);

    /// <summary>A progress reporter, or null when nobody would see it (standard error is not a terminal).</summary>
    public static Progress? For(CliContext c, string label = "Replaying patches") =>
        c.ShowsProgress ? new Progress(c.Err, label) : null;

    public void Report((int Done, int Total, string Name) value)
    {
        if (Environment.TickCount64 - _start < 300) return;
        _shown = true;
        const int width = 24;
        var filled = width * value.Done / Math.Max(1, value.Total);
        var bar = new string('#', filled) + new string('-', width - filled);
        _err.Write($"\r{_label} [{bar}] {value.Done}/{value.Total} {value.Name}\u001b[K");
    }

    /// <summary>Clears the line.</summary>
    public void Done()
    {
        if (_shown) _err.Write("\r\u001b[K");
    }
}
