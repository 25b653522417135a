#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// How wide tables may be: `COLUMNS` when it holds a positive number (so a script or a test
/// can ask for a width), else the width of the terminal standard output is, else no limit:
/// output into a file or a pipe is never cut.
enum TerminalWidth {
    /// `COLUMNS`, read once: the environment does not change while djs runs.
    private static let columns: Int? = {
        guard let text = ProcessInfo.processInfo.environment["COLUMNS"],
              let columns = Int(text.trimmingCharacters(in: .whitespaces)), columns > 0 else { return nil }
        return columns
    }()

    static func current() -> Int? {
        if let columns { return columns }
        guard isatty(STDOUT_FILENO) == 1 else { return nil }
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }
}
