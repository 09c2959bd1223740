using System.CommandLine;
using Carry.Cli.Demo;

namespace Carry.Cli.Commands;

/// <summary>carry demo: a guided tour on a sample repository built in a temp folder.</summary>
internal static class DemoCommand
{
    public static Command Build(CliContext c)
    {
        var keep = new Option<bool>("--keep") { Description = "Keep the sample repository instead of deleting it." };
        var command = new Command("demo", "Build a small sample project in a temp folder and walk through carry's commands on it.") { keep };
        command.SetAction(parse => Demo.Tour.Run(c, parse.GetValue(keep)));
        return command;
    }
}
