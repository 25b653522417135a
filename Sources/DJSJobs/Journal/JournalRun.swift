/// One run read back from its file.
///
/// The reader takes whatever a crash can leave: a last line cut short (the process was
/// killed or the power went while it was written) is ignored; a line that is not a journal
/// line is counted in `damagedLines` and skipped; an empty file (killed right after it was
/// created) is a run without entries.
public struct JournalRun: Sendable {
    public var header: JournalRunHeader
    /// Every intended action in seq order, with its outcome folded in (`.unknown` when its
    /// outcome line is missing); a resume's skipped actions have no intent and appear here
    /// as entries of their own.
    public var entries: [JournalEntry]
    public var damagedLines = 0
    public var tornLastLine = false
    /// The file is still locked by the process writing it.
    public var inProgress: Bool
    public var path: String

    public init(parsing text: String, path: String, inProgress: Bool) throws(JournalError) {
        try self.init(parsing: Array(text.utf8), path: path, inProgress: inProgress)
    }

    /// Reads the file's bytes (split into lines on the bytes themselves: a run of 100,000
    /// jobs is 40 MB, too much to walk character by character).
    public init(parsing bytes: [UInt8], path: String, inProgress: Bool) throws(JournalError) {
        self.path = path
        self.inProgress = inProgress
        let runID = String(path.split(separator: "/").last?.dropLast(".jsonl".count) ?? "")
        var header: JournalRunHeader?
        var entries: [JournalEntry] = []
        var indexOfSeq: [Int: Int] = [:]
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            let isLast = end == bytes.endIndex
            let line = bytes[start..<end]
            start = end + 1
            guard !line.isEmpty else { continue }
            guard let parsed = JournalLine(String(decoding: line, as: UTF8.self)) else {
                // A last line without its newline was cut short while it was written.
                if isLast { tornLastLine = true } else { damagedLines += 1 }
                continue
            }
            switch parsed {
            case .header(let read):
                if header == nil { header = read }
            case .intent(let entry):
                guard indexOfSeq[entry.seq] == nil else { damagedLines += 1; continue }
                indexOfSeq[entry.seq] = entries.count
                entries.append(entry)
            case .outcome(let outcome):
                guard let index = indexOfSeq[outcome.seq] else {
                    // Only a skipped action has no intent line.
                    indexOfSeq[outcome.seq] = entries.count
                    entries.append(outcome)
                    continue
                }
                entries[index].outcome = outcome.outcome
                entries[index].after = outcome.after
                if entries[index].job == nil { entries[index].job = outcome.job }
            }
        }
        guard header != nil || entries.isEmpty else {
            throw JournalError("\(path) has intent lines but no run line; it is not a journal written by djs")
        }
        self.header = header ?? JournalRunHeader(id: runID, time: entries.first?.time ?? 0, script: "?", kind: .script, origin: nil)
        self.entries = entries.sorted { $0.seq < $1.seq }
    }

    /// How many actions ended each way.
    public struct Counts: Equatable, Sendable {
        public var done = 0, failed = 0, notAttempted = 0, skipped = 0, unknown = 0
    }

    public var counts: Counts {
        var counts = Counts()
        for entry in entries {
            switch entry.outcome {
            case .done: counts.done += 1
            case .failed: counts.failed += 1
            case .notAttempted: counts.notAttempted += 1
            case .skipped: counts.skipped += 1
            case .unknown: counts.unknown += 1
            }
        }
        return counts
    }

    /// "stop 5000", "stop 12, start 3": the actions intended, in order of first appearance.
    public var changes: String {
        var order: [JournalAction] = []
        var tally: [JournalAction: Int] = [:]
        for entry in entries {
            if case .skipped = entry.outcome { continue }
            if tally[entry.action] == nil { order.append(entry.action) }
            tally[entry.action, default: 0] += 1
        }
        return order.map { "\($0.rawValue) \(tally[$0] ?? 0)" }.joined(separator: ", ")
    }
}
