public enum SimulatorCommand { public static func run(arguments: [String]) -> Int32 { print("the simulator is not merged yet"); return 64 } }
