import DJS
#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Small helpers over the process's standard streams.
enum StandardStreams {
    /// Writes to standard error; a closed or full standard error is ignored (there is nowhere
    /// left to complain to), where FileHandle would stop the process.
    static func writeError(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }
            offset += written
        }
    }

    /// Writes all of `text` to standard output and answers the exit code: 0, or the one for
    /// output that could not be written (after saying why).
    static func writeOutput(_ text: String) -> Int32 {
        let output = standardOutput()
        output.write(text)
        output.flush()
        guard let failure = output.failure else { return 0 }
        return ProgramRunner.exitCode(for: failure, writeError: writeError)
    }

    /// Whether standard output was closed when djs started (`djs … >&-`). Evaluated first thing
    /// in main: each closed standard descriptor is then taken by /dev/null, so that no socket
    /// or file djs opens later gets number 1 and receives the program's output; writes to
    /// standard output are refused as to a closed descriptor (see `standardOutput`).
    static let outputWasClosed: Bool = {
        let closed = fcntl(STDOUT_FILENO, F_GETFD) == -1
        for descriptor in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(descriptor, F_GETFD) == -1 {
            // open() answers the lowest free descriptor: this one, as the lower ones are open now.
            _ = open("/dev/null", O_RDWR)
        }
        return closed
    }()

    /// The buffer `print` writes to: standard output, failing from the start if it was closed.
    static func standardOutput() -> OutputBuffer {
        OutputBuffer(fileDescriptor: STDOUT_FILENO, closed: outputWasClosed)
    }

    static var inputIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }
    static var errorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// Reads all of standard input.
    static func readAllInput() -> Data {
        FileHandle.standardInput.readDataToEndOfFile()
    }

    /// Source text from bytes, refusing what is not UTF-8 text.
    static func decodeSource(_ data: Data, name: String) -> Result<String, SourceReadError> {
        // The standard library's validation is several times faster than Foundation's
        // String(data:encoding:), which was the largest cost of loading a 20 MB script.
        guard let text = String(validating: data, as: UTF8.self) else {
            return .failure(SourceReadError(message: "\(name): error: the file is not UTF-8 text"))
        }
        return .success(text)
    }

    static func readSourceFile(_ path: String) -> Result<String, SourceReadError> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return .failure(SourceReadError(message: "djs: error: cannot open '\(path)': no such file"))
        }
        guard !isDirectory.boolValue else {
            return .failure(SourceReadError(message: "djs: error: '\(path)' is a directory"))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(SourceReadError(message: "djs: error: cannot read '\(path)'"))
        }
        return decodeSource(data, name: path)
    }
}

struct SourceReadError: Error {
    var message: String
}

extension Interpreter {
    /// Where notices (dry-run plans, warnings) go: standard error, after what the program has
    /// printed so far, so that on a terminal they read in order and standard output stays data.
    var noticeWriter: (String) -> Void {
        { [output] text in
            output.flush()
            StandardStreams.writeError(text)
        }
    }
}
