#if canImport(Glibc)
import Glibc
#endif
import DJS
import Foundation

/// Where the REPL gets its input: libedit on a terminal, plain standard input under `-i`
/// on a pipe, a scripted list in tests.
protocol LineReader: AnyObject {
    /// Shows `prompt` (if this reader shows prompts) and waits for one line.
    func readLine(_ prompt: Prompt) -> LineInput
    /// Records a complete statement (all of its lines) as one history entry.
    func addHistory(_ entry: String)
    /// The entries `:history` lists, oldest first.
    var historyEntries: [String] { get }
    /// True for a terminal, where the echoed ^C of an interrupt leaves the cursor mid-line.
    var isTerminal: Bool { get }
    /// Asks a question (a confirmation) and answers the reply; nil at end of input or Ctrl-C.
    /// The reply is not history.
    func ask(_ question: String) -> String?
}

enum Prompt {
    /// Waiting for a new statement.
    case primary
    /// The statement so far is incomplete (an open `<`, parenthesis or string).
    case continuation

    var text: String {
        switch self {
        case .primary: "djs> "
        case .continuation: "...> "
        }
    }
}

enum LineInput: Equatable {
    case line(String)
    /// Ctrl-C while typing: forget the line (and any continuation lines).
    case interrupted
    /// Ctrl-D on an empty line, or the end of piped input.
    case endOfInput
}

/// The history rules, shared by every reader: blank lines and an entry equal to the one
/// before it are not recorded, and only the newest `limit` entries are kept.
struct HistoryList {
    static let defaultLimit = 1000
    private(set) var entries: [String] = []
    let limit: Int

    init(limit: Int = HistoryList.defaultLimit, entries: [String] = []) {
        self.limit = limit
        self.entries = Array(entries.suffix(limit))
    }

    /// Returns false when the entry is not recorded.
    mutating func record(_ entry: String) -> Bool {
        guard !entry.allSatisfy(\.isWhitespace), entry != entries.last else { return false }
        entries.append(entry)
        if entries.count > limit { entries.removeFirst(entries.count - limit) }
        return true
    }

    /// `$XDG_STATE_HOME/djs/history`, else `~/.local/state/djs/history`; `~/.djs_history` when
    /// that directory cannot be created; nil without a home directory.
    static func filePath(environment: [String: String]) -> String? {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 }
        let stateHome: String?
        if let xdg = environment["XDG_STATE_HOME"], xdg.hasPrefix("/") {
            stateHome = xdg  // the XDG spec says to ignore relative paths
        } else {
            stateHome = home.map { $0 + "/.local/state" }
        }
        if let stateHome {
            let directory = stateHome + "/djs"
            if (try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                         attributes: [.posixPermissions: 0o700])) != nil {
                return directory + "/history"
            }
        }
        return home.map { $0 + "/.djs_history" }
    }
}

/// Reads lines from standard input without any editing: `djs -i` on a pipe. It shows no
/// prompts, so that standard output holds exactly what the statements print and echo, which
/// is what transcript tests compare. History is kept in memory for `:history` only: piped
/// input is not something a person typed.
final class PlainLineReader: LineReader {
    private let interrupt: InterruptFlag
    private var history = HistoryList()
    private var buffer: [UInt8] = []
    private var atEnd = false

    init(interrupt: InterruptFlag) {
        self.interrupt = interrupt
    }

    var historyEntries: [String] { history.entries }
    var isTerminal: Bool { false }

    func addHistory(_ entry: String) { _ = history.record(entry) }

    /// The question goes to standard error: standard output holds only what statements print.
    func ask(_ question: String) -> String? {
        StandardStreams.writeError(question)
        guard case .line(let reply) = readLine(.primary) else { return nil }
        return reply
    }

    func readLine(_ prompt: Prompt) -> LineInput {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                defer { buffer.removeSubrange(...newline) }
                return .line(String(decoding: buffer[..<newline], as: UTF8.self))
            }
            if atEnd {
                guard !buffer.isEmpty else { return .endOfInput }
                defer { buffer.removeAll() }
                return .line(String(decoding: buffer, as: UTF8.self))  // last line without "\n"
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { Glibc.read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if count > 0 {
                buffer += chunk[..<count]
            } else if count < 0 && errno == EINTR {
                if interrupt.isRaised { return .interrupted }
            } else {
                atEnd = true
            }
        }
    }
}
