/// `djs completion bash|zsh|fish`: a script to source (or install) so that the shell
/// completes djs's subcommands, options and their values. Each asks the binary that is being
/// completed (`djs __complete INDEX WORDS…`, see `ShellCompletion`) and adds file names when
/// told `__files__`.
enum CompletionScript {
    static let shells = ["bash", "zsh", "fish"]

    static func text(for shell: String) -> String {
        switch shell {
        case "zsh": zsh
        case "fish": fish
        default: bash
        }
    }

    static let bash = """
        # bash completion for djs. Load it with: source <(djs completion bash)
        _djs() {
            local IFS=$'\\n' line cur="${COMP_WORDS[COMP_CWORD]}"
            COMPREPLY=()
            for line in $("${COMP_WORDS[0]}" __complete "$COMP_CWORD" "${COMP_WORDS[@]}" 2>/dev/null); do
                if [ "$line" = __files__ ]; then
                    COMPREPLY+=($(compgen -f -- "$cur"))
                else
                    COMPREPLY+=("$line")
                fi
            done
        }
        complete -o filenames -F _djs djs

        """

    static let zsh = """
        #compdef djs
        # zsh completion for djs. Load it with: source <(djs completion zsh)
        # (or save it as _djs in a directory of $fpath).
        _djs() {
            local -a found
            local line
            found=("${(@f)$("${words[1]}" __complete $((CURRENT - 1)) "${words[@]}" 2>/dev/null)}")
            for line in "${found[@]}"; do
                if [[ $line == __files__ ]]; then
                    _files
                elif [[ -n $line ]]; then
                    compadd -- "$line"
                fi
            done
        }
        if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
            _djs "$@"
        else
            compdef _djs djs
        fi

        """

    static let fish = """
        # fish completion for djs. Load it with: djs completion fish | source
        # (or save it as ~/.config/fish/completions/djs.fish).
        function __djs_complete
            set -l tokens (commandline -opc) (commandline -ct)
            for line in ($tokens[1] __complete (math (count $tokens) - 1) $tokens 2>/dev/null)
                if test "$line" = __files__
                    __fish_complete_path (commandline -ct)
                else
                    echo $line
                end
            end
        end
        complete -c djs -f -a '(__djs_complete)'

        """
}
