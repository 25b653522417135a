@testable import DJS
import Testing

/// The lexer on its own: token kinds, decoded literals and exact source positions.
@Suite struct LexerTests {
    /// The tokens of `text`, each token's decoded literal and name, and the lexer's errors.
    private func lex(_ text: String) -> (tokens: [Token], literals: [TokenLiteral], names: [String], diagnostics: [Diagnostic]) {
        var lexer = Lexer(source: SourceFile(name: "t.djs", text: text))
        let tokens = lexer.tokenize()
        return (tokens, tokens.map(lexer.literal(of:)), tokens.map(lexer.name(of:)), lexer.diagnostics)
    }

    private func kinds(_ text: String) -> [TokenKind] { lex(text).tokens.map(\.kind) }

    @Test func keywordsNamesAndPunctuation() {
        #expect(kinds("let x = fn(a, b) < a >") ==
                [.kwLet, .identifier, .assign, .kwFn, .leftParen, .identifier, .comma, .identifier, .rightParen,
                 .less, .identifier, .greater, .endOfFile])
        #expect(kinds("if else while for in where break continue try catch and or not true false null return") ==
                [.kwIf, .kwElse, .kwWhile, .kwFor, .kwIn, .kwWhere, .kwBreak, .kwContinue, .kwTry, .kwCatch,
                 .kwAnd, .kwOr, .kwNot, .kwTrue, .kwFalse, .kwNull, .kwReturn, .endOfFile])
        #expect(kinds("== != <= >= < > + - * / % . : ; [ ] { }") ==
                [.equalEqual, .bangEqual, .lessEqual, .greaterEqual, .less, .greater, .plus, .minus, .star, .slash,
                 .percent, .dot, .colon, .semicolon, .leftBracket, .rightBracket, .leftBrace, .rightBrace, .endOfFile])
        // Keywords are whole words only.
        #expect(lex("lets iffy").names == ["lets", "iffy", ""])
    }

    @Test func numberLiterals() {
        let (tokens, literals, _, _) = lex("42 1_000 1.5 2e3 1E-2 7.")
        #expect(literals[0] == .integer(42))
        #expect(literals[1] == .integer(1000))
        #expect(literals[2] == .float(1.5))
        #expect(literals[3] == .float(2000))
        #expect(literals[4] == .float(0.01))
        // "7." is the integer 7 followed by a dot (a member access), not a float.
        #expect(literals[5] == .integer(7))
        #expect(tokens[6].kind == .dot)
    }

    @Test func durationLiterals() {
        let (tokens, literals, _, _) = lex("500ms 30s 5m 2h 1d 1w 1h30m 2h0m5s")
        let expected = [500, 30_000, 300_000, 7_200_000, 86_400_000, 604_800_000, 5_400_000, 7_205_000]
        #expect(Array(literals.dropLast()) == expected.map { .duration($0) })
        #expect(tokens.dropLast().filter { $0.kind != .duration }.isEmpty)
    }

    @Test func badDurationsAreReported() {
        #expect(lex("5x").diagnostics.map(\.message) == ["unknown duration unit 'x'"])
        #expect(lex("1h2").diagnostics.map(\.message) == ["a duration's number '2' needs a unit"])
        #expect(lex("99999999999999999d").diagnostics.map(\.message) == ["duration is too large"])
        #expect(lex("99999999999999999999").diagnostics.map(\.message)
                == ["integer literal '99999999999999999999' does not fit in 64 bits"])
    }

    @Test func stringPiecesAndEscapes() {
        let literal = lex(#""a\tb ${x + 1} c\u{e9}""#).literals[0]
        guard case .string(let pieces) = literal else {
            Issue.record("not a string literal: \(literal)")
            return
        }
        #expect(pieces.count == 3)
        #expect(pieces.first == .text("a\tb "))
        #expect(pieces.last == .text(" cé"))
        // The interpolation is kept as the byte range of its source, `x + 1`.
        #expect(pieces[1] == .interpolation(start: 8, end: 13))
    }

    @Test func rawStringsKeepBackslashesAndDollars() {
        #expect(lex(#"'\d+ ${x}'"#).literals[0] == .string([.text(#"\d+ ${x}"#)]))
        #expect(lex("''").literals[0] == .string([]))
        // A string without escapes or interpolation is read from the source as one piece.
        #expect(lex(#""plain é""#).literals[0] == .string([.text("plain é")]))
        #expect(lex(#""""#).literals[0] == .string([]))
    }

    @Test func newlinesEndStatementsOnlyOutsideBrackets() {
        #expect(kinds("a\nb") == [.identifier, .newline, .identifier, .endOfFile])
        #expect(kinds("(a\nb)") == [.leftParen, .identifier, .identifier, .rightParen, .endOfFile])
        #expect(kinds("[a,\nb]\nc") == [.leftBracket, .identifier, .comma, .identifier, .rightBracket, .newline,
                                       .identifier, .endOfFile])
        #expect(kinds("{\n}") == [.leftBrace, .rightBrace, .endOfFile])
        // Runs of blank lines and comments collapse into one newline token; leading ones vanish.
        #expect(kinds("\n\na # note\n\n# more\nb") == [.identifier, .newline, .identifier, .endOfFile])
        // A block's `< >` is not a bracket: newlines inside it still end statements.
        #expect(kinds("<a\nb>") == [.less, .identifier, .newline, .identifier, .greater, .endOfFile])
    }

    @Test func shebangLineIsAComment() {
        #expect(kinds("#!/usr/bin/env djs\nprint") == [.identifier, .endOfFile])
    }

    @Test func exactPositions() {
        let tokens = lex("let x = 10\n  print(\"é\", x)").tokens
        func position(_ index: Int) -> [Int] {
            let l = tokens[index].location
            return [l.line, l.column, l.offset, l.length]
        }
        #expect(position(0) == [1, 1, 0, 3])    // let
        #expect(position(1) == [1, 5, 4, 1])    // x
        #expect(position(3) == [1, 9, 8, 2])    // 10
        #expect(position(4) == [1, 11, 10, 1])  // newline
        #expect(position(5) == [2, 3, 13, 5])   // print
        #expect(position(7) == [2, 9, 19, 4])   // "é" is 4 bytes but 3 columns
        #expect(position(8) == [2, 12, 23, 1])  // ',' follows in column 12 (columns count characters)
    }

    @Test func positionsAfterMultilineString() {
        let tokens = lex("\"a\nb\" x").tokens
        #expect(tokens[0].location.line == 1)
        #expect(tokens[1].location.line == 2)
        #expect(tokens[1].location.column == 4)
    }

    @Test func unterminatedStringsAreIncompleteInput() {
        for text in ["\"abc", "'abc", "\"a ${b", "\"a\\"] {
            let diagnostics = lex(text).diagnostics
            #expect(diagnostics.count == 1, "\(text)")
            #expect(diagnostics.first?.isIncompleteInput == true, "\(text)")
        }
        #expect(lex("\"abc").diagnostics.first?.location.column == 1)
    }

    @Test func invalidCharactersAreNotIncomplete() {
        let diagnostics = lex("a @ b ! c").diagnostics
        #expect(diagnostics.map(\.message) == ["unexpected character '@'", "unexpected '!'"])
        #expect(diagnostics.filter(\.isIncompleteInput).isEmpty)
        #expect(lex("\"\\q\"").diagnostics.map(\.message) == ["unknown escape sequence"])
    }

    @Test func endOfInputAfterFinalNewlineSitsOnTheLastLine() {
        let end = lex("print(1)\n").tokens.last!
        #expect(end.kind == .endOfFile)
        #expect(end.location.line == 1)
        #expect(end.location.column == 9)
    }
}
