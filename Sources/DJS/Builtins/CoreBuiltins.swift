extension Builtins {
    static var core: [Builtin] { [
        Builtin("print", "print(a, b, …): writes the values separated by one space, then a newline; in json and jsonl each value is a JSON document on its own line") { arguments in
            try arguments.expect(0...Int.max)
            let format = arguments.interpreter.outputFormat
            var parts: [String] = []
            for value in arguments.positional {
                do throws(JSONError) {
                    parts.append(try ValueRenderer.printed(value, as: format, width: arguments.interpreter.tableWidth()))
                } catch {
                    throw arguments.error("cannot print \(value.typeName) as \(format.rawValue): \(error.message)")
                }
            }
            let output = arguments.interpreter.output
            if format.isJSON {
                // Each value is a JSON document of its own line (an empty jsonl list is no line),
                // so that standard output stays a stream a JSON reader takes whole.
                for part in parts where !part.isEmpty { output.write(part + "\n") }
            } else {
                output.write(parts.joined(separator: " ") + "\n")
            }
            try output.check()
            return .null
        },
        Builtin("len", "len(x): the number of items in a list, map, range or characters in a string",
                oneArgument: { value in
                    switch value {
                    case .list(let list): .int(list.items.count)
                    case .map(let map): .int(map.count)
                    case .string(let text): .int(text.characterCount)
                    case .range(let range): .int(range.count)
                    default: nil
                    }
                }) { arguments in
            try arguments.expect(1...1)
            switch arguments[0] {
            case .list(let list): return .int(list.items.count)
            case .map(let map): return .int(map.count)
            case .string(let text): return .int(text.characterCount)
            case .range(let range): return .int(range.count)
            default: throw arguments.typeError(0, "a list, map, string or range")
            }
        },
        Builtin("str", "str(x): the text print would show for x",
                oneArgument: { .string(TextBuilder.text(of: $0)) }) { arguments in
            try arguments.expect(1...1)
            return .string(TextBuilder.text(of: arguments[0]))
        },
        Builtin("int", "int(x): an integer from a float (truncated), a numeric string, a bool, or a time/duration (milliseconds)",
                oneArgument: { value in
                    switch value {
                    case .int: value
                    case .string(let text): text.integerWithoutSpaces.map { .int($0) }
                    default: nil
                    }
                }) { arguments in
            try arguments.expect(1...1)
            switch arguments[0] {
            case .int: return arguments[0]
            case .float(let x):
                guard x.isFinite, abs(x) < 9.2e18 else { throw arguments.error("\(x) does not fit in an int") }
                return .int(Int(x))
            case .bool(let b): return .int(b ? 1 : 0)
            case .time(let ms), .duration(let ms): return .int(ms)
            case .string(let text):
                guard let n = Int(text.trimmingSpaces) else { throw arguments.error("\(Value.quoted(text)) is not an integer") }
                return .int(n)
            default: throw arguments.typeError(0, "a number, string, bool, time or duration")
            }
        },
        Builtin("float", "float(x): a float from an int or a numeric string") { arguments in
            try arguments.expect(1...1)
            switch arguments[0] {
            case .float: return arguments[0]
            case .int(let n): return .float(Double(n))
            case .string(let text):
                guard let x = Double(text.trimmingSpaces) else { throw arguments.error("\(Value.quoted(text)) is not a number") }
                return .float(x)
            default: throw arguments.typeError(0, "a number or string")
            }
        },
        Builtin("type", "type(x): the name of x's type, e.g. \"int\", \"list\", \"job\"",
                oneArgument: { .string($0.typeName) }) { arguments in
            try arguments.expect(1...1)
            return .string(arguments[0].typeName)
        },
        Builtin("error", "error(text): raises an error with this message (catch it with try/catch)") { arguments in
            try arguments.expect(1...1)
            throw RuntimeError(arguments[0].displayText, at: arguments.location)
        },
    ] }
}

extension String {
    /// `count` (characters, as `len` defines it), taken from the UTF-8 length when that is
    /// the same: text of ASCII bytes other than `\r` (`\r\n` is one character). Counting
    /// characters walks grapheme boundaries, which for a long string cost more than building it.
    var characterCount: Int {
        let simple = utf8.withContiguousStorageIfAvailable(KeyText.isASCIIWithoutReturn)
        return simple == true ? utf8.count : count
    }

    /// The integer this text spells when it has no surrounding white space to trim (its
    /// first and last bytes are visible ASCII), as `Int(trimmingSpaces)` reads it; nil
    /// otherwise, also when there is white space to trim.
    var integerWithoutSpaces: Int? {
        let visible = utf8.withContiguousStorageIfAvailable { bytes in
            guard let first = bytes.first, let last = bytes.last else { return false }
            return (0x21...0x7e).contains(first) && (0x21...0x7e).contains(last)
        }
        return visible == true ? Int(self) : nil
    }

    var trimmingSpaces: String {
        var scalars = Substring(self)
        while scalars.first?.isWhitespace == true { scalars.removeFirst() }
        while scalars.last?.isWhitespace == true { scalars.removeLast() }
        return String(scalars)
    }
}
