import Foundation

/// Runs the built `djs` binary as a child process, the way a user or cron would.
struct DJSProcess {
    struct Result {
        var exitCode: Int32
        var stdout: String
        var stderr: String
    }

    /// The `djs` executable next to the test bundle (both live in the build directory), or
    /// `$DJS_BINARY` when set.
    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["DJS_BINARY"] { return URL(fileURLWithPath: path) }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // On Linux the test runner is `<build>/djsPackageTests.xctest`; on macOS it sits inside a bundle.
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("djs").path),
              directory.pathComponents.count > 1 {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("djs")
    }

    /// Runs djs (or `executable`, such as a shell) with `arguments`.
    static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:],
                    timeout: TimeInterval = 60, executable: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable ?? binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read both pipes while the child runs, so a chatty child cannot block on a full pipe.
        let collected = Collected()
        let group = DispatchGroup()
        for (handle, keyPath) in [(output.fileHandleForReading, \Collected.stdout), (errors.fileHandleForReading, \Collected.stderr)] {
            group.enter()
            DispatchQueue.global().async {
                let data = handle.readDataToEndOfFile()
                collected.set(keyPath, data)
                group.leave()
            }
        }
        if group.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            throw TimedOut()
        }
        process.waitUntilExit()
        return Result(exitCode: process.terminationStatus,
                      stdout: String(decoding: collected.stdout, as: UTF8.self),
                      stderr: String(decoding: collected.stderr, as: UTF8.self))
    }

    struct TimedOut: Error {}

    private final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        var stdout = Data(), stderr = Data()
        func set(_ keyPath: ReferenceWritableKeyPath<Collected, Data>, _ data: Data) {
            lock.lock(); defer { lock.unlock() }
            self[keyPath: keyPath] = data
        }
    }

    /// A temporary file holding `contents`, removed by the caller.
    static func temporaryFile(_ contents: Data, suffix: String = ".djs") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("djs-test-\(UUID().uuidString)\(suffix)")
        try contents.write(to: url)
        return url
    }
}
