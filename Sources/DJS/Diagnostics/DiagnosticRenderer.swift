/// The one place that turns a `Diagnostic` into text for people:
///
///     jobs.djs:3:10: error: undefined name 'jbos'
///         for j in jbos() < print(j) >
///                  ^~~~
///       note: did you mean 'jobs'?
///
/// Lines, columns and the caret are computed from the `SourceFile`, so the same renderer serves
/// scripts, `-e` code and REPL input.
public struct DiagnosticRenderer: Sendable {
    public var useColor: Bool
    /// False for programs the user did not write (`djs stop ID`): the error names the source
    /// alone (`djs stop: error: …`), with no line, column or code.
    public var showsSource = true

    public init(useColor: Bool = false) {
        self.useColor = useColor
    }

    public func render(_ diagnostic: Diagnostic, in source: SourceFile) -> String {
        let location = diagnostic.location
        guard showsSource else {
            var text = paint("\(source.name): ", bold) + paint("error: ", red + bold) + paint(diagnostic.message, bold) + "\n"
            for note in diagnostic.notes { text += "  " + paint("note: ", cyan) + note + "\n" }
            return text
        }
        var text = paint("\(source.name):\(location.line):\(location.column): ", bold)
        text += paint("error: ", red + bold) + paint(diagnostic.message, bold) + "\n"

        let (line, column) = DiagnosticRenderer.window(source.lineText(location.line), column: location.column)
        text += "    " + line + "\n"
        text += "    " + caretLine(under: line, column: column, length: location.length, source: source,
                                   offset: location.offset) + "\n"
        for note in diagnostic.notes {
            text += "  " + paint("note: ", cyan) + note + "\n"
        }
        text += traceLines(diagnostic.trace, in: source)
        return text
    }

    /// A run of identical trace entries longer than this is shortened (runaway recursion
    /// would otherwise print thousands of identical lines).
    static let repeatedEntriesShown = 3
    /// A trace with more lines than this (say, from mutual recursion) shows its innermost and
    /// outermost calls and says how many it left out in between.
    static let traceLinesShown = (innermost: 10, outermost: 5)

    /// One line per call, innermost first; a run of identical calls shows its first few
    /// entries and then how many more there were.
    private func traceLines(_ trace: [TraceEntry], in source: SourceFile) -> String {
        // Each line with the number of calls it stands for.
        var lines: [(text: String, calls: Int)] = []
        var index = 0
        while index < trace.count {
            let entry = trace[index]
            var runEnd = index + 1
            while runEnd < trace.count, trace[runEnd] == entry { runEnd += 1 }
            let shown = min(runEnd - index, DiagnosticRenderer.repeatedEntriesShown)
            let site = entry.callSite
            let line = "  in \(entry.function)() called at \(entry.sourceName ?? source.name):\(site.line):\(site.column)\n"
            lines += Array(repeating: (line, 1), count: shown)
            if runEnd - index > shown {
                let more = runEnd - index - shown
                lines.append(("  … the call above repeated \(more) more time\(more == 1 ? "" : "s")\n", more))
            }
            index = runEnd
        }
        let (head, tail) = DiagnosticRenderer.traceLinesShown
        if lines.count > head + tail + 1 {
            let omitted = lines[head..<(lines.count - tail)].reduce(0) { $0 + $1.calls }
            lines = Array(lines[..<head]) + [("  … \(omitted) more calls …\n", omitted)] + Array(lines[(lines.count - tail)...])
        }
        return lines.map(\.text).joined()
    }

    /// Longest source line shown whole, in characters. A generated script can have a line of
    /// megabytes; its error shows the part around the caret, with `…` where it was cut.
    static let longestLineShown = 160

    /// The line, or the window of it around `column`, and the column within what is shown.
    static func window(_ line: String, column: Int) -> (line: String, column: Int) {
        let scalars = Array(line.unicodeScalars)
        guard scalars.count > longestLineShown else { return (line, column) }
        let caret = min(max(column - 1, 0), scalars.count)
        let start = max(0, min(caret - longestLineShown / 3, scalars.count - longestLineShown))
        let end = min(scalars.count, start + longestLineShown)
        var shown = String(String.UnicodeScalarView(scalars[start..<end]))
        var shownColumn = column - start
        if start > 0 {
            shown = "…" + shown
            shownColumn += 1
        }
        if end < scalars.count { shown += "…" }
        return (shown, shownColumn)
    }

    /// Spaces (tabs where the source line has tabs, so the caret lines up) up to the column,
    /// then `^` and one `~` for each further character of the span on that line.
    private func caretLine(under line: String, column: Int, length: Int, source: SourceFile, offset: Int) -> String {
        let characters = Array(line.unicodeScalars)
        var padding = ""
        for index in 0..<max(0, column - 1) {
            padding += index < characters.count && characters[index] == "\t" ? "\t" : " "
        }
        // The span's width in characters, clipped to the end of the line.
        let end = min(offset + max(length, 1), source.bytes.count)
        let spanText = offset < end ? String(decoding: source.bytes[offset..<end], as: UTF8.self) : ""
        let spanOnLine = spanText.split(separator: "\n", omittingEmptySubsequences: false).first ?? ""
        let width = max(1, min(spanOnLine.unicodeScalars.count, max(1, characters.count - column + 1)))
        return padding + paint("^" + String(repeating: "~", count: width - 1), green + bold)
    }

    private let red = "\u{1B}[31m", green = "\u{1B}[32m", cyan = "\u{1B}[36m", bold = "\u{1B}[1m"

    private func paint(_ text: String, _ style: String) -> String {
        useColor ? style + text + "\u{1B}[0m" : text
    }
}
