#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Small helpers over the process's standard streams.
enum StandardStreams {
    static func writeError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
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
