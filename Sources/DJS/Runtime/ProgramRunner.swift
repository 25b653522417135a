/// Runs one program the way batch mode does: parse, resolve, run, render any errors, and
/// answer with the process exit code. The golden tests go through here too.
public struct ProgramRunner {
    /// The documented exit codes (sysexits-style, as in Crafting Interpreters).
    public enum ExitCode {
        public static let success: Int32 = 0
        public static let usage: Int32 = 64
        public static let syntaxError: Int32 = 65
        public static let runtimeError: Int32 = 70
        /// Standard output could not be written (sysexits' EX_IOERR).
        public static let outputError: Int32 = 74
        public static let interrupted: Int32 = 130
        /// The reader of standard output went away (128 + SIGPIPE, as a shell reports a
        /// program the signal ended).
        public static let brokenPipe: Int32 = 141
    }

    public let interpreter: Interpreter
    public var renderer: DiagnosticRenderer
    /// Where rendered errors go (standard error in the CLI).
    public var writeError: (String) -> Void

    public init(interpreter: Interpreter, renderer: DiagnosticRenderer = DiagnosticRenderer(),
                writeError: @escaping (String) -> Void) {
        self.interpreter = interpreter
        self.renderer = renderer
        self.writeError = writeError
    }

    /// Whether the value of a final bare expression is printed, as the REPL does (`-e` and
    /// piped code; not script files).
    public var echoesFinalValue = false

    public func run(_ source: SourceFile) -> Int32 {
        let code = runReportingErrors(source)
        interpreter.output.flush()
        return outcome(code)
    }

    /// The exit code once output is flushed: a failed write overrides success, since data
    /// was lost. A reader that went away ends the run quietly, as `head -1` expects.
    private func outcome(_ code: Int32) -> Int32 {
        guard let failure = interpreter.output.failure else { return code }
        return ProgramRunner.exitCode(for: failure, writeError: writeError)
    }

    /// The exit code for output that could not be written, saying why unless nobody reads.
    public static func exitCode(for failure: OutputFailure, writeError: (String) -> Void) -> Int32 {
        if failure.readerWentAway { return ExitCode.brokenPipe }
        writeError("djs: error: \(failure.message)\n")
        return ExitCode.outputError
    }

    private func runReportingErrors(_ source: SourceFile) -> Int32 {
        do {
            let value = try interpreter.run(source)
            if echoesFinalValue, let value { try echo(value) }
            return ExitCode.success
        } catch is OutputFailure {
            return ExitCode.outputError
        } catch let errors as ProgramErrors {
            interpreter.output.flush()
            report(errors.diagnostics, in: source)
            return errors.diagnostics.contains { $0.kind == .syntax } ? ExitCode.syntaxError : ExitCode.runtimeError
        } catch let exit as ExitRequest {
            return exit.code
        } catch let interrupted as Interrupted {
            interpreter.output.flush()
            report([interrupted.diagnostic], in: source)
            return ExitCode.interrupted
        } catch {
            interpreter.output.flush()
            writeError("\(source.name): error: \(error)\n")
            return ExitCode.runtimeError
        }
    }

    /// Shows a final value as the REPL does: null is silent.
    private func echo(_ value: Value) throws(OutputFailure) {
        if case .null = value { return }
        let text: String
        do {
            text = try ValueRenderer.echoed(value, as: interpreter.outputFormat, width: interpreter.tableWidth())
        } catch {
            text = value.reprText
        }
        interpreter.output.write(text.isEmpty ? "" : text + "\n")
        try interpreter.output.check()
    }

    /// `djs check`: every syntax and name error, without running anything.
    public func check(_ source: SourceFile) -> Int32 {
        let diagnostics = ProgramRunner.staticDiagnostics(source, globals: interpreter.globals)
        report(diagnostics, in: source)
        return diagnostics.isEmpty ? ExitCode.success : ExitCode.syntaxError
    }

    public static func staticDiagnostics(_ source: SourceFile, globals: GlobalScope) -> [Diagnostic] {
        let (statements, syntaxErrors) = Parser.parse(source)
        if !syntaxErrors.isEmpty { return syntaxErrors }
        return Resolver.resolve(statements, globals: globals).diagnostics
    }

    public func report(_ diagnostics: [Diagnostic], in source: SourceFile) {
        for diagnostic in diagnostics { writeError(renderer.render(diagnostic, in: source)) }
    }
}
