import Foundation

extension Builtins {
    static var strings: [Builtin] { [
        Builtin("join", "join(list, separator): the elements' text joined with the separator",
                twoArguments: { list, separator in
                    guard case .list(let items) = list, case .string(let text) = separator else { return nil }
                    return .string(TextBuilder.join(items.items, separator: text))
                }) { arguments in
            try arguments.expect(1...2)
            let separator = arguments.count == 2 ? try arguments.string(1, "separator") : ""
            return .string(TextBuilder.join(try arguments.list(0), separator: separator))
        },
        Builtin("split", "split(text, separator): the pieces of text between separators (whitespace when none is given)",
                oneArgument: { text in
                    guard case .string(let text) = text else { return nil }
                    return ASCIISplit.atWhiteSpace(text).map { .list(ListRef($0)) }
                },
                twoArguments: { text, separator in
                    guard case .string(let text) = text, case .string(let separator) = separator else { return nil }
                    return ASCIISplit.pieces(of: text, separatedBy: separator).map { .list(ListRef($0)) }
                }) { arguments in
            try arguments.expect(1...2)
            let text = try arguments.string(0, "text")
            if arguments.count == 1 {
                return .list(ListRef(text.split(whereSeparator: \.isWhitespace).map { .string(String($0)) }))
            }
            let separator = try arguments.string(1, "separator")
            guard !separator.isEmpty else { throw arguments.error("the separator must not be empty") }
            return .list(ListRef(text.components(separatedBy: separator).map { .string($0) }))
        },
        Builtin("upper", "upper(text): the text in upper case") { arguments in
            try arguments.expect(1...1)
            return .string(try arguments.string(0, "text").uppercased())
        },
        Builtin("lower", "lower(text): the text in lower case") { arguments in
            try arguments.expect(1...1)
            return .string(try arguments.string(0, "text").lowercased())
        },
        Builtin("matches", "matches(text, pattern): whether the regular expression (ICU syntax) matches anywhere in text") { arguments in
            try arguments.expect(2...2)
            let text = try arguments.string(0, "text")
            let pattern = try arguments.string(1, "pattern")
            let expression = try arguments.interpreter.regularExpression(pattern, at: arguments.location)
            let range = NSRange(text.startIndex..<text.endIndex, in: text)
            return .bool(expression.firstMatch(in: text, range: range) != nil)
        },
    ] }
}

extension Interpreter {
    /// Compiled regular expressions, so a `matches` inside a loop compiles its pattern once.
    func regularExpression(_ pattern: String, at location: SourceLocation) throws -> NSRegularExpression {
        if let cached = regexCache[pattern] { return cached }
        do {
            let expression = try NSRegularExpression(pattern: pattern)
            if regexCache.count > 256 { regexCache.removeAll() }
            regexCache[pattern] = expression
            return expression
        } catch {
            throw RuntimeError("matches(): invalid regular expression \(Value.quoted(pattern))", at: location,
                               notes: ["write patterns as raw strings to keep backslashes: '\\d+'"])
        }
    }
}
