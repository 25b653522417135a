@testable import DJS
import Testing

/// The exact text of rendered diagnostics.
@Suite struct RendererTests {
    private let renderer = DiagnosticRenderer()

    private func location(_ source: SourceFile, _ offset: Int, _ length: Int) -> DJS.SourceLocation {
        source.location(offset: offset, length: length)
    }

    @Test func headerSourceLineAndCaret() {
        let source = SourceFile(name: "jobs.djs", text: "let a = 1\nfor j in jbos() < print(j) >\n")
        let diagnostic = Diagnostic(.syntax, "undefined name 'jbos'", at: location(source, 19, 4),
                                    notes: ["did you mean 'jobs'?"])
        #expect(renderer.render(diagnostic, in: source) == """
            jobs.djs:2:10: error: undefined name 'jbos'
                for j in jbos() < print(j) >
                         ^~~~
              note: did you mean 'jobs'?

            """)
    }

    @Test func zeroLengthSpanGetsOneCaret() {
        let source = SourceFile(name: "a.djs", text: "print(1 +)")
        let diagnostic = Diagnostic(.syntax, "expected an expression", at: location(source, 9, 0))
        #expect(renderer.render(diagnostic, in: source) == "a.djs:1:10: error: expected an expression\n    print(1 +)\n             ^\n")
    }

    @Test func spanIsClippedToItsLine() {
        let source = SourceFile(name: "a.djs", text: "x = \"abc\ndef\"")
        let diagnostic = Diagnostic(.runtime, "m", at: location(source, 4, 9))
        #expect(renderer.render(diagnostic, in: source) == "a.djs:1:5: error: m\n    x = \"abc\n        ^~~~\n")
    }

    @Test func tabsInTheLineKeepTheCaretAligned() {
        let source = SourceFile(name: "t.djs", text: "\tif\tx < 1 >")
        let diagnostic = Diagnostic(.syntax, "m", at: location(source, 4, 1))
        #expect(renderer.render(diagnostic, in: source) == "t.djs:1:5: error: m\n    \tif\tx < 1 >\n    \t  \t^\n")
    }

    @Test func wideCharactersCountAsOneColumn() {
        let source = SourceFile(name: "u.djs", text: "let s = \"é\" + 1")
        // `+` is byte 13 but column 13 counts é as one character.
        let diagnostic = Diagnostic(.runtime, "m", at: location(source, 13, 1))
        #expect(renderer.render(diagnostic, in: source) == "u.djs:1:13: error: m\n    let s = \"é\" + 1\n                ^\n")
    }

    @Test func traceLinesAfterNotes() {
        let source = SourceFile(name: "f.djs", text: "fn f() < error(\"x\") >\nf()\n")
        let diagnostic = Diagnostic(.runtime, "x", at: location(source, 9, 5), notes: ["a note"],
                                    trace: [TraceEntry(function: "f", callSite: location(source, 22, 1))])
        #expect(renderer.render(diagnostic, in: source) == """
            f.djs:1:10: error: x
                fn f() < error("x") >
                         ^~~~~
              note: a note
              in f() called at f.djs:2:1

            """)
    }

    @Test func repeatedTraceEntriesAreFolded() {
        let source = SourceFile(name: "r.djs", text: "fn r() < r() >\nr()\n")
        let inner = TraceEntry(function: "r", callSite: location(source, 9, 1))
        let outer = TraceEntry(function: "r", callSite: location(source, 15, 1))
        let diagnostic = Diagnostic(.runtime, "too deep", at: location(source, 9, 1),
                                    trace: Array(repeating: inner, count: 100) + [outer])
        let lines = renderer.render(diagnostic, in: source).split(separator: "\n")
        #expect(lines.count == 3 + 3 + 1 + 1)
        #expect(lines[6] == "  … the call above repeated 97 more times")
        #expect(lines[7] == "  in r() called at r.djs:2:1")
    }

    @Test func longAlternatingTracesAreShortened() {
        let source = SourceFile(name: "p.djs", text: "ping()\n")
        let a = TraceEntry(function: "ping", callSite: location(source, 0, 4))
        let b = TraceEntry(function: "pong", callSite: location(source, 0, 4))
        let trace = (0..<50).flatMap { _ in [a, b] }
        let diagnostic = Diagnostic(.runtime, "m", at: location(source, 0, 4), trace: trace)
        let lines = renderer.render(diagnostic, in: source).split(separator: "\n")
        #expect(lines.count == 3 + 10 + 1 + 5)
        #expect(lines[13] == "  … 85 more calls …")
    }

    @Test func colorWrapsPartsInEscapes() {
        let source = SourceFile(name: "c.djs", text: "x")
        let text = DiagnosticRenderer(useColor: true).render(Diagnostic(.syntax, "m", at: location(source, 0, 1)), in: source)
        #expect(text.contains("\u{1B}[31m"))
        #expect(text.contains("\u{1B}[0m"))
    }
}
