import DJS
import Foundation
import Testing

/// The golden corpus is the language's specification: every `Golden/<feature>/<case>.djs`
/// runs in-process, and its standard output, rendered diagnostics and exit code must match
/// the sidecar files exactly:
///
/// - `<case>.out`: standard output (always present, possibly empty).
/// - `<case>.err`: the rendered diagnostics, without color; absent when none are expected.
/// - `<case>.exit`: the exit code, only when it is not the one implied: 0 without `.err`;
///   with `.err`, 65 when the program has syntax or name errors, otherwise 70.
///
/// Run with `UPDATE_GOLDEN=1` to rewrite the sidecars in the source tree from the current
/// behaviour, then read every changed file: a sidecar that records a bug is a defect.
@Suite struct GoldenTests {
    /// Every case, found recursively in the test bundle's copy of `Golden`.
    static let cases: [GoldenCase] = GoldenCase.discover()

    @Test func corpusIsPresent() {
        // Guards against a packaging mistake silently running zero cases.
        #expect(GoldenTests.cases.count >= 120, "found only \(GoldenTests.cases.count) golden cases")
    }

    @Test(arguments: GoldenTests.cases)
    func golden(_ testCase: GoldenCase) throws {
        let source = try String(contentsOf: testCase.url, encoding: .utf8)
        let actual = GoldenRun.run(source, name: testCase.name)
        let impliedExit = GoldenRun.impliedExitCode(source, name: testCase.name, hasErrors: !actual.errors.isEmpty)

        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try testCase.update(with: actual, impliedExit: impliedExit)
            return
        }

        let expectedOut = testCase.sidecar("out") ?? ""
        let expectedErr = testCase.sidecar("err") ?? ""
        let expectedExit: Int32
        if let text = testCase.sidecar("exit") {
            expectedExit = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
        } else {
            expectedExit = expectedErr.isEmpty ? 0 : impliedExit
        }

        #expect(actual.output == expectedOut,
                "\(testCase.name): standard output differs (- expected, + actual)\n\(LineDiff.render(expectedOut, actual.output))")
        #expect(actual.errors == expectedErr,
                "\(testCase.name): diagnostics differ (- expected, + actual)\n\(LineDiff.render(expectedErr, actual.errors))")
        #expect(actual.exitCode == expectedExit, "\(testCase.name): exit code \(actual.exitCode), expected \(expectedExit)")
    }
}

/// One `.djs` file of the corpus.
struct GoldenCase: Sendable, CustomTestStringConvertible {
    /// `feature/case`, also the file name diagnostics show (with `.djs`).
    let name: String
    let url: URL

    var testDescription: String { name }

    static func discover() -> [GoldenCase] {
        guard let root = Bundle.module.url(forResource: "Golden", withExtension: nil) else { return [] }
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        var found: [GoldenCase] = []
        let rootPath = root.standardizedFileURL.path
        for case let url as URL in walker where url.pathExtension == "djs" {
            let path = url.standardizedFileURL.path
            let relative = String(path.dropFirst(rootPath.count + 1).dropLast(".djs".count))
            found.append(GoldenCase(name: relative, url: url))
        }
        return found.sorted { $0.name < $1.name }
    }

    func sidecar(_ suffix: String) -> String? {
        try? String(contentsOf: url.deletingPathExtension().appendingPathExtension(suffix), encoding: .utf8)
    }

    /// Rewrites this case's sidecars in the source tree (not the bundle copy).
    func update(with run: GoldenRun, impliedExit: Int32) throws {
        let sourceRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
        let base = sourceRoot.appendingPathComponent(name)
        try run.output.write(to: base.appendingPathExtension("out"), atomically: true, encoding: .utf8)
        let errURL = base.appendingPathExtension("err"), exitURL = base.appendingPathExtension("exit")
        if run.errors.isEmpty {
            try? FileManager.default.removeItem(at: errURL)
        } else {
            try run.errors.write(to: errURL, atomically: true, encoding: .utf8)
        }
        let implied = run.errors.isEmpty ? 0 : impliedExit
        if run.exitCode == implied {
            try? FileManager.default.removeItem(at: exitURL)
        } else {
            try "\(run.exitCode)\n".write(to: exitURL, atomically: true, encoding: .utf8)
        }
    }
}

/// What one program did.
struct GoldenRun: Sendable {
    var output: String
    var errors: String
    var exitCode: Int32

    /// The environment and script arguments every case sees, so `env` and `args` are testable.
    static let environment = ["DJS_TEST": "yes", "DJS_EMPTY": ""]
    static let arguments = ["alpha", "beta gamma"]

    /// Runs like `djs FILE alpha 'beta gamma'`, on a large stack as the CLI does.
    ///
    /// Cases under `jobs/` run against `FakeJobService`. A first line `# golden: WORD…` sets
    /// options as the command line would: `dry-run`, `format=F`, `concurrency=N`.
    static func run(_ text: String, name: String) -> GoldenRun {
        LargeStack.run {
            let output = OutputBuffer()
            let interpreter = Interpreter(output: output, environment: environment, arguments: arguments)
            if name.hasPrefix("jobs/") {
                interpreter.jobService = FakeJobService()
                interpreter.jobOptions.firstPollInterval = 1
                interpreter.jobOptions.maximumPollInterval = 1
            }
            applyOptions(in: text, to: interpreter)
            let errors = ErrorSink()
            let runner = ProgramRunner(interpreter: interpreter, writeError: { errors.text += $0 })
            let code = runner.run(SourceFile(name: name + ".djs", text: text))
            return GoldenRun(output: output.captured, errors: errors.text, exitCode: code)
        }
    }

    private static func applyOptions(in text: String, to interpreter: Interpreter) {
        guard let firstLine = text.split(separator: "\n", maxSplits: 1).first, firstLine.hasPrefix("# golden:") else { return }
        for word in firstLine.dropFirst("# golden:".count).split(separator: " ") {
            let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
            switch (parts[0], parts.count > 1 ? parts[1] : nil) {
            case ("dry-run", nil):
                if let service = interpreter.jobService {
                    interpreter.jobService = DryRunJobService(wrapping: service, notices: interpreter.output.write)
                }
            case ("format", let name?): interpreter.outputFormat = OutputFormat(rawValue: name) ?? .table
            case ("concurrency", let count?): interpreter.jobOptions.concurrency = Int(count) ?? 1
            default: break
            }
        }
    }

    /// The exit code a program with diagnostics should end with: 65 when it has syntax or
    /// name errors (found without running it), 70 for a runtime error.
    static func impliedExitCode(_ text: String, name: String, hasErrors: Bool) -> Int32 {
        guard hasErrors else { return ProgramRunner.ExitCode.success }
        return LargeStack.run {
            let interpreter = Interpreter(output: OutputBuffer(), environment: environment, arguments: arguments)
            let diagnostics = ProgramRunner.staticDiagnostics(SourceFile(name: name + ".djs", text: text),
                                                              globals: interpreter.globals)
            return diagnostics.isEmpty ? ProgramRunner.ExitCode.runtimeError : ProgramRunner.ExitCode.syntaxError
        }
    }
}

/// Collects what the runner writes to "standard error". Used only on the one thread that runs
/// the program.
private final class ErrorSink {
    var text = ""
}

/// A small line diff (longest common subsequence) for readable failure messages.
enum LineDiff {
    static func render(_ expected: String, _ actual: String) -> String {
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // lengths[i][j]: LCS length of a[i...] and b[j...].
        var lengths = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lengths[i][j] = a[i] == b[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var lines: [String] = []
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                lines.append("  " + a[i]); i += 1; j += 1
            } else if j < b.count, i == a.count || lengths[i][j + 1] >= lengths[i + 1][j] {
                lines.append("+ " + b[j]); j += 1
            } else {
                lines.append("- " + a[i]); i += 1
            }
        }
        return lines.joined(separator: "\n")
    }
}
