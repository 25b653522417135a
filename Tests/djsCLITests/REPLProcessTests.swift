import Foundation
import Testing

/// The REPL through the real binary: `djs -i` on piped input (no prompts, no color, no
/// history file), Ctrl-C as a real SIGINT, and piped input without `-i` staying a batch run.
@Suite struct REPLProcessTests {
    @Test func dashIRunsTheREPLOnAPipeWithBlankPrompts() throws {
        let home = try temporaryHome()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let result = try DJSProcess.run(["-i"], stdin: """
            1 + 2
            let names = ["a",
              "b"]
            names
            print(undefinedThing)
            :format csv
            for n in names <
              print(n)
            >
            "héllo"
            """, environment: ["HOME": home])
        #expect(result.exitCode == 0)
        #expect(result.stdout == """
            3
            ["a", "b"]
            format is csv
            a
            b
            "héllo"

            """)
        #expect(result.stderr == """
            <repl>:1:7: error: undefined name 'undefinedThing'
                print(undefinedThing)
                      ^~~~~~~~~~~~~~

            """)
        // Piped input is not something a person typed: no history file.
        #expect(!FileManager.default.fileExists(atPath: home + "/.local/state/djs/history"))
    }

    @Test func pipedInputWithoutDashIIsABatchRun() throws {
        let result = try DJSProcess.run([], stdin: "1 + 2\nprint(\"ran\")\nprint(1 / 0)\nprint(\"not reached\")\n")
        #expect(result.stdout == "ran\n")  // no echo of 1 + 2, and the error stops the run
        #expect(result.exitCode == 70)
    }

    @Test func exitCodeAndUnfinishedInput() throws {
        #expect(try DJSProcess.run(["-i"], stdin: "print(1)\nexit(5)\nprint(2)\n").exitCode == 5)
        let unfinished = try DJSProcess.run(["-i"], stdin: "for i in range(2) <\n  print(i)\n")
        #expect(unfinished.exitCode == 0)
        #expect(unfinished.stdout == "")
        #expect(unfinished.stderr.contains("error: expected '>' to close the block opened at line 1"))
    }

    @Test func noColorWhenOutputIsNotATerminalEvenWithoutNO_COLOR() throws {
        let result = try spawn(["-i"], input: "print(missing)\n", removing: "NO_COLOR") { _ in }
        #expect(result.stderr.contains("error: undefined name 'missing'"))
        #expect(!result.stderr.contains("\u{1B}["))
    }

    @Test func sigintInterruptsTheRunningStatementAndTheSessionContinues() throws {
        let started = Date()
        let result = try spawn(["-i"], input: "print(\"started\")\nsleep(30s)\nprint(\"after\")\n") { process in
            // "started" is out, so the next statement is the sleep; give it a moment to begin.
            DispatchQueue.global().asyncAfter(deadline: .now() + 0.5) {
                process.interrupt()  // SIGINT, as Ctrl-C sends
            }
        }
        #expect(Date().timeIntervalSince(started) < 20)
        #expect(result.exitCode == 0)
        #expect(result.stdout == "started\nafter\n")
        #expect(result.stderr == "<repl>:1:1: error: interrupted\n    sleep(30s)\n    ^~~~~\n")
    }

    private func temporaryHome() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("djs-home-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Runs djs with `input`; once its first line of output appears, calls `afterFirstOutput`.
    private func spawn(_ arguments: [String], input: String, removing variable: String? = nil,
                       afterFirstOutput: @escaping @Sendable (Process) -> Void) throws -> DJSProcess.Result {
        let process = Process()
        process.executableURL = DJSProcess.binary
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        if let variable { environment[variable] = nil }
        process.environment = environment
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        let collected = Collected()
        stdout.fileHandleForReading.readabilityHandler = { handle in
            if collected.append(handle.availableData) { afterFirstOutput(process) }
        }
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        stdout.fileHandleForReading.readabilityHandler = nil
        collected.append(stdout.fileHandleForReading.readDataToEndOfFile())
        return DJSProcess.Result(exitCode: process.terminationStatus, stdout: collected.text,
                                 stderr: String(decoding: errors, as: UTF8.self))
    }

    private final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
        /// True the first time any output arrives.
        @discardableResult
        func append(_ more: Data) -> Bool {
            lock.withLock {
                let first = data.isEmpty && !more.isEmpty
                data += more
                return first
            }
        }
    }
}
