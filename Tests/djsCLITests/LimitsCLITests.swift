import Foundation
import Testing

/// Inputs at and past djs's limits, through the real binary: each ends with a clear error
/// and a non-zero exit, or runs, but never crashes (a crash is exit 139 / signal 11).
/// RunnerTests covers a missing file, a small binary file, a NUL byte, `--max-steps` on a
/// while loop and plain deep recursion; these are the cases it does not.
@Suite struct LimitsCLITests {
    private func runScript(_ text: String, _ arguments: [String] = []) throws -> DJSProcess.Result {
        let file = try DJSProcess.temporaryFile(Data(text.utf8))
        defer { try? FileManager.default.removeItem(at: file) }
        return try DJSProcess.run(arguments + [file.path])
    }

    @Test func aMegabyteScriptRuns() throws {
        var text = "let total = 0\n"
        for n in 0..<40_000 { text += "total = total + \(n % 7)  # padding to make the file big\n" }
        text += "print(total)\n"
        #expect(text.utf8.count > 2_000_000)
        let result = try runScript(text)
        #expect(result.exitCode == 0)
        #expect(result.stdout == "119995\n")
    }

    @Test func aMegabyteLineRuns() throws {
        let result = try runScript("let s = \"" + String(repeating: "x", count: 3_000_000) + "\"; print(len(s))\n")
        #expect(result.exitCode == 0)
        #expect(result.stdout == "3000000\n")
    }

    @Test func aLongListLiteralOnOneLineRuns() throws {
        let result = try runScript("let xs = [" + Array(repeating: "1", count: 300_000).joined(separator: ", ") + "]; print(len(xs))\n")
        #expect(result.exitCode == 0)
        #expect(result.stdout == "300000\n")
    }

    // Found while probing limits: 100,000 `+` in a row overflowed the stack when evaluated (exit 139).
    @Test(arguments: [" + ", " and ", " * "])
    func aVeryLongOperatorRunIsASyntaxError(separator: String) throws {
        let operand = separator == " and " ? "true" : "1"
        let result = try runScript("print(" + Array(repeating: operand, count: 200_000).joined(separator: separator) + ")\n")
        #expect(result.exitCode == 65)
        #expect(result.stderr.contains("error: this expression has more than 1000 operators or steps in a row"))
        #expect(result.stderr.contains("note: split it with intermediate variables"))
        // The megabyte line is shown as a window around the caret, not whole.
        #expect(result.stderr.utf8.count < 1_000, "stderr is \(result.stderr.utf8.count) bytes")
    }

    @Test func aVeryLongPostfixRunIsASyntaxError() throws {
        let calls = try runScript("fn f() < f >\nf" + String(repeating: "()", count: 100_000) + "\n")
        #expect(calls.exitCode == 65)
        #expect(calls.stderr.contains("more than 1000 operators or steps in a row"))
        let indexes = try runScript("let x = [1]\nprint(x" + String(repeating: "[0]", count: 100_000) + ")\n")
        #expect(indexes.exitCode == 65)
    }

    // Found while probing limits: within the 5,000-call limit, calls whose expressions are a few
    // hundred levels deep each overflowed the 512 MB stack (exit 139).
    @Test(.disabled(if: ThreadSanitizerDetection.isActive, ThreadSanitizerDetection.depthTestSkipReason), arguments: [
        "fn f(n) < return f(n + 1) + " + Array(repeating: "1", count: 999).joined(separator: " + ") + " >\nf(0)\n",
        "fn f(n) < return " + String(repeating: "-", count: 150) + "f(n + 1) >\nf(0)\n",
        "fn f(n) < return " + String(repeating: "not ", count: 150) + "f(n + 1) >\nf(0)\n",
    ])
    func deepExpressionsInsideDeepRecursionAreAnError(script: String) throws {
        let result = try runScript(script)
        #expect(result.exitCode == 70)
        #expect(result.stderr.contains("error: too much recursion"))
    }

    // Found while probing limits: each run of additions is under the limit, but 190 groups
    // of 999, each the first operand of the next, make a tree 190,000 levels tall that
    // overflowed the stack while compiling (exit 139).
    @Test(.disabled(if: ThreadSanitizerDetection.isActive, ThreadSanitizerDetection.depthTestSkipReason))
    func aTreeTallerThanTheStackIsAnErrorNotACrash() throws {
        var expression = "1"
        for _ in 0..<190 { expression = "(" + expression + String(repeating: "+1", count: 999) + ")" }
        let result = try runScript("print(\"start\")\nprint(" + expression + ")\n")
        #expect(result.exitCode == 70)
        #expect(result.stderr.contains("error: too much recursion: this expression is nested too deeply"))
        #expect(result.stdout == "start\n")
    }

    @Test func maxStepsAlsoStopsRecursionComprehensionsAndForLoops() throws {
        let recursion = try DJSProcess.run(["--max-steps", "500", "-e", "fn f(n) <\n if n == 0 < return 0 >\n return f(n - 1)\n>\nf(3000)"])
        #expect(recursion.exitCode == 70)
        #expect(recursion.stderr.contains("more than 500 steps (--max-steps)"))
        let comprehension = try DJSProcess.run(["--max-steps", "500", "-e", "let xs = [n * 2 for n in range(100000)]"])
        #expect(comprehension.exitCode == 70)
        #expect(comprehension.stderr.contains("more than 500 steps"))
        let loop = try DJSProcess.run(["--max-steps", "500", "-e", "for n in range(1000000) < >"])
        #expect(loop.exitCode == 70)
        let callbacks = try DJSProcess.run(["--max-steps", "500", "-e", "let xs = map(range(100000), fn(n) < n >)"])
        #expect(callbacks.exitCode == 70)
        #expect(callbacks.stderr.contains("more than 500 steps"))
        let fine = try DJSProcess.run(["--max-steps", "500", "-e", "for n in range(10) < >\nprint(\"ok\")"])
        #expect(fine.exitCode == 0)
        #expect(fine.stdout == "ok\n")
    }

    @Test func invalidUTF8OnStandardInputIsRefused() throws {
        let process = Process()
        process.executableURL = DJSProcess.binary
        process.arguments = ["-"]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data([0x70, 0x72, 0x69, 0x6E, 0x74, 0x28, 0x31, 0x29, 0x0A, 0xC3, 0x28, 0xFF]))
        try input.fileHandleForWriting.close()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 64)
        #expect(stderr == "<stdin>: error: the file is not UTF-8 text\n")
        #expect(stdout.isEmpty, "nothing may run from a file that was refused")
    }

    @Test func realBinariesAndRandomBytesAreRefusedNotRun() throws {
        // An executable: mostly binary, with NULs and invalid UTF-8.
        let executable = try DJSProcess.run([DJSProcess.binary.path])
        #expect(executable.exitCode == 64)
        #expect(executable.stderr.contains("error: the file is not UTF-8 text"))
        var generator = SystemRandomNumberGenerator()
        let noise = Data((0..<100_000).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let file = try DJSProcess.temporaryFile(noise)
        defer { try? FileManager.default.removeItem(at: file) }
        for arguments in [[file.path], ["check", file.path]] {
            let result = try DJSProcess.run(arguments)
            #expect(result.exitCode == 64)
            #expect(result.stderr == "\(file.path): error: the file is not UTF-8 text\n")
        }
    }

    @Test func validUTF8BinaryLikeTextIsASyntaxErrorNotACrash() throws {
        // Control characters and NULs that are valid UTF-8 reach the lexer.
        let bytes: [UInt8] = [0x00, 0x01, 0x1B, 0x5B, 0x32, 0x4A, 0x7F, 0x0C, 0x0B] + Array("print(1)".utf8) + [0x00]
        let file = try DJSProcess.temporaryFile(Data(bytes))
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try DJSProcess.run([file.path])
        #expect(result.exitCode == 65)
        #expect(result.stderr.contains("unexpected NUL byte"))
        #expect(result.stdout.isEmpty)
    }
}
