import DJS
import DevoSim

/// What a shell offers on Tab after `djs …`. The completion scripts (`CompletionScript`) are
/// thin: they call `djs __complete INDEX WORDS…` and show its lines, so bash, zsh and fish
/// offer exactly the same words, from the same tables the parser reads.
///
/// A line `__files__` asks the shell to add file names.
enum ShellCompletion {
    static let filesMarker = "__files__"

    /// A subcommand with the options it takes beyond the shared ones.
    struct Subcommand {
        var name: String
        var options: [CommandLineOption]
        /// Whether the run options (`--sim`, `--format`, …) apply too.
        var takesRunOptions = true
        /// What its operands are: file names, fixed words, or nothing to offer.
        var operands: CommandLineOption.Completion = .none
    }

    static func switchOption(_ name: String) -> CommandLineOption {
        CommandLineOption([name], .set { _, _ in })
    }

    static var subcommands: [Subcommand] {
        [
            Subcommand(name: "check", options: [], takesRunOptions: false, operands: .file),
            Subcommand(name: "sim", options: simulatorOptions, takesRunOptions: false),
            Subcommand(name: "completion", options: [], takesRunOptions: false, operands: .choices(CompletionScript.shells)),
            Subcommand(name: "help", options: [], takesRunOptions: false),
        ]
        + JobCommand.Verb.allCases.map { Subcommand(name: $0.rawValue, options: $0.options) }
        // The run journal's commands: act again on (or undo) a recorded run.
        + [Subcommand(name: "journal", options: [switchOption("--all")]),
           Subcommand(name: "resume", options: [switchOption("--dry-run")]),
           Subcommand(name: "undo", options: [switchOption("--yes"), switchOption("--dry-run")])]
    }

    static var runOptions: [CommandLineOption] { CommandLineOption.all }

    /// `djs sim`'s options, as its own help lists them.
    static var simulatorOptions: [CommandLineOption] {
        var names: [String] = []
        for word in SimulatorCommand.usage.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "," || $0 == "/" })
        where word.hasPrefix("--") && word.count > 2 && !names.contains(String(word)) {
            names.append(String(word))
        }
        return names.map(switchOption)
    }

    /// The candidates for `words[current]` (`words[0]` is the program).
    static func candidates(words: [String], current: Int) -> [String] {
        guard current >= 1, current <= words.count else { return [] }
        let word = current < words.count ? words[current] : ""
        var subcommand: Subcommand?
        var index = 1
        var afterScript = false
        var pendingValue: CommandLineOption?
        while index < current {
            let token = words[index]
            index += 1
            if let option = pendingValue {
                pendingValue = nil
                // bash splits `--format=json` into `--format`, `=`, `json`.
                if token == "=" { pendingValue = option }
                continue
            }
            let options = (subcommand.map { $0.takesRunOptions ? runOptions + $0.options : $0.options }) ?? runOptions
            if token.hasPrefix("-"), token != "-" {
                if token == "-e" { afterScript = true; break }
                if !token.contains("="), let option = options.first(where: { $0.names.contains(token) }), option.valueName != nil {
                    pendingValue = option
                }
                continue
            }
            guard subcommand == nil else { continue }
            if let found = subcommands.first(where: { $0.name == token }) {
                subcommand = found
            } else {
                afterScript = true
                break
            }
        }
        if afterScript { return [filesMarker] }
        if let option = pendingValue {
            // bash, at `--format=`: the word is the "=" itself, which the candidates replace.
            if word == "=" { return values(option.completion, prefix: "=", word: "") }
            return values(option.completion, prefix: "", word: word)
        }
        let options = (subcommand.map { $0.takesRunOptions ? runOptions + $0.options : $0.options }) ?? runOptions
        if word.hasPrefix("--"), let equals = word.firstIndex(of: "=") {
            let name = String(word[..<equals])
            guard let option = options.first(where: { $0.names.contains(name) }) else { return [] }
            return values(option.completion, prefix: name + "=", word: String(word[word.index(after: equals)...]))
        }
        if word.hasPrefix("-") {
            return options.flatMap(\.names).filter { $0.hasPrefix(word) }
        }
        guard let subcommand else {
            return subcommands.map(\.name).filter { $0.hasPrefix(word) } + [filesMarker]
        }
        return values(subcommand.operands, prefix: "", word: word)
    }

    private static func values(_ completion: CommandLineOption.Completion, prefix: String, word: String) -> [String] {
        switch completion {
        case .none, .text: return []
        case .file: return [filesMarker]
        case .choices(let choices): return choices.filter { $0.hasPrefix(word) }.map { prefix + $0 }
        }
    }
}
