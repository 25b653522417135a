import DJS
import Foundation

/// Commands for the session itself rather than the language: `:help`, `:quit`, `:load`, …
/// The `:` prefix cannot start a djs statement, so they never shadow code. `help`, `exit`
/// and `quit` typed alone work too, because that is what people try first.
enum MetaCommand: Equatable {
    case help(topic: String?)
    case quit
    case history
    case load(path: String)
    case timing(Bool?)
    case format(String?)
    case dryRun(Bool?)
    case env
    /// A `:word` that is not a command, or a command with a bad argument: the message says why.
    case invalid(String)

    static let names = ["help", "quit", "history", "load", "timing", "format", "dry-run", "env"]
    static let helpTopics = ["keys", "builtins", "meta"]
    /// The output formats, and `wide`: the table format with every cell whole.
    static let formats = ["table", "wide"] + OutputFormat.names.filter { $0 != "table" }

    /// `~` and `~/…` name the home directory, as in a shell.
    static func expandingTilde(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        let home = ProcessInfo.processInfo.environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + path.dropFirst()
    }

    /// Nil when the line is djs code.
    init?(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        switch trimmed {
        case "help", "\\?", "?": self = .help(topic: nil); return
        case "exit", "quit": self = .quit; return
        default: break
        }
        // `help keys` and `\? len` as `:help keys`: a name after them is not djs code.
        let helpWords = trimmed.split(separator: " ", omittingEmptySubsequences: true)
        if helpWords.count == 2, ["help", "\\?", "?"].contains(helpWords[0]), helpWords[1].allSatisfy({ $0.isLetter || $0 == "_" }) {
            self = .help(topic: String(helpWords[1]))
            return
        }
        guard trimmed.hasPrefix(":") else { return nil }
        let words = trimmed.dropFirst().split(separator: " ", maxSplits: 1).map(String.init)
        let name = words.first ?? ""
        let argument = words.count > 1 ? words[1].trimmingCharacters(in: .whitespaces) : nil
        switch name {
        case "help", "h", "?": self = .help(topic: argument)
        case "quit", "q", "exit": self = .quit
        case "history": self = .history
        case "env": self = .env
        case "load":
            guard let argument, !argument.isEmpty else { self = .invalid(":load needs a file name"); return }
            self = .load(path: argument)
        case "timing", "dry-run":
            var setting: Bool?
            switch argument {
            case nil: setting = nil
            case "on": setting = true
            case "off": setting = false
            default: self = .invalid(":\(name) takes on or off"); return
            }
            self = name == "timing" ? .timing(setting) : .dryRun(setting)
        case "format":
            if let argument, !MetaCommand.formats.contains(argument) {
                self = .invalid(":format takes one of " + MetaCommand.formats.joined(separator: ", "))
                return
            }
            self = .format(argument)
        default:
            self = .invalid("unknown command ':\(name)'; type :help for the list")
        }
    }
}

extension REPL {
    /// Answers an exit code when the command ends the session.
    func perform(_ command: MetaCommand) -> Int32? {
        switch command {
        case .help(let topic):
            if reader.isTerminal {
                interpreter.output.flush()
                LongText.show(REPLHelp.text(for: topic) + "\n")
            } else {
                say(REPLHelp.text(for: topic))
            }
        case .quit: return ProgramRunner.ExitCode.success
        case .history:
            for (index, entry) in reader.historyEntries.enumerated() {
                // Continuation lines are indented under the first one.
                let number = String(index + 1)
                let padding = String(repeating: " ", count: max(0, 5 - number.count))
                say(padding + number + "  " + entry.replacingOccurrences(of: "\n", with: "\n       "))
            }
        case .load(let typedPath):
            let path = MetaCommand.expandingTilde(typedPath)
            switch StandardStreams.readSourceFile(path) {
            case .failure(let error): writeError(error.message + "\n")
            case .success(let text):
                // What the file declares stays defined in the session; exit() in it ends djs too.
                if let code = evaluate(text, name: path, echo: false) { return code }
            }
        case .timing(let setting):
            if let setting { settings.timing = setting }
            say("timing is " + (settings.timing ? "on" : "off"))
        case .format(let name):
            if let name {
                interpreter.outputFormat = OutputFormat(rawValue: name) ?? .table
                settings.wide = name == "wide"
                interpreter.tableWidth = settings.wide ? { nil } : { TerminalWidth.current() }
            }
            say("format is " + (settings.wide && interpreter.outputFormat == .table ? "wide" : interpreter.outputFormat.rawValue))
        case .dryRun(let setting):
            if let setting { setDryRun(setting) }
            say("dry-run is " + (settings.dryRun ? "on" : "off"))
        case .env: say(connectionDescription)
        case .invalid(let message): writeError(message + "\n")
        }
        return nil
    }

    /// Puts the dry-run wrapper around the live job service, or takes it off.
    private func setDryRun(_ on: Bool) {
        settings.dryRun = on
        guard let live = liveJobService else { return }
        interpreter.jobService = on ? DryRunJobService(wrapping: live, notices: interpreter.noticeWriter) : live
    }

    private func say(_ text: String) {
        interpreter.output.write(text + "\n")
        interpreter.output.flush()
    }
}

/// The text `:help` shows.
enum REPLHelp {
    static func text(for topic: String?) -> String {
        switch topic {
        case nil, "meta": return overview
        case "keys": return keys
        case "builtins":
            return Builtins.catalog.map { "  " + $0.signature }.joined(separator: "\n")
        case let name?:
            if let builtin = Builtins.catalog.first(where: { $0.name == name }) { return builtin.signature }
            return "no help for '\(name)'; try :help builtins or :help keys"
        }
    }

    static let overview = """
        Type a statement and press Enter. The value of an expression is shown; statements
        such as `let x = 1` are silent. An unfinished statement (an open <, parenthesis or
        string) continues on the next line at the ...> prompt.

          :help [topic]       this text (also: help, \\?); topics: keys, builtins, or a built-in's name
          :quit               leave (also: exit, quit, Ctrl-D on an empty line)
          :history            list earlier statements
          :load FILE          run FILE in this session; what it defines stays defined
          :timing on|off      show how long each statement took and how many requests it sent
          :format FORMAT      table, wide, json, jsonl, csv or text: how values and jobs are shown
                              (table fits the terminal's width, cutting long cells with …; wide does not)
          :dry-run on|off     show job changes instead of making them
          :env                the Devo endpoint in use (with --sim, the seed that shows the same jobs)
        """

    static let keys = """
          Tab         complete keywords, built-ins, names, fields after '.', statuses in "…"
          Up, Down    earlier and later statements (kept across sessions)
          Ctrl-R      search earlier statements
          Ctrl-C      discard the line; while a statement runs, interrupt it
          Ctrl-D      leave, on an empty line
        """
}
