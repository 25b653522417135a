import DJS
import DevoSim
#if canImport(Glibc)
import Glibc
#endif
import Foundation

// djs entry point: decide what to run, run it, exit with its code.

// Before anything opens a file or socket: a closed standard descriptor must not be reused.
_ = StandardStreams.outputWasClosed

// CommandLine.arguments repairs invalid UTF-8 silently; code or a path given that way would
// run as something other than what was typed, so such an argument is refused instead.
for index in 1..<Int(CommandLine.argc) {
    if let raw = CommandLine.unsafeArgv[index], String(validatingCString: raw) == nil {
        StandardStreams.writeError("djs: error: argument \(index) is not UTF-8 text\n")
        exit(ProgramRunner.ExitCode.usage)
    }
}
let arguments = Array(CommandLine.arguments.dropFirst())
// Hidden: what the completion scripts ask (`djs __complete INDEX WORDS…`), one candidate a line.
if arguments.first == "__complete" {
    let index = arguments.count > 1 ? Int(arguments[1]) ?? 0 : 0
    for candidate in ShellCompletion.candidates(words: Array(arguments.dropFirst(2)), current: index) { print(candidate) }
    exit(0)
}
let options: CommandLineOptions
do {
    options = try CommandLineOptions.parse(arguments)
    try options.validateConnection()
} catch {
    StandardStreams.writeError("djs: \(error.message)\n" + CommandLineOptions.usageLine)
    exit(ProgramRunner.ExitCode.usage)
}

switch options.mode {
case .help:
    exit(LongText.show(CommandLineOptions.usage))
case .version:
    exit(StandardStreams.writeOutput(DJSVersion.text + "\n"))
case .simulator(let simulatorArguments):
    exit(SimulatorCommand.run(arguments: simulatorArguments))
case .completion(let shell):
    exit(StandardStreams.writeOutput(CompletionScript.text(for: shell)))
case .journal(let command):
    exit(command.run(options))
default:
    exit(BatchRunner(options: options).run())
}
