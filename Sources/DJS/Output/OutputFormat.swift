/// How values are printed (`--format`, `:format`). In the human formats and csv, strings
/// print as their text, so a script's messages stay readable; in json and jsonl every value,
/// strings included, prints as JSON, so standard output is only JSON. The format decides how
/// jobs, lists and maps look.
public enum OutputFormat: String, CaseIterable, Sendable {
    /// For people: a job as a record, a list of jobs (or `table()` rows) as aligned columns,
    /// anything else as `text`.
    case table
    /// One compact JSON document per printed value.
    case json
    /// JSON Lines: a list prints one compact JSON document per element.
    case jsonl
    /// Comma-separated values with a header row, for lists of jobs or maps (RFC 4180 quoting).
    case csv
    /// The plain text of `str(x)`: a job is `<job ID STATUS>`.
    case text

    public static var names: [String] { allCases.map(\.rawValue) }

    /// json and jsonl: standard output carries JSON documents and nothing else.
    public var isJSON: Bool { self == .json || self == .jsonl }
}
