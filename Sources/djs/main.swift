import DJS
import DevoSim
#if canImport(Glibc)
import Glibc
#endif
import Foundation

// djs entry point: decide what to run, run it, exit with its code.

// CommandLine.arguments repairs invalid UTF-8 silently; code or a path given that way would
// run as something other than what was typed, so such an argument is refused instead.
for index in 1..<Int(CommandLine.argc) {
    if let raw = CommandLine.unsafeArgv[index], String(validatingCString: raw) == nil {
        StandardStreams.writeError("djs: error: argument \(index) is not UTF-8 text\n")
        exit(ProgramRunner.ExitCode.usage)
    }
}
let arguments = Array(CommandLine.arguments.dropFirst())
let options: CommandLineOptions
do {
    options = try CommandLineOptions.parse(arguments)
} catch {
    StandardStreams.writeError("djs: \(error.message)\n\n" + CommandLineOptions.usage)
    exit(ProgramRunner.ExitCode.usage)
}

switch options.mode {
case .help:
    print(CommandLineOptions.usage, terminator: "")
    exit(0)
case .version:
    print(DJSVersion.text)
    exit(0)
case .simulator(let simulatorArguments):
    exit(SimulatorCommand.run(arguments: simulatorArguments))
case .journal(let command):
    exit(command.run(options))
default:
    exit(BatchRunner(options: options).run())
}
