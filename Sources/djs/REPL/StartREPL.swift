import DJS
import DJSJobs
import Foundation

extension REPL {
    /// Starts an interactive session for the command line: libedit when standard input is a
    /// terminal; under `-i` on a pipe, plain lines with no prompts and no color, so that a
    /// transcript of the output can be compared in tests.
    static func start(_ options: CommandLineOptions) -> Int32 {
        let environment = ProcessInfo.processInfo.environment
        let onTerminal = StandardStreams.inputIsTerminal
        let noColor = environment["NO_COLOR"] != nil
        let colorErrors = options.color ?? (onTerminal && StandardStreams.errorIsTerminal && !noColor)
        let colorPrompt = options.color ?? (isatty(STDOUT_FILENO) == 1 && !noColor)
        let historyFile = onTerminal ? HistoryList.filePath(environment: environment) : nil
        let scriptArguments = options.scriptArguments
        let maximumSteps = options.maximumSteps

        // libedit is opened now rather than linked (a script never needs it); without it
        // there is no line editor, as there was no djs at all when it was linked and missing.
        if onTerminal, let failure = EditLineReader.loadLibrary() {
            StandardStreams.writeError("djs: error: cannot load libedit, the REPL's line editor (\(failure)); "
                + "on Debian or Ubuntu: apt-get install libedit2\n")
            return ProgramRunner.ExitCode.runtimeError
        }
        let connection: Connection
        do {
            connection = try Connection.open(options)
        } catch {
            StandardStreams.writeError("djs: error: cannot start the embedded simulator: \(error)\n")
            return 70
        }
        defer { connection.embedded?.simulator.stop() }

        // Ctrl-C must reach the REPL thread, not the main thread that only waits for it.
        InterruptHandling.blockOnThisThread()
        return LargeStack.run {
            InterruptHandling.install()
            let interpreter = Interpreter(output: StandardStreams.standardOutput(), environment: environment,
                                          arguments: scriptArguments, interrupt: InterruptHandling.flag,
                                          allowsRedeclaration: true)
            interpreter.maximumSteps = maximumSteps
            let service = connection.attach(to: interpreter, options: options, script: "REPL")
            let reader: LineReader
            if onTerminal {
                let completer = Completer(namesInScope: { interpreter.globals.visibleNames })
                reader = EditLineReader(historyFile: historyFile, interrupt: InterruptHandling.flag,
                                        useColor: colorPrompt, completer: completer)
            } else {
                reader = PlainLineReader(interrupt: InterruptHandling.flag)
            }
            let repl = REPL(reader: reader, interpreter: interpreter, renderer: DiagnosticRenderer(useColor: colorErrors),
                            writeError: StandardStreams.writeError)
            repl.connectionDescription = connection.summary
            repl.liveJobService = service.live
            repl.settings.dryRun = options.dryRun
            repl.settings.wide = options.wide
            repl.requestCount = { (service.lazy.madeService as? ClientJobService)?.client.requestCount ?? 0 }
            if !options.assumeYes { interpreter.jobOptions.confirm = { [unowned repl] in repl.confirm($0) } }
            if onTerminal { StandardStreams.writeError(DJSVersion.text + " — :help for help, Ctrl-D to leave\n") }
            return repl.run()
        }
    }
}
