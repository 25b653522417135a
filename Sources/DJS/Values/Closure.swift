/// A user function together with the frame it was created in, which it can still read and
/// write (closures).
public final class Closure {
    public let declaration: FunctionDecl
    let captured: Frame?
    /// The declaration's compiled body (see `Interpreter.closure`).
    let compiled: CompiledFunction

    init(declaration: FunctionDecl, captured: Frame?, compiled: CompiledFunction) {
        self.declaration = declaration
        self.captured = captured
        self.compiled = compiled
    }
}
