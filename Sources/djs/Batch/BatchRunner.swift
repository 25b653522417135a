import DJS
import Foundation

/// Runs scripts, `-e` code, standard input and `djs check`.
struct BatchRunner {
    let options: CommandLineOptions

    func run() -> Int32 {
        let source: SourceFile
        switch options.mode {
        case .file(let path):
            switch StandardStreams.readSourceFile(path) {
            case .success(let text): source = SourceFile(name: path, text: text)
            case .failure(let error):
                // `djs jbos`: a mistyped subcommand reads as a script's name.
                let subcommands = ShellCompletion.subcommands.map(\.name)
                if !path.contains("/"), !path.contains("."), let guess = Spelling.closest(to: path, among: subcommands) {
                    return fail(error.message + "; did you mean the subcommand '\(guess)'?")
                }
                return fail(error.message)
            }
        case .code(let code):
            source = SourceFile(name: "<-e>", text: code)
        case .standardInput, .automatic:
            if options.mode == .automatic, StandardStreams.inputIsTerminal || options.forceInteractive {
                return REPL.start(options)
            }
            switch StandardStreams.decodeSource(StandardStreams.readAllInput(), name: "<stdin>") {
            case .success(let text): source = SourceFile(name: "<stdin>", text: text)
            case .failure(let error): return fail(error.message)
            }
        case .check(let paths):
            return check(paths)
        case .jobCommand(let command):
            let input = command.idsFromStandardInput ? String(decoding: StandardStreams.readAllInput(), as: UTF8.self) : nil
            do {
                let (code, arguments) = try command.program(input: input, format: options.format)
                // Only a --where expression is the user's code; otherwise no code is shown.
                return execute(SourceFile(name: "djs \(command.verb.rawValue)", text: code), arguments: arguments,
                               isJobCommand: true, showsSource: command.whereExpression != nil)
            } catch {
                return fail("djs: \(error.message)")
            }
        case .help, .version, .simulator, .completion, .journal:
            return 0
        }
        return execute(source, arguments: options.scriptArguments)
    }

    private func fail(_ message: String) -> Int32 {
        StandardStreams.writeError(message + "\n")
        return ProgramRunner.ExitCode.usage
    }

    private var useColor: Bool {
        if let forced = options.color { return forced }
        return StandardStreams.errorIsTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }

    private func execute(_ source: SourceFile, arguments scriptArguments: [String], isJobCommand: Bool = false,
                         showsSource: Bool = true) -> Int32 {
        let connection: Connection
        do {
            connection = try Connection.open(options)
        } catch {
            StandardStreams.writeError("djs: error: cannot start the embedded simulator: \(error)\n")
            return ProgramRunner.ExitCode.runtimeError
        }
        defer { connection.embedded?.simulator.stop() }
        let maximumSteps = options.maximumSteps
        let color = useColor
        let options = self.options
        let journalName = scriptName(source)
        // `-e` and piped code show a final expression's value, as the REPL (and `node -p`) do;
        // a script file is a program, and prints only what it prints.
        let echoes: Bool
        switch options.mode {
        case .code, .standardInput, .automatic: echoes = true
        default: echoes = false
        }
        let interrupt = InterruptFlag()
        let interrupts = BatchInterrupts(raising: interrupt)
        defer { withExtendedLifetime(interrupts) {} }
        return LargeStack.run {
            // The environment the connection has read: building that dictionary again cost
            // about a tenth of the instructions of `djs -e 'print(1)'` (forty variables).
            let interpreter = Interpreter(output: StandardStreams.standardOutput(),
                                          environment: connection.environment,
                                          arguments: scriptArguments, interrupt: interrupt)
            interpreter.maximumSteps = maximumSteps
            connection.attach(to: interpreter, options: options, script: journalName)
            interpreter.jobOptions.printsActedOnJobsOnFailure = isJobCommand
            var renderer = DiagnosticRenderer(useColor: color)
            renderer.showsSource = showsSource
            var runner = ProgramRunner(interpreter: interpreter, renderer: renderer, writeError: StandardStreams.writeError)
            runner.echoesFinalValue = echoes
            let code = runner.run(source)
            // The process exits as soon as this returns (main.swift), and the OS takes back
            // its memory wholesale. Releasing the interpreter would first free every value
            // the program left in its globals one object at a time: for 200,000 job maps
            // that was about a seventh of the whole run. So the interpreter is kept alive
            // (deliberately never released) until `exit()`; its output is already flushed.
            _ = Unmanaged.passRetained(interpreter)
            return code
        }
    }

    /// How the journal names what ran: the script's absolute path, `-e`, `<stdin>`, or the
    /// job subcommand (`djs stop`).
    private func scriptName(_ source: SourceFile) -> String {
        switch options.mode {
        case .file(let path):
            return URL(fileURLWithPath: path).standardizedFileURL.path
        case .code: return "-e"
        case .jobCommand: return source.name
        default: return "<stdin>"
        }
    }

    private func check(_ paths: [String]) -> Int32 {
        var worst: Int32 = 0
        let color = useColor
        for path in paths {
            switch StandardStreams.readSourceFile(path) {
            case .failure(let error):
                StandardStreams.writeError(error.message + "\n")
                worst = max(worst, ProgramRunner.ExitCode.usage)
            case .success(let text):
                let code = LargeStack.run {
                    let interpreter = Interpreter(output: StandardStreams.standardOutput())
                    let runner = ProgramRunner(interpreter: interpreter, renderer: DiagnosticRenderer(useColor: color),
                                               writeError: StandardStreams.writeError)
                    return runner.check(SourceFile(name: path, text: text))
                }
                worst = max(worst, code)
            }
        }
        return worst
    }
}
