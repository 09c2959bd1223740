namespace Carry.Cli.Demo;

/// <summary>The guided tour (being written).</summary>
internal static class Tour
{
    public static int Run(CliContext c, bool keep)
    {
        c.Out.WriteLine("demo: not written yet");
        return keep ? 0 : 0;
    }
}
