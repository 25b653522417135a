import Foundation

/// The kinds of token the lexer produces.
public enum TokenKind: Sendable, Equatable {
    // Literals and names
    case identifier, integer, float, duration, string
    // Keywords
    case kwLet, kwFn, kwReturn, kwIf, kwElse, kwWhile, kwFor, kwIn, kwWhere
    case kwBreak, kwContinue, kwTry, kwCatch, kwAnd, kwOr, kwNot, kwTrue, kwFalse, kwNull
    // Punctuation and operators
    case leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace
    case comma, dot, colon, semicolon
    case assign, equalEqual, bangEqual, less, lessEqual, greater, greaterEqual
    case plus, minus, star, slash, percent
    // Structure
    case newline, endOfFile
    /// Text the lexer could not read; its diagnostic has already been reported.
    case invalid

    static let keywords: [String: TokenKind] = [
        "let": .kwLet, "fn": .kwFn, "return": .kwReturn, "if": .kwIf, "else": .kwElse,
        "while": .kwWhile, "for": .kwFor, "in": .kwIn, "where": .kwWhere, "break": .kwBreak,
        "continue": .kwContinue, "try": .kwTry, "catch": .kwCatch, "and": .kwAnd, "or": .kwOr,
        "not": .kwNot, "true": .kwTrue, "false": .kwFalse, "null": .kwNull,
    ]

    /// The keyword spelled by the `count` bytes at `start`, if any. Every name in a script
    /// is looked up here, so the test is a `switch` on the length and the first byte followed
    /// by one comparison of the remaining bytes: no string is made and nothing is hashed.
    static func keyword(in bytes: UnsafeBufferPointer<UInt8>, start: Int, count: Int) -> TokenKind? {
        func spells(_ word: StaticString) -> Bool {
            word.utf8CodeUnitCount == count
                && memcmp(word.utf8Start, bytes.baseAddress! + start, count) == 0
        }
        switch (count, bytes[start]) {
        case (2, UInt8(ascii: "f")): return spells("fn") ? .kwFn : nil
        case (2, UInt8(ascii: "i")): return spells("if") ? .kwIf : spells("in") ? .kwIn : nil
        case (2, UInt8(ascii: "o")): return spells("or") ? .kwOr : nil
        case (3, UInt8(ascii: "l")): return spells("let") ? .kwLet : nil
        case (3, UInt8(ascii: "f")): return spells("for") ? .kwFor : nil
        case (3, UInt8(ascii: "t")): return spells("try") ? .kwTry : nil
        case (3, UInt8(ascii: "a")): return spells("and") ? .kwAnd : nil
        case (3, UInt8(ascii: "n")): return spells("not") ? .kwNot : nil
        case (4, UInt8(ascii: "e")): return spells("else") ? .kwElse : nil
        case (4, UInt8(ascii: "t")): return spells("true") ? .kwTrue : nil
        case (4, UInt8(ascii: "n")): return spells("null") ? .kwNull : nil
        case (5, UInt8(ascii: "w")): return spells("while") ? .kwWhile : spells("where") ? .kwWhere : nil
        case (5, UInt8(ascii: "b")): return spells("break") ? .kwBreak : nil
        case (5, UInt8(ascii: "c")): return spells("catch") ? .kwCatch : nil
        case (5, UInt8(ascii: "f")): return spells("false") ? .kwFalse : nil
        case (6, UInt8(ascii: "r")): return spells("return") ? .kwReturn : nil
        case (8, UInt8(ascii: "c")): return spells("continue") ? .kwContinue : nil
        default: return nil
        }
    }

    /// The words a person would use for this token in an error message.
    public var displayName: String {
        switch self {
        case .identifier: "a name"
        case .integer, .float: "a number"
        case .duration: "a duration"
        case .string: "a string"
        case .newline: "end of line"
        case .endOfFile: "end of input"
        case .invalid: "invalid text"
        default: "'\(TokenKind.spelling[self] ?? "?")'"
        }
    }

    static let spelling: [TokenKind: String] = {
        var table: [TokenKind: String] = [
            .leftParen: "(", .rightParen: ")", .leftBracket: "[", .rightBracket: "]",
            .leftBrace: "{", .rightBrace: "}", .comma: ",", .dot: ".", .colon: ":", .semicolon: ";",
            .assign: "=", .equalEqual: "==", .bangEqual: "!=", .less: "<", .lessEqual: "<=",
            .greater: ">", .greaterEqual: ">=", .plus: "+", .minus: "-", .star: "*", .slash: "/",
            .percent: "%",
        ]
        for (word, kind) in keywords { table[kind] = word }
        return table
    }()
}

extension TokenKind: Hashable {}

/// A literal value the lexer already decoded.
public enum TokenLiteral: Sendable, Equatable {
    case none
    case integer(Int)
    case float(Double)
    /// Milliseconds.
    case duration(Int)
    case string([StringPiece])
}

/// A piece of a string literal: plain text, or the source range of a `${…}` interpolation
/// that the parser reads as an expression.
public enum StringPiece: Sendable, Equatable {
    case text(String)
    case interpolation(start: Int, end: Int)
}

/// One token: plain data (no references), so that the token array is a flat block of memory
/// that costs nothing to copy, retain or free. What a token carries besides its kind and place
/// is in `payload`, read through the `Lexer` that made it: the value of an integer or a
/// duration, the bits of a float, the index of a string literal's pieces. A name's text is not
/// copied out of the source at all; the parser reads it from the bytes the token covers.
public struct Token: Sendable, Equatable {
    var payload: Int
    public var location: SourceLocation
    public var kind: TokenKind

    /// The payload of a string literal that is plain text (no escape, no interpolation): its
    /// text is the source between the quotes.
    static let plainString = -1

    init(kind: TokenKind, location: SourceLocation, payload: Int = 0) {
        self.kind = kind
        self.location = location
        self.payload = payload
    }
}
