import DJS

/// Every input of a session laid end to end, so that an error raised inside a function an
/// earlier input defined is shown with *that* input's text under the caret.
///
/// A `Diagnostic` carries offsets but not the file they belong to. So each input is run as a
/// source whose earlier part is the previous inputs blanked out byte for byte (newlines kept):
/// offsets and line numbers are then unique across the session, and `localize` maps them back
/// to the input they fall in, counted from that input's first line.
struct SessionSource {
    private struct Input {
        var start: Int
        var firstLine: Int
        var source: SourceFile
    }
    private var inputs: [Input] = []
    /// The previous inputs with every byte but newlines turned into a space.
    private var blanked: [UInt8] = []
    private var lineCount = 0

    /// Records an input and answers the source to run it as.
    mutating func add(name: String, text: String) -> SourceFile {
        let input = SourceFile(name: name, text: text)
        let padded = SourceFile(name: name, text: String(decoding: blanked, as: UTF8.self) + text)
        inputs.append(Input(start: blanked.count, firstLine: lineCount + 1, source: input))
        blanked += input.bytes.map { $0 == UInt8(ascii: "\n") ? $0 : UInt8(ascii: " ") }
        blanked.append(UInt8(ascii: "\n"))  // each input starts on a line of its own
        lineCount += input.bytes.count(where: { $0 == UInt8(ascii: "\n") }) + 1
        return padded
    }

    /// The diagnostic relative to the input it points into, with that input.
    func localize(_ diagnostic: Diagnostic) -> (Diagnostic, SourceFile) {
        guard let input = input(containing: diagnostic.location.offset) else {
            return (diagnostic, inputs.last?.source ?? SourceFile(name: "<repl>", text: ""))
        }
        var local = diagnostic
        local.location = relocated(diagnostic.location, into: input)
        local.trace = diagnostic.trace.map { entry in
            var entry = entry
            if let site = self.input(containing: entry.callSite.offset) {
                entry.callSite = relocated(entry.callSite, into: site)
                entry.sourceName = site.source.name
            }
            return entry
        }
        return (local, input.source)
    }

    private func input(containing offset: Int) -> Input? {
        inputs.last { $0.start <= offset }
    }

    private func relocated(_ location: SourceLocation, into input: Input) -> SourceLocation {
        SourceLocation(offset: location.offset - input.start, length: location.length,
                       line: location.line - input.firstLine + 1, column: location.column)
    }
}
