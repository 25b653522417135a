/// Rows of values under named columns: what `table()` prints and what a list of jobs becomes
/// in the `table` and `csv` formats. One shape, several renderings.
public struct Table {
    public var columns: [String]
    public var rows: [[Value]]

    public init(columns: [String], rows: [[Value]]) {
        self.columns = columns
        self.rows = rows
    }

    /// The columns a list of jobs shows unless `table()` names others.
    public static let jobColumns = ["id", "status", "type", "friendlyName", "eventsSent", "lastDatetime", "error"]

    /// Columns a narrow terminal never cuts: a job is found by its id, and judged by its status.
    static let wholeColumns: Set<String> = ["id", "status"]
    /// Narrowest a cut column gets (five characters and "…"): narrower says nothing, and the
    /// column is left out instead.
    static let narrowestCutColumn = 6

    /// Jobs as rows of `columns`; a name that is not a job field is an error listing them.
    static func jobs(_ jobs: [JobRef], columns: [String], at location: SourceLocation) throws -> Table {
        Table(columns: columns, rows: try jobs.map { job in
            try columns.map { try Members.get(.job(job), $0, at: location) }
        })
    }

    /// Maps as rows; with no columns named, every key in the order keys first appear.
    static func maps(_ maps: [MapRef], columns: [String]?) -> Table {
        var names = columns ?? []
        if columns == nil {
            var seen = Set<String>()
            for map in maps { for key in map.keys where seen.insert(key).inserted { names.append(key) } }
        }
        return Table(columns: names, rows: maps.map { map in names.map { map[$0] ?? .null } })
    }

    // MARK: Renderings

    /// Aligned columns under a header; numbers right-aligned, nulls blank. With a `width`
    /// (a terminal's), a table wider than it is fitted: the widest columns other than `id`,
    /// `status` and numbers are narrowed a character at a time, their cells cut with "…";
    /// when even that cannot fit, such columns are left out from the right (as kubectl's
    /// listing leaves columns to `-o wide`). Without a width (`--wide`, or output that is not
    /// a terminal) every cell is whole.
    func aligned(width: Int? = nil) -> String {
        var cells = rows.map { $0.map(Table.cellText) }
        var natural = columns.map(\.count)
        for row in cells { for (index, cell) in row.enumerated() { natural[index] = max(natural[index], cell.count) } }
        let numericColumns = columns.indices.map { index in
            !rows.isEmpty && rows.allSatisfy { row in
                switch row[index] {
                case .int, .float, .null: true
                default: false
                }
            }
        }
        var header = columns
        var widths: [Int?] = natural
        if let width {
            widths = Table.fit(natural, into: width,
                               cuttable: columns.indices.map { !numericColumns[$0] && !Table.wholeColumns.contains(columns[$0]) })
            for index in columns.indices {
                guard let fitted = widths[index], fitted < natural[index] else { continue }
                header[index] = Table.cut(header[index], to: fitted)
                for row in cells.indices { cells[row][index] = Table.cut(cells[row][index], to: fitted) }
            }
        }
        let shown = columns.indices.filter { widths[$0] != nil }
        func line(_ texts: [String]) -> String {
            var parts: [String] = []
            for index in shown {
                let text = texts[index], columnWidth = widths[index] ?? 0
                let padding = String(repeating: " ", count: max(0, columnWidth - text.count))
                parts.append(numericColumns[index] ? padding + text : (index == shown.last ? text : text + padding))
            }
            // An empty last cell would leave the separator hanging at the end of the line.
            var line = parts.joined(separator: "  ")
            while line.last == " " { line.removeLast() }
            return line
        }
        var text = line(header)
        for row in cells { text += "\n" + line(row) }
        return text
    }

    /// Column widths that add up (with two spaces between columns) to at most `total`: a
    /// character at a time is taken from the widest cuttable column, down to
    /// `narrowestCutColumn`; if that is not enough, the rightmost cuttable column is left out
    /// (nil) and the rest fitted again. Columns that cannot be cut are always kept whole.
    static func fit(_ widths: [Int], into total: Int, cuttable: [Bool]) -> [Int?] {
        var shown: [Int?] = widths
        while true {
            var fitted = shown
            let used = fitted.compactMap { $0 }.reduce(0, +) + 2 * max(0, fitted.compactMap { $0 }.count - 1)
            var excess = used - total
            while excess > 0 {
                var widest: Int?
                for index in fitted.indices where cuttable[index] {
                    guard let columnWidth = fitted[index], columnWidth > narrowestCutColumn else { continue }
                    if widest == nil || columnWidth > (fitted[widest!] ?? 0) { widest = index }
                }
                guard let widest else { break }
                fitted[widest]! -= 1
                excess -= 1
            }
            guard excess > 0, let rightmost = shown.indices.last(where: { shown[$0] != nil && cuttable[$0] }) else { return fitted }
            shown[rightmost] = nil
        }
    }

    static func cut(_ text: String, to width: Int) -> String {
        text.count <= width ? text : String(text.prefix(max(0, width - 1))) + "…"
    }

    /// Header and rows separated by tabs: easy to `cut` and `awk`.
    var tabSeparated: String {
        ([columns] + rows.map { $0.map(Table.plainText) }).map { $0.joined(separator: "\t") }.joined(separator: "\n")
    }

    var csv: String {
        ([columns] + rows.map { $0.map(Table.plainText) })
            .map { $0.map(Table.csvField).joined(separator: ",") }
            .joined(separator: "\n")
    }

    /// One map per row with the table's columns as keys.
    var maps: [Value] {
        rows.map { row in .map(MapRef(Array(zip(columns, row)))) }
    }

    /// The full text of a cell: strings raw, a list of strings (a job's `error`) joined.
    static func plainText(_ value: Value) -> String {
        switch value {
        case .null: return ""
        case .list(let list) where list.items.allSatisfy({ if case .string = $0 { true } else { false } }):
            return list.items.map(\.displayText).joined(separator: "; ")
        default: return value.displayText
        }
    }

    private static func cellText(_ value: Value) -> String {
        plainText(value).replacingOccurrences(of: "\n", with: " ")
    }

    /// RFC 4180: a field holding a comma, a double quote, a CR or an LF is enclosed in double
    /// quotes, and a double quote inside is doubled. Checked by Unicode scalar: "\r\n" is one
    /// `Character`, equal to neither "\r" nor "\n".
    static func csvField(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
