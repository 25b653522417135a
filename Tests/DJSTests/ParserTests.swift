@testable import DJS
import Testing

/// Source text with position markers, in the style of swift-syntax's tests: `⟨1⟩`, `⟨2⟩`, …
/// are removed before parsing, and each marker's place is where a diagnostic must point.
struct MarkedSource {
    let text: String
    /// Marker name to the byte offset it stood at in `text`.
    let markers: [String: Int]

    init(_ marked: String) {
        var text = ""
        var markers: [String: Int] = [:]
        var rest = Substring(marked)
        while let open = rest.firstIndex(of: "⟨"), let close = rest[open...].firstIndex(of: "⟩") {
            text += rest[..<open]
            markers[String(rest[rest.index(after: open)..<close])] = text.utf8.count
            rest = rest[rest.index(after: close)...]
        }
        text += rest
        self.text = text
        self.markers = markers
    }

    var source: SourceFile { SourceFile(name: "t.djs", text: text) }

    /// "line:column" of a marker.
    func position(_ marker: String) -> String {
        guard let offset = markers[marker] else { return "no marker \(marker)" }
        let location = source.location(offset: offset, length: 0)
        return "\(location.line):\(location.column)"
    }
}

@Suite struct ParserTests {
    private func parse(_ marked: MarkedSource) -> [Diagnostic] {
        Parser.parse(marked.source).diagnostics
    }

    /// Asserts exactly these diagnostics, in order, each at its marker.
    private func expectDiagnostics(_ marked: String, _ expected: [(marker: String, message: String)],
                                   sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let source = MarkedSource(marked)
        let diagnostics = parse(source)
        #expect(diagnostics.map(\.message) == expected.map(\.message), sourceLocation: sourceLocation)
        #expect(diagnostics.map(\.location.description) == expected.map { source.position($0.marker) },
                sourceLocation: sourceLocation)
    }

    /// The statements of a program that must parse cleanly.
    private func statements(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [Stmt] {
        let (statements, diagnostics) = Parser.parse(SourceFile(name: "t.djs", text: text))
        #expect(diagnostics.isEmpty, "\(diagnostics)", sourceLocation: sourceLocation)
        return statements
    }

    // MARK: - The `<` / `>` rules

    @Test func whereLessThenBlock() {
        guard case .for(_, _, let condition?, let body) = statements("for j in xs where j.n < 100 < print(j) >")[0] else {
            Issue.record("not a for statement with a condition")
            return
        }
        guard case .binary(.less, _, _, _) = condition else { Issue.record("condition is \(condition)"); return }
        #expect(body.count == 1)
    }

    @Test func whereGreaterThenBlock() {
        guard case .for(_, _, let condition?, let body) = statements("for j in xs where j.n > 100 < print(j) >")[0],
              case .binary(.greater, _, _, _) = condition else {
            Issue.record("not for … where j.n > 100")
            return
        }
        #expect(body.count == 1)
    }

    @Test func ifLessWithElse() {
        guard case .if(let branches, let otherwise?) = statements(#"if a < b < print("lt") > else < print("ge") >"#)[0],
              case .binary(.less, _, _, _) = branches[0].condition else {
            Issue.record("not if a < b with an else")
            return
        }
        #expect(branches[0].body.count == 1)
        #expect(otherwise.count == 1)
    }

    @Test func greaterInsideBlockFollowedBySemicolon() {
        guard case .if(let branches, nil) = statements("if ok < let x = a > b; print(x) >")[0] else {
            Issue.record("not an if")
            return
        }
        #expect(branches[0].body.count == 2)
        guard case .let(_, .binary(.greater, _, _, _)) = branches[0].body[0] else {
            Issue.record("first statement is \(branches[0].body[0])")
            return
        }
    }

    @Test func comparisonJustBeforeTheClose() {
        guard case .if(let branches, nil) = statements("if ok < x > 0 >")[0],
              case .expression(.binary(.greater, _, _, _)) = branches[0].body[0] else {
            Issue.record("not if ok < x > 0 >")
            return
        }
    }

    @Test func nestedBlocksCloseTogether() {
        guard case .for(_, _, nil, let body) = statements("for x in xs < if x > 1 < print(x) > >")[0],
              case .if(let branches, nil) = body[0] else {
            Issue.record("not for < if < > >")
            return
        }
        #expect(branches[0].body.count == 1)
    }

    @Test func multilineBlocksAndAllmanStyle() {
        #expect(statements("if a > 1 <\n  print(1)\n  print(2)\n>\nprint(3)").count == 2)
        #expect(statements("if a > 1\n<\n  print(1)\n>").count == 1)
    }

    @Test func lessAtEndOfLineOpensTheBlock() {
        guard case .if(let branches, nil) = statements("if a < b <\n  c < d\n>")[0] else {
            Issue.record("not an if")
            return
        }
        guard case .expression(.binary(.less, _, _, _)) = branches[0].body[0] else {
            Issue.record("body is \(branches[0].body)")
            return
        }
    }

    @Test func insideBracketsEverythingIsAComparison() {
        #expect(statements("print(a < b, a > b)\nlet xs = [a > b]\nlet m = {k: a < b}").count == 3)
    }

    @Test func chainedComparisonsAreRefused() {
        expectDiagnostics("print(1 < 2 ⟨1⟩< 3)", [("1", "comparisons cannot be chained")])
        expectDiagnostics("if a < b ⟨1⟩< c < d >", [("1", "comparisons cannot be chained")])
        expectDiagnostics("if a > b ⟨1⟩> c < d >", [("1", "comparisons cannot be chained")])
        expectDiagnostics("if ok < let x = a > b ⟨1⟩> c >", [("1", "comparisons cannot be chained")])
        expectDiagnostics("let t = 1 == 1 ⟨1⟩== true", [("1", "comparisons cannot be chained")])
    }

    @Test func headerChainErrorExplainsTheRewrite() {
        let diagnostics = parse(MarkedSource("if a < b < c < d >"))
        #expect(diagnostics.first?.notes.contains { $0.contains("new line") } == true)
    }

    @Test func unclosedBlockPointsAtASuspiciousGreater() {
        let diagnostics = parse(MarkedSource("if ok < print(1) > print(2)"))
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.notes.first?.contains("column 18 is a comparison") == true)
    }

    // MARK: - Incomplete versus invalid input

    @Test(arguments: ["if ok <", "if ok < print(1)", "fn f(a, b) <\n  a + b", "print(1,", "let xs = [1, 2",
                      "let m = {\"a\": 1", "\"abc", "\"a ${1 + ", "'raw", "let x =", "try < a > catch e <"])
    func incompleteInput(_ text: String) {
        let diagnostics = Parser.parse(SourceFile(name: "t.djs", text: text)).diagnostics
        #expect(!diagnostics.isEmpty)
        #expect(diagnostics.filter { !$0.isIncompleteInput }.isEmpty, "\(diagnostics)")
    }

    @Test(arguments: ["if ok print(1)", "print(1))", "let = 1", "\"a ${1 +}\"", "1 = 2", "print(a < b < c)",
                      "let x = @", "for 1 in xs < >"])
    func invalidInput(_ text: String) {
        let diagnostics = Parser.parse(SourceFile(name: "t.djs", text: text)).diagnostics
        #expect(!diagnostics.isEmpty)
        #expect(diagnostics.filter(\.isIncompleteInput).isEmpty, "\(diagnostics)")
    }

    // MARK: - Error positions and recovery

    @Test func severalErrorsInOneRun() {
        expectDiagnostics("""
            let ⟨1⟩= 1
            print(1 +⟨2⟩)
            if true ⟨3⟩print(2)
            let y ⟨4⟩3
            print("fine")
            """, [
                ("1", "expected a name after 'let', found '='"),
                ("2", "expected an expression, found ')'"),
                ("3", "expected '<' to open a block after the 'if' condition, found a name"),
                ("4", "expected '=' after 'let y', found a number"),
            ])
    }

    @Test func errorsInsideBlocksRecoverAtTheClose() {
        expectDiagnostics("if ok < let ⟨1⟩= 1 >\nprint(1 +⟨2⟩)", [
            ("1", "expected a name after 'let', found '='"),
            ("2", "expected an expression, found ')'"),
        ])
    }

    @Test func interpolationErrorsPointIntoTheString() {
        expectDiagnostics(#"print("a ${1 ⟨1⟩2}")"#, [("1", "expected '}' to end the interpolation, found a number")])
        expectDiagnostics(#"print("a ${1 +⟨1⟩}")"#, [("1", "expected an expression, found '}'")])
    }

    @Test func unclosedBlockIsReportedAtTheEnd() {
        expectDiagnostics("if true < print(1)⟨1⟩\n", [("1", "expected '>' to close the block opened at line 1")])
    }

    @Test func miscellaneousMessages() {
        expectDiagnostics("⟨1⟩else < 1 >", [("1", "'else' without an 'if'")])
        expectDiagnostics("⟨1⟩catch e < 1 >", [("1", "'catch' without a 'try'")])
        expectDiagnostics("f(a: 1, ⟨1⟩2)", [("1", "positional argument after a named one")])
        expectDiagnostics("fn f(a, ⟨1⟩a) < a >", [("1", "duplicate parameter 'a'")])
        expectDiagnostics("[for x in xs⟨1⟩]", [("1", "a '[for …]' filter needs a 'where' condition")])
        expectDiagnostics("try < 1 >⟨1⟩", [("1", "expected 'catch' after the 'try' block, found end of input")])
    }

    @Test func nestingTooDeepIsOneError() {
        let text = String(repeating: "(", count: 300) + "1" + String(repeating: ")", count: 300)
        let diagnostics = Parser.parse(SourceFile(name: "t.djs", text: text)).diagnostics
        #expect(diagnostics.map(\.message) == ["nesting is too deep (more than 200 levels)"])
        let blocks = String(repeating: "if true < ", count: 250) + "1" + String(repeating: " >", count: 250)
        #expect(Parser.parse(SourceFile(name: "t.djs", text: blocks)).diagnostics.count == 1)
    }

    @Test func callsPointAtTheCalleeName() {
        guard case .expression(.call(_, _, let location)) = statements("  len(xs)")[0] else {
            Issue.record("not a call")
            return
        }
        #expect(location.column == 3)
        #expect(location.length == 3)
    }
}
