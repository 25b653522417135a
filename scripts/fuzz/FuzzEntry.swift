// libFuzzer entry point for the djs language: lexer, parser, resolver, evaluator and the
// diagnostic renderer, the way batch mode runs a script.
//
// Built by scripts/fuzz.sh together with every file of Sources/DJS into one module, so this
// file is not part of the package (SwiftPM never sees scripts/). It must stay small: the
// point is to exercise the real code, not to model it.

import Foundation

/// Loop iterations plus calls per input. Small, so that a generated `while true < >` costs
/// microseconds, yet large enough to reach deep into the evaluator.
private let stepBudget = 20_000

/// One interpreter per input: globals must not leak from one input into the next, or a crash
/// would not reproduce from its own file.
private func runOnce(_ text: String) {
    let output = OutputBuffer()
    let interpreter = Interpreter(output: output, environment: ["DJS_FUZZ": "1"], arguments: ["a", "b"])
    interpreter.maximumSteps = stepBudget
    // No job service: job built-ins must answer "not connected" with an error, not crash.
    interpreter.jobService = nil
    // sleep() would make the fuzzer crawl; the evaluator around it is what matters.
    interpreter.define("sleep", .builtin(Builtin("sleep", "sleep(duration)") { _ in .null }))
    let runner = ProgramRunner(interpreter: interpreter, renderer: DiagnosticRenderer(useColor: true),
                               writeError: { _ = $0.utf8.count })
    let source = SourceFile(name: "fuzz.djs", text: text)
    _ = runner.check(source)
    _ = runner.run(source)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // The CLI refuses invalid UTF-8 before lexing; the REPL and `-e` get whatever the terminal
    // delivers. Repairing here feeds the lexer replacement characters and NULs as well.
    let text = String(decoding: bytes, as: UTF8.self)
    // The CLI runs programs on a thread with a large stack; so must the fuzzer, or the depth
    // limits would be measured against the main thread's 8 MB instead.
    LargeStack.run { runOnce(text) }
    return 0
}
