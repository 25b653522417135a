/// What `print`, `table()` and the REPL's echo write for a value in each `OutputFormat`.
/// The machine formats (json, jsonl, csv) are stable: documented in the language reference
/// and fixed by golden tests.
public enum ValueRenderer {
    /// The text `print(value)` writes (without its newline).
    /// `width` is how wide a `table`-format table may be (nil: no limit); asked only for a table.
    public static func printed(_ value: Value, as format: OutputFormat,
                               width: @autoclosure () -> Int? = nil) throws(JSONError) -> String {
        if case .string(let text) = value, !format.isJSON { return text }
        switch format {
        case .text:
            return value.displayText
        case .table:
            if case .job(let job) = value { return record(job) }
            if let jobs = jobList(value) { return Table(columns: Table.jobColumns, rows: jobRows(jobs)).aligned(width: width()) }
            return value.displayText
        case .csv:
            if let jobs = jobList(value) { return Table(columns: Table.jobColumns, rows: jobRows(jobs)).csv }
            if case .list(let list) = value, let maps = mapList(list.items) { return Table.maps(maps, columns: nil).csv }
            return value.displayText
        case .json:
            return try JSON.encode(value)
        case .jsonl:
            if case .list(let list) = value {
                var lines: [String] = []
                for item in list.items { lines.append(try JSON.encode(item)) }
                return lines.joined(separator: "\n")
            }
            return try JSON.encode(value)
        }
    }

    /// The REPL's echo: like `print`, except that in the human formats a value that is not a
    /// job shows as it would inside a list, so the string "1" and the number 1 look different.
    public static func echoed(_ value: Value, as format: OutputFormat,
                              width: @autoclosure () -> Int? = nil) throws(JSONError) -> String {
        switch format {
        case .table, .csv:
            if case .job = value { return try printed(value, as: format) }
            if jobList(value) != nil { return try printed(value, as: format, width: width()) }
            return value.reprText
        case .text: return value.reprText
        case .json, .jsonl:
            return try printed(value, as: format)
        }
    }

    /// `table(rows, columns…)` in each format.
    public static func table(_ table: Table, as format: OutputFormat, width: Int? = nil) throws(JSONError) -> String {
        switch format {
        case .table: return table.aligned(width: width)
        case .text: return table.tabSeparated
        case .csv: return table.csv
        case .json: return try JSON.encode(.list(ListRef(table.maps)))
        case .jsonl:
            var lines: [String] = []
            for row in table.maps { lines.append(try JSON.encode(row)) }
            return lines.joined(separator: "\n")
        }
    }

    /// A single job, one field per line with the names aligned.
    static func record(_ job: JobRef) -> String {
        var fields = job.record.fields
        if fields.isEmpty { fields = [("id", .string(job.record.id)), ("status", .string(job.record.status))] }
        let width = fields.map(\.name.count).max() ?? 0
        return fields.map { field in
            let name = field.name + ":" + String(repeating: " ", count: width - field.name.count)
            return name + " " + Table.plainText(field.value).replacingOccurrences(of: "\n", with: " ")
        }.joined(separator: "\n")
    }

    /// The jobs of a non-empty list made only of jobs.
    static func jobList(_ value: Value) -> [JobRef]? {
        guard case .list(let list) = value, !list.items.isEmpty else { return nil }
        var jobs: [JobRef] = []
        jobs.reserveCapacity(list.items.count)
        for item in list.items {
            guard case .job(let job) = item else { return nil }
            jobs.append(job)
        }
        return jobs
    }

    static func mapList(_ items: [Value]) -> [MapRef]? {
        guard !items.isEmpty else { return nil }
        var maps: [MapRef] = []
        for item in items {
            guard case .map(let map) = item else { return nil }
            maps.append(map)
        }
        return maps
    }

    private static func jobRows(_ jobs: [JobRef]) -> [[Value]] {
        jobs.map { job in Table.jobColumns.map { job.record.field($0) ?? .null } }
    }
}
