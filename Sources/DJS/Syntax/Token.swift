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

    /// The keyword these bytes spell, if any. Every name in a script is looked up here, so it
    /// compares bytes against the few keywords sharing the first letter instead of hashing a
    /// new string for a dictionary lookup (which was a visible share of lexing).
    static func keyword(_ bytes: ArraySlice<UInt8>) -> TokenKind? {
        guard let first = bytes.first, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z") else { return nil }
        for (spelling, kind) in keywordsByFirstLetter[Int(first - UInt8(ascii: "a"))]
        where spelling.count == bytes.count && spelling.elementsEqual(bytes) {
            return kind
        }
        return nil
    }

    private static let keywordsByFirstLetter: [[(spelling: [UInt8], kind: TokenKind)]] = {
        var table = [[(spelling: [UInt8], kind: TokenKind)]](repeating: [], count: 26)
        for (word, kind) in keywords {
            table[Int(word.utf8.first! - UInt8(ascii: "a"))].append((Array(word.utf8), kind))
        }
        return table
    }()

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

public struct Token: Sendable, Equatable {
    public var kind: TokenKind
    public var location: SourceLocation
    public var literal: TokenLiteral
    /// The identifier's name (only for `.identifier`).
    public var name: String

    public init(kind: TokenKind, location: SourceLocation, literal: TokenLiteral = .none, name: String = "") {
        self.kind = kind
        self.location = location
        self.literal = literal
        self.name = name
    }
}
