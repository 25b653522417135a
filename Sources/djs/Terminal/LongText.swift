#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Long help (`djs --help`, the REPL's `:help`) goes through `$PAGER` on a terminal, as git
/// and man do; `less -FRX` when PAGER is unset (it quits by itself when the text fits the
/// screen, keeps colors, and leaves the text on screen). Off a terminal, or when PAGER is
/// empty or `cat`, or the pager cannot start, the text is written as it is.
enum LongText {
    /// Answers the exit code: 0, or the one for standard output that could not be written.
    @discardableResult
    static func show(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> Int32 {
        if isatty(STDOUT_FILENO) == 1, let pager = pagerCommand(environment), page(text, through: pager) { return 0 }
        return StandardStreams.writeOutput(text)
    }

    /// The pager's shell command, or nil for none.
    static func pagerCommand(_ environment: [String: String]) -> String? {
        let pager = (environment["PAGER"] ?? "less -FRX").trimmingCharacters(in: .whitespaces)
        return pager.isEmpty || pager == "cat" ? nil : pager
    }

    /// Runs the pager with the text on its standard input and waits for it to end.
    private static func page(_ text: String, through pager: String) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", pager]
        let input = Pipe()
        process.standardInput = input
        do {
            try process.run()
        } catch {
            return false
        }
        // A pager that quits early (q before the end) closes the pipe: the rest is not wanted.
        let previous = signal(SIGPIPE, SIG_IGN)
        let bytes = Array(text.utf8)
        let descriptor = input.fileHandleForWriting.fileDescriptor
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { break }
            offset += written
        }
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        signal(SIGPIPE, previous)
        return process.terminationReason == .exit && process.terminationStatus != 127
    }
}
