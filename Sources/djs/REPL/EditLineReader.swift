#if canImport(Glibc)
import Glibc
#endif
import CEdit
import DJS
import Foundation

/// Line editing, history and completion from libedit's readline-compatible API, for a
/// terminal. Ctrl-C handling relies on `InterruptHandling.install()` having run on this thread.
final class EditLineReader: LineReader {
    private let interrupt: InterruptFlag
    private let historyFile: String?
    private let useColor: Bool
    private var history: HistoryList

    /// Opens libedit (once); nil when it is ready, or why it cannot be opened. Must have
    /// answered nil before the first reader is made.
    static func loadLibrary() -> String? {
        cedit_load().map { String(cString: $0) }
    }

    init(historyFile: String?, interrupt: InterruptFlag, useColor: Bool, completer: Completer) {
        self.interrupt = interrupt
        self.historyFile = historyFile
        self.useColor = useColor
        // Without a locale, libedit silently drops every non-ASCII character typed.
        setlocale(LC_ALL, "")
        cedit_initialize()
        CompletionGlue.provider = { before, word in completer.candidates(before: before, word: word) }
        CompletionGlue.install(wordBreaks: Completer.wordBreaks)

        cedit_using_history()
        // Capping with stifle_history before every write_history keeps the file short. Never
        // history_truncate_file: Debian's libedit drops the file's header and cannot read it back.
        cedit_stifle_history(Int32(HistoryList.defaultLimit))
        var loaded: [String] = []
        if let historyFile {
            if FileManager.default.fileExists(atPath: historyFile) {
                cedit_read_history(historyFile)
            } else {
                // Statements can hold things worth keeping private: only the owner may read it.
                _ = FileManager.default.createFile(atPath: historyFile, contents: nil,
                                               attributes: [.posixPermissions: 0o600])
            }
            let base = cedit_history_base()
            for index in 0..<cedit_history_length() {
                if let entry = cedit_history_get(base + index), let line = entry.pointee.line {
                    loaded.append(String(cString: line))
                }
            }
        }
        history = HistoryList(entries: loaded)
    }

    var historyEntries: [String] { history.entries }
    var isTerminal: Bool { true }

    func addHistory(_ entry: String) {
        guard history.record(entry) else { return }
        cedit_add_history(entry)
        // Written after every statement, so that a crash or a kill loses nothing.
        if let historyFile { cedit_write_history(historyFile) }
    }

    func readLine(_ prompt: Prompt) -> LineInput {
        guard let raw = cedit_readline(promptText(prompt)) else {
            if interrupt.isRaised {
                write("^C\n")  // the terminal shows nothing itself; make the discarded line visible
                return .interrupted
            }
            write("\n")  // leave the shell prompt on a fresh line
            return .endOfInput
        }
        defer { free(raw) }
        return .line(String(cString: raw))
    }

    func ask(_ question: String) -> String? {
        guard let raw = cedit_readline(question) else {
            write("\n")
            return nil
        }
        defer { free(raw) }
        return String(cString: raw)
    }

    private func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    private func promptText(_ prompt: Prompt) -> String {
        guard useColor else { return prompt.text }
        // \u{1} … \u{2} tell libedit the escape sequence takes no columns on screen.
        let color = prompt == .primary ? "\u{1}\u{1B}[1;36m\u{2}" : "\u{1}\u{1B}[2m\u{2}"
        let label = prompt.text.dropLast()  // keep the trailing space uncolored
        return color + label + "\u{1}\u{1B}[0m\u{2} "
    }
}
