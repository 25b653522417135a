/// Runs one program the way batch mode does: parse, resolve, run, render any errors, and
/// answer with the process exit code. The golden tests go through here too.
public struct ProgramRunner {
    /// The documented exit codes (sysexits-style, as in Crafting Interpreters).
    public enum ExitCode {
        public static let success: Int32 = 0
        public static let usage: Int32 = 64
        public static let syntaxError: Int32 = 65
        public static let runtimeError: Int32 = 70
        public static let interrupted: Int32 = 130
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

    public func run(_ source: SourceFile) -> Int32 {
        defer { interpreter.output.flush() }
        do {
            _ = try interpreter.run(source)
            return ExitCode.success
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

    /// `djs check`: every syntax and name error, without running anything.
    public func check(_ source: SourceFile) -> Int32 {
        let diagnostics = ProgramAnalysis.diagnostics(source, globals: interpreter.globals)
        report(diagnostics, in: source)
        return diagnostics.isEmpty ? ExitCode.success : ExitCode.syntaxError
    }

    public func report(_ diagnostics: [Diagnostic], in source: SourceFile) {
        for diagnostic in diagnostics { writeError(renderer.render(diagnostic, in: source)) }
    }
}
