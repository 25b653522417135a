/// The standard library: every built-in function, installed as a global of the interpreter.
///
/// Each group lives in its own file (`CoreBuiltins`, `CollectionBuiltins`, …) and lists its
/// functions with a one-line signature, which `:help` and the language reference show.
public enum Builtins {
    static func install(into interpreter: Interpreter, arguments: [String]) {
        for builtin in core + collections + strings + times + system + json + jobOperations + destinations {
            interpreter.define(builtin.name, .builtin(builtin))
        }
        interpreter.define("args", .list(ListRef(arguments.map { .string($0) })))
    }

    /// Every built-in's name and signature, for help and completion.
    public static var catalog: [(name: String, signature: String)] {
        (core + collections + strings + times + system + json + jobOperations + destinations).map { ($0.name, $0.signature) }
    }
}
