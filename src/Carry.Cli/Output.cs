namespace Carry.Cli;

/// <summary>
/// ANSI colors, used only when a person is looking: off when NO_COLOR is set (no-color.org),
/// when output goes to a pipe or file, or when TERM is "dumb"; CLICOLOR_FORCE turns them on.
/// </summary>
public readonly struct Output(bool enabled)
{
    /// <summary>Decides once per process whether colors are wanted.</summary>
    public static bool ColorWanted(bool redirected)
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))) return false;
        if (Environment.GetEnvironmentVariable("CLICOLOR_FORCE") is { Length: > 0 } f && f != "0") return true;
        return !redirected && Environment.GetEnvironmentVariable("TERM") != "dumb";
    }

    /// <summary>Green.</summary>
    public string Green(string s) => Wrap("32", s);
    /// <summary>Bold green.</summary>
    public string BoldGreen(string s) => Wrap("1;32", s);
    /// <summary>Yellow.</summary>
    public string Yellow(string s) => Wrap("33", s);
    /// <summary>Red.</summary>
    public string Red(string s) => Wrap("31", s);
    /// <summary>Dim.</summary>
    public string Dim(string s) => Wrap("2", s);
    /// <summary>Bold.</summary>
    public string Bold(string s) => Wrap("1", s);

    private string Wrap(string code, string s) => enabled ? $"\u001b[{code}m{s}\u001b[0m" : s;
}
