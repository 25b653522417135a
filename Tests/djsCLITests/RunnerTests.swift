import Foundation
import Testing

/// The batch runner end to end: scripts, -e, stdin, check, exit codes and usage errors.
@Suite struct RunnerTests {
    @Test func runsCodeGivenWithDashE() throws {
        let result = try DJSProcess.run(["-e", "print(1 + 2, \"ok\")"])
        #expect(result.stdout == "3 ok\n")
        #expect(result.stderr == "")
        #expect(result.exitCode == 0)
    }

    @Test func runsAScriptFileWithArguments() throws {
        let script = try DJSProcess.temporaryFile(Data("#!/usr/bin/env djs\nprint(len(args), args)\n".utf8))
        defer { try? FileManager.default.removeItem(at: script) }
        let result = try DJSProcess.run([script.path, "a", "b c"])
        #expect(result.stdout == "2 [\"a\", \"b c\"]\n")
        #expect(result.exitCode == 0)
    }

    @Test func runsPipedStandardInput() throws {
        let piped = try DJSProcess.run([], stdin: "let x = 20\nprint(x * 2)\n")
        #expect(piped.stdout == "40\n")
        let dash = try DJSProcess.run(["-", "arg"], stdin: "print(args)\n")
        #expect(dash.stdout == "[\"arg\"]\n")
    }

    @Test func syntaxErrorExits65WithCaret() throws {
        let result = try DJSProcess.run(["-e", "let x = (1 + \nprint(x)"])
        #expect(result.exitCode == 65)
        #expect(result.stdout == "")
        #expect(result.stderr.hasPrefix("<-e>:"))
        #expect(result.stderr.contains("error: "))
        #expect(result.stderr.contains("^"))
    }

    @Test func runtimeErrorExits70AfterEarlierOutput() throws {
        let result = try DJSProcess.run(["-e", "print(\"before\")\nprint(1 / 0)"])
        #expect(result.exitCode == 70)
        #expect(result.stdout == "before\n")
        #expect(result.stderr == """
            <-e>:2:9: error: division by zero
                print(1 / 0)
                        ^

            """)
    }

    @Test func exitBuiltinSetsTheExitCode() throws {
        let result = try DJSProcess.run(["-e", "print(\"bye\"); exit(3); print(\"not reached\")"])
        #expect(result.exitCode == 3)
        #expect(result.stdout == "bye\n")
    }

    @Test func checkReportsEveryErrorAndRunsNothing() throws {
        let script = try DJSProcess.temporaryFile(Data("print(\"ran\")\nlet = 1\nlet y = )\nprint(undefinedName)\n".utf8))
        defer { try? FileManager.default.removeItem(at: script) }
        let result = try DJSProcess.run(["check", script.path])
        #expect(result.exitCode == 65)
        #expect(result.stdout == "")
        #expect(result.stderr.components(separatedBy: ": error: ").count - 1 == 2)
        #expect(result.stderr.contains("\(script.path):2:5: error: expected a name after 'let'"))
        #expect(result.stderr.contains("\(script.path):3:9: error: expected an expression"))

        let clean = try DJSProcess.temporaryFile(Data("print(\"fine\")\n".utf8))
        defer { try? FileManager.default.removeItem(at: clean) }
        let ok = try DJSProcess.run(["check", clean.path])
        #expect(ok.exitCode == 0)
        #expect(ok.stdout == "")
    }

    @Test func checkReportsUndefinedNamesWithSuggestion() throws {
        let script = try DJSProcess.temporaryFile(Data("let total = 1\nprint(totl)\n".utf8))
        defer { try? FileManager.default.removeItem(at: script) }
        let result = try DJSProcess.run(["check", script.path])
        #expect(result.exitCode == 65)
        #expect(result.stderr.contains("undefined name 'totl'"))
        #expect(result.stderr.contains("did you mean 'total'?"))
    }

    @Test func usageErrorsExit64() throws {
        let unknown = try DJSProcess.run(["--frobnicate"])
        #expect(unknown.exitCode == 64)
        #expect(unknown.stderr.contains("unknown option '--frobnicate'"))
        #expect(unknown.stderr.contains("usage: djs"))
        let missing = try DJSProcess.run(["-e"])
        #expect(missing.exitCode == 64)
        #expect(missing.stderr.contains("-e needs a value"))
        let steps = try DJSProcess.run(["--max-steps", "many", "-e", "1"])
        #expect(steps.exitCode == 64)
    }

    @Test func missingAndBinaryFilesAreRefused() throws {
        let missing = try DJSProcess.run(["/nonexistent/script.djs"])
        #expect(missing.exitCode == 64)
        #expect(missing.stderr.contains("cannot open '/nonexistent/script.djs'"))

        let binary = try DJSProcess.temporaryFile(Data([0x70, 0x72, 0xFF, 0xFE, 0x00, 0x01]))
        defer { try? FileManager.default.removeItem(at: binary) }
        let result = try DJSProcess.run([binary.path])
        #expect(result.exitCode == 64)
        #expect(result.stderr.contains("is not UTF-8 text"))
    }

    @Test func nulByteIsASyntaxError() throws {
        let script = try DJSProcess.temporaryFile(Data("print(1)\n\u{0}\n".utf8))
        defer { try? FileManager.default.removeItem(at: script) }
        let result = try DJSProcess.run([script.path])
        #expect(result.exitCode == 65)
        #expect(result.stderr.contains("unexpected NUL byte"))
    }

    @Test func maxStepsStopsARunawayLoop() throws {
        let result = try DJSProcess.run(["--max-steps", "1000", "-e", "let n = 0\nwhile true < n = n + 1 >"])
        #expect(result.exitCode == 70)
        #expect(result.stderr.contains("more than 1000 steps"))
    }

    @Test func deepRecursionIsAnErrorNotACrash() throws {
        let result = try DJSProcess.run(["-e", "fn down(n) < return down(n + 1) >\ndown(0)"])
        #expect(result.exitCode == 70)
        #expect(result.stderr.contains("too much recursion"))
    }

    @Test func helpAndVersion() throws {
        let help = try DJSProcess.run(["--help"])
        #expect(help.exitCode == 0)
        #expect(help.stdout.contains("exit codes: 0 success, 64 usage error, 65 syntax error, 70 runtime error, 74 standard output\n"))
        let version = try DJSProcess.run(["--version"])
        #expect(version.stdout.hasPrefix("djs "))
    }

    @Test func anArgumentThatIsNotUTF8IsRefusedNotRepaired() throws {
        // Process takes Strings; the shell's printf puts the raw byte 0xFF into argv.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", #""$0" -e "$(printf 'print(\"\377\")')""#, DJSProcess.binary.path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = Pipe()
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 64)
        #expect(String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                == "djs: error: argument 2 is not UTF-8 text\n")
    }
}
