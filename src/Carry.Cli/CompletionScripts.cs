namespace Carry.Cli;

/// <summary>
/// The completion scripts 'carry completion SHELL' prints. Each one only collects the words typed
/// so far and asks 'carry __complete' for the candidates; when carry offers none (a file
/// argument), the shell completes file names.
/// </summary>
internal static class CompletionScripts
{
    public static string For(string shell) => shell switch
    {
        "bash" => Bash,
        "zsh" => Zsh,
        "fish" => Fish,
        "powershell" => PowerShell,
        _ => throw new CarryException($"no completion for '{shell}'", "choose bash, zsh, fish or powershell."),
    };

    // bash: also defines _git_carry, which git's own completion calls for 'git carry <TAB>'.
    private const string Bash = """
        # bash completion for carry (carry completion bash)
        _carry_complete_words() {
            local IFS=$'\n'
            COMPREPLY=($(carry __complete -- "$@" 2>/dev/null))
            [ ${#COMPREPLY[@]} -eq 0 ] && compopt -o default 2>/dev/null
            return 0
        }
        _carry() {
            local cur="${COMP_WORDS[COMP_CWORD]}"
            _carry_complete_words "${COMP_WORDS[@]:1:COMP_CWORD-1}" "$cur"
        }
        _git_carry() {
            # git's completion: words are 'git carry ...'; __git_cmd_idx is the index of 'carry'.
            local first=$(( ${__git_cmd_idx:-1} + 1 ))
            _carry_complete_words "${words[@]:first:cword-first}" "$cur"
        }
        complete -F _carry carry

        """;

    private const string Zsh = """
        #compdef carry
        # zsh completion for carry (carry completion zsh > "${fpath[1]}/_carry")
        _carry() {
            local -a candidates
            candidates=("${(@f)$(carry __complete -- "${(@)words[2,CURRENT]}" 2>/dev/null)}")
            if [[ -n "${candidates[1]}" ]]; then
                compadd -a candidates
            else
                _files
            fi
        }
        if [[ "$funcstack[1]" = "_carry" ]]; then _carry "$@"; else compdef _carry carry; fi

        """;

    private const string Fish = """
        # fish completion for carry (carry completion fish > ~/.config/fish/completions/carry.fish)
        function __carry_complete
            set -l words (commandline -opc)
            set -e words[1]
            carry __complete -- $words (commandline -ct) 2>/dev/null
        end
        complete -c carry -f -a '(__carry_complete)'
        complete -c carry -n 'test -z (__carry_complete | string collect)' -F

        """;

    private const string PowerShell = """
        # PowerShell completion for carry (carry completion powershell | Out-String | Invoke-Expression)
        Register-ArgumentCompleter -Native -CommandName carry -ScriptBlock {
            param($wordToComplete, $commandAst, $cursorPosition)
            $words = @($commandAst.CommandElements | Select-Object -Skip 1 | Where-Object { $_.Extent.EndOffset -le $cursorPosition } | ForEach-Object { $_.ToString() })
            if ($wordToComplete -ne '' -and $words.Count -gt 0) { $words = $words[0..($words.Count - 2)] }
            & carry __complete -- @words $wordToComplete 2>$null | ForEach-Object {
                [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
            }
        }

        """;
}
