/// How values print. At top level a string prints raw; inside lists and maps it is quoted, so
/// `print([1, "a", null, true])` shows `[1, "a", null, true]`.
extension Value {
    /// The text `print` and string interpolation produce.
    public var displayText: String {
        if case .string(let text) = self { return text }
        return reprText
    }

    /// The text of the value as it appears inside a list or map.
    public var reprText: String {
        var text = ""
        var open: [ObjectIdentifier] = []
        appendRepr(to: &text, open: &open)
        return text
    }

    /// `open` holds the lists and maps being printed around this value: meeting one of them
    /// again means the structure contains itself, which prints as `[...]` or `{...}` (as in
    /// Python) instead of forever.
    private func appendRepr(to text: inout String, open: inout [ObjectIdentifier]) {
        // Very deep (but finite) nesting is cut short too, so printing cannot exhaust the stack.
        guard open.count < 1000 else { text += "..."; return }
        switch self {
        case .null: text += "null"
        case .bool(let b): text += b ? "true" : "false"
        case .int(let n): text += String(n)
        case .float(let x): text += Value.formatFloat(x)
        case .string(let s): text += Value.quoted(s)
        case .time(let t): text += TimeFormat.iso8601(milliseconds: t)
        case .duration(let d): text += TimeFormat.duration(milliseconds: d)
        case .list(let list):
            let identity = ObjectIdentifier(list)
            guard !open.contains(identity) else { text += "[...]"; return }
            open.append(identity)
            text += "["
            for (index, item) in list.items.enumerated() {
                if index > 0 { text += ", " }
                item.appendRepr(to: &text, open: &open)
            }
            text += "]"
            open.removeLast()
        case .map(let map):
            let identity = ObjectIdentifier(map)
            guard !open.contains(identity) else { text += "{...}"; return }
            open.append(identity)
            text += "{"
            for (index, (key, value)) in map.entries.enumerated() {
                if index > 0 { text += ", " }
                text += Value.quoted(key) + ": "
                value.appendRepr(to: &text, open: &open)
            }
            text += "}"
            open.removeLast()
        case .range(let range):
            text += range.step == 1 ? "range(\(range.start), \(range.end))" : "range(\(range.start), \(range.end), \(range.step))"
        case .function(let closure):
            // Anonymous functions are named "fn", which no named function can be.
            text += closure.declaration.name == "fn" ? "<fn>" : "<fn \(closure.declaration.name)>"
        case .builtin(let builtin): text += "<built-in \(builtin.name)>"
        case .job(let job): text += "<job \(job.record.id) \(job.record.status)>"
        }
    }

    /// Floats always show a decimal point or exponent, so 1.0 does not read as the int 1.
    static func formatFloat(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        let text = "\(x)"
        return text
    }

    public static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case "$": result += "\\$"
            default:
                if scalar.value < 0x20 {
                    result += "\\u{" + String(scalar.value, radix: 16) + "}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
