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

    /// Longest cell the `table` format shows before cutting it with "…" (queries are long).
    static let maximumCellWidth = 48

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

    /// Aligned columns under a header; numbers right-aligned, nulls blank.
    var aligned: String {
        let cells = rows.map { $0.map(Table.cellText) }
        var widths = columns.map(\.count)
        for row in cells { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        func line(_ texts: [String], numeric: [Bool]) -> String {
            var parts: [String] = []
            for (index, text) in texts.enumerated() {
                let padding = String(repeating: " ", count: widths[index] - text.count)
                parts.append(numeric[index] ? padding + text : (index == texts.count - 1 ? text : text + padding))
            }
            // An empty last cell would leave the separator hanging at the end of the line.
            var line = parts.joined(separator: "  ")
            while line.last == " " { line.removeLast() }
            return line
        }
        let numericColumns = columns.indices.map { index in
            !rows.isEmpty && rows.allSatisfy { row in
                switch row[index] {
                case .int, .float, .null: true
                default: false
                }
            }
        }
        var text = line(columns, numeric: numericColumns)
        for row in cells { text += "\n" + line(row, numeric: numericColumns) }
        return text
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
        let text = plainText(value).replacingOccurrences(of: "\n", with: " ")
        return text.count > maximumCellWidth ? String(text.prefix(maximumCellWidth - 1)) + "…" : text
    }

    private static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
