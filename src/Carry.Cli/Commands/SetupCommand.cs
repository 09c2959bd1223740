using System.CommandLine;

namespace Carry.Cli.Commands;

/// <summary>
/// carry setup: makes carry at home in git and the shell: the 'git-carry' link (so 'git carry'
/// runs it), manual pages generated from the help text (so 'git carry --help' and 'git help
/// carry' open them), and completion scripts for bash (also 'git carry'), zsh and fish.
/// </summary>
internal static class SetupCommand
{
    public static Command Build(CliContext c, Func<RootCommand> root)
    {
        var prefix = new Option<string?>("--prefix") { Description = "Install under this folder: bin/, share/man/man1/, share/bash-completion/… (default: ~/.local)." };
        var command = new Command("setup", "Install the git-carry link, the manual pages and the shell completions (default under ~/.local).") { prefix };
        command.Description += """

            Files: PREFIX/bin/git-carry (a link to this carry), PREFIX/share/man/man1/git-carry*.1 (from the help text),
            PREFIX/share/bash-completion/completions/{carry,git-carry}, PREFIX/share/zsh/site-functions/_carry,
            PREFIX/share/fish/vendor_completions.d/carry.fish. Run it again after updating carry.
            """;
        command.SetAction(parse =>
        {
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            var dir = OutputPath.Folder(c, parse.GetValue(prefix) ?? Path.Combine(home, ".local"), "the link, manual pages and completions");
            var written = new List<string>();
            void Write(string relative, string text)
            {
                var path = Path.Combine(dir, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                var temp = path + ".carry-tmp";
                File.WriteAllText(temp, text);
                File.Move(temp, path, overwrite: true);
                written.Add(path);
            }
            written.Add(LinkGitCarry(Path.Combine(dir, "bin")));
            foreach (var (file, text) in ManPages.All(root(), BuildInfo.Describe()))
                Write(Path.Combine("share", "man", "man1", file), text);
            Write(Path.Combine("share", "bash-completion", "completions", "carry"), CompletionScripts.For("bash"));
            // git's bash completion loads 'git-carry' for 'git carry <TAB>' and calls its _git_carry.
            Write(Path.Combine("share", "bash-completion", "completions", "git-carry"), CompletionScripts.For("bash"));
            Write(Path.Combine("share", "zsh", "site-functions", "_carry"), CompletionScripts.For("zsh"));
            Write(Path.Combine("share", "fish", "vendor_completions.d", "carry.fish"), CompletionScripts.For("fish"));
            var pages = written.Count(p => p.EndsWith(".1", StringComparison.Ordinal));
            foreach (var path in written.Where(p => !p.EndsWith(".1", StringComparison.Ordinal))) c.Out.WriteLine($"installed {path}");
            c.Out.WriteLine($"installed {pages} manual pages in {Path.Combine(dir, "share", "man", "man1")} (git-carry.1, git-carry-COMMAND.1)");
            var bin = Path.Combine(dir, "bin");
            if (!(Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(p => Path.TrimEndingDirectorySeparator(p) == bin))
                c.Out.WriteLine($"hint: {bin} is not on your PATH: add it, so that 'git carry' (and man, which follows PATH) find what was installed.");
            c.Out.WriteLine("hint: PowerShell: add 'carry completion powershell | Out-String | Invoke-Expression' to your $PROFILE.");
            return 0;
        });
        return command;
    }

    /// <summary>
    /// bin/git-carry: a symbolic link to this carry binary, or, when carry runs on the dotnet host
    /// (a framework-dependent build), a two-line script that starts it the same way.
    /// </summary>
    private static string LinkGitCarry(string bin)
    {
        Directory.CreateDirectory(bin);
        var link = Path.Combine(bin, OperatingSystem.IsWindows() ? "git-carry.cmd" : "git-carry");
        var self = Environment.ProcessPath ?? "";
        var temp = link + ".carry-tmp";
        File.Delete(temp);
        if (Path.GetFileNameWithoutExtension(self) == "carry" && !OperatingSystem.IsWindows())
            File.CreateSymbolicLink(temp, self);
        else
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "carry.dll");
            var start = Path.GetFileNameWithoutExtension(self) == "carry" ? $"\"{self}\"" : $"dotnet \"{dll}\"";
            if (OperatingSystem.IsWindows()) File.WriteAllText(temp, $"@{start} %*\r\n");
            else
            {
                File.WriteAllText(temp, $"#!/bin/sh\nexec {start} \"$@\"\n");
                File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                    | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            }
        }
        File.Move(temp, link, overwrite: true);
        return link;
    }
}
