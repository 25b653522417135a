import DJS
import Foundation

/// The read-eval-print loop: reads statements (asking the parser whether more lines are
/// needed, as Lua's `lua.c` does), runs them in one long-lived interpreter, echoes the value
/// of an expression, and reports errors without ever ending the session.
final class REPL {
    /// Settings the meta-commands change (the output format lives on the interpreter).
    struct Settings {
        var timing = false
        var dryRun = false
        /// `:format wide` (or `--wide`): tables are not fitted to the terminal.
        var wide = false
    }

    let reader: LineReader
    let interpreter: Interpreter
    let renderer: DiagnosticRenderer
    /// Rendered errors, timings and notices (standard error in the CLI).
    let writeError: (String) -> Void
    var settings = Settings()
    /// What `:env` shows. Never holds a secret.
    var connectionDescription = "endpoint: none (no Devo connection configured)"
    /// Requests sent to Devo so far, for `:timing`; nil until a client is attached.
    var requestCount: (() -> Int)?
    /// The job service without the dry-run wrapper, which `:dry-run` puts on and takes off.
    var liveJobService: JobService?
    /// All inputs so far, to show errors from earlier inputs against their own text.
    private var session = SessionSource()

    init(reader: LineReader, interpreter: Interpreter, renderer: DiagnosticRenderer,
         writeError: @escaping (String) -> Void) {
        self.reader = reader
        self.interpreter = interpreter
        self.renderer = renderer
        self.writeError = writeError
    }

    /// Runs until end of input, `:quit` or `exit(n)`; answers the exit code.
    func run() -> Int32 {
        var pending: [String] = []
        while true {
            interpreter.output.flush()
            interpreter.interrupt.clear()
            switch reader.readLine(pending.isEmpty ? .primary : .continuation) {
            case .endOfInput:
                // Input that stopped inside a statement: say what was left open.
                if !pending.isEmpty, let problem = Parser.parse(source(pending)).diagnostics.first {
                    writeError(renderer.render(problem, in: source(pending)))
                }
                return ProgramRunner.ExitCode.success
            case .interrupted:
                pending.removeAll()
            case .line(let line):
                if pending.isEmpty, let command = MetaCommand(line) {
                    reader.addHistory(line)
                    if let exitCode = perform(command) { return exitCode }
                    continue
                }
                pending.append(line)
                let input = source(pending)
                if pending.allSatisfy({ $0.allSatisfy(\.isWhitespace) }) {
                    pending.removeAll()
                    continue
                }
                if needsMoreInput(input) { continue }
                pending.removeAll()
                reader.addHistory(input.text)
                if let exitCode = evaluate(input.text, name: input.name, echo: true) { return exitCode }
            }
        }
    }

    private func source(_ lines: [String]) -> SourceFile {
        SourceFile(name: "<repl>", text: lines.joined(separator: "\n"))
    }

    /// Incomplete (ask for another line) rather than invalid (report now): the parser's first
    /// complaint is that the input ended too early. A real error before that point wins.
    func needsMoreInput(_ source: SourceFile) -> Bool {
        Parser.parse(source).diagnostics.first?.isIncompleteInput == true
    }

    /// Runs one statement or file; answers an exit code only when the program asked to exit.
    func evaluate(_ text: String, name: String, echo: Bool) -> Int32? {
        let source = session.add(name: name, text: text)
        let started = ContinuousClock.now
        let requestsBefore = requestCount?()
        defer {
            interpreter.output.flush()
            if settings.timing { reportTiming(since: started, requestsBefore: requestsBefore) }
        }
        do {
            let value = try interpreter.run(source)
            if echo, let value { self.echo(value) }
        } catch let errors as ProgramErrors {
            report(errors.diagnostics)
        } catch let request as ExitRequest {
            return request.code
        } catch let interrupted as Interrupted {
            if reader.isTerminal { writeError("\n") }
            report([interrupted.diagnostic])
        } catch {
            interpreter.output.flush()
            writeError("\(source.name): error: \(error)\n")
        }
        return nil
    }

    /// Statements are silent and so is null; other values print as they would inside a list,
    /// so that the string "1" and the number 1 look different.
    private func echo(_ value: Value) {
        if case .null = value { return }
        do {
            interpreter.output.write(try ValueRenderer.echoed(value, as: interpreter.outputFormat,
                                                              width: interpreter.tableWidth()) + "\n")
        } catch {
            interpreter.output.write(value.reprText + "\n")
        }
    }

    /// Asked before a mutating call over more than one job (unless `--yes`).
    func confirm(_ confirmation: BulkConfirmation) -> Bool {
        interpreter.output.flush()
        writeError(confirmation.listing)
        guard let reply = reader.ask(confirmation.question) else { return false }
        return ["y", "yes"].contains(reply.trimmingCharacters(in: .whitespaces).lowercased())
    }

    /// Shows each diagnostic of an evaluation against the input it points into.
    private func report(_ diagnostics: [Diagnostic]) {
        interpreter.output.flush()  // what the statement printed comes before its error
        for diagnostic in diagnostics {
            let (local, input) = session.localize(diagnostic)
            writeError(renderer.render(local, in: input))
        }
    }

    private func reportTiming(since start: ContinuousClock.Instant, requestsBefore: Int?) {
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        var line = "time: " + String(format: "%.3f ms", milliseconds)
        if let requestsBefore, let requestsAfter = requestCount?() {
            line += ", requests: \(requestsAfter - requestsBefore)"
        }
        writeError(line + "\n")
    }
}
