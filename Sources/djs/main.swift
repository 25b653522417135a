import DJS
import DevoSim
#if canImport(Glibc)
import Glibc
#endif
import Foundation

// djs entry point: decide what to run, run it, exit with its code.

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
default:
    exit(BatchRunner(options: options).run())
}
