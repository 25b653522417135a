/// The phases before a program runs, driven in one place: the parser (which drives the
/// lexer) turns the source into a tree, the resolver binds its names to slots; the first
/// phase that finds errors stops the rest. `Interpreter.run` compiles and runs what comes
/// out, `djs check` reports the diagnostics, and the REPL asks whether its input is finished.
public enum ProgramAnalysis {
    /// A program ready to compile: its resolved statements and the slots of its top frame.
    public struct Resolved {
        public var statements: [Stmt]
        public var slotCount: Int
    }

    /// Parses and resolves `source` against `globals`: the resolved program, or every syntax
    /// error, or (when the syntax is sound) every name error.
    public static func analyze(_ source: SourceFile, globals: GlobalScope) -> Result<Resolved, ProgramErrors> {
        let (parsed, syntaxErrors) = Parser.parse(source)
        if !syntaxErrors.isEmpty { return .failure(ProgramErrors(diagnostics: syntaxErrors)) }
        let (statements, slotCount, nameErrors) = Resolver.resolve(parsed, globals: globals)
        if !nameErrors.isEmpty { return .failure(ProgramErrors(diagnostics: nameErrors)) }
        return .success(Resolved(statements: statements, slotCount: slotCount))
    }

    /// Every error found without running anything (`djs check`): the errors `analyze` finds,
    /// found the same way, but without building the resolved tree nobody will run.
    public static func diagnostics(_ source: SourceFile, globals: GlobalScope) -> [Diagnostic] {
        let (parsed, syntaxErrors) = Parser.parse(source)
        if !syntaxErrors.isEmpty { return syntaxErrors }
        return Resolver.check(parsed, globals: globals)
    }

    /// The first syntax problem of `source`, if any. The REPL reads it to tell unfinished
    /// input (the problem is that the input ended too early: ask for another line) from wrong
    /// input (report it now).
    public static func firstSyntaxProblem(_ source: SourceFile) -> Diagnostic? {
        Parser.parse(source).diagnostics.first
    }
}
