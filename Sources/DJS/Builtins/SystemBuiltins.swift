extension Builtins {
    static var system: [Builtin] { [
        Builtin("env", "env(name): the environment variable's value, or null when it is not set") { arguments in
            try arguments.expect(1...1)
            let name = try arguments.string(0, "name")
            return arguments.interpreter.environment[name].map { .string($0) } ?? .null
        },
        Builtin("exit", "exit(code): ends the script with this exit code (0 when not given)") { arguments in
            try arguments.expect(0...1)
            let code = arguments.count == 1 ? try arguments.int(0, "code") : 0
            guard (0...255).contains(code) else { throw arguments.error("an exit code is between 0 and 255") }
            throw ExitRequest(code: Int32(code))
        },
    ] }

    static var json: [Builtin] { [
        Builtin("json", "json(x): x as compact JSON text") { arguments in
            try arguments.expect(1...1)
            do {
                return .string(try JSON.encode(arguments[0]))
            } catch let error as JSONError {
                throw arguments.error(error.message)
            }
        },
        Builtin("parse_json", "parse_json(text): the value the JSON text describes") { arguments in
            try arguments.expect(1...1)
            let text = try arguments.string(0, "text")
            do {
                return try JSON.decode(text)
            } catch let error as JSONError {
                throw arguments.error("invalid JSON at byte \(error.offset): \(error.message)")
            }
        },
    ] }
}
