import DJS
import DJSJobs

/// `djs journal`: the most recent runs (all of them with `--all`), one row each: when, what
/// ran, against which Devo, what it changed and how that ended. `djs journal RUN`: one
/// run, one row per action. Rows go to standard output in the `--format` (table, json,
/// jsonl, csv, text), as `table()` prints them; notes go to standard error.
struct JournalListing {
    let directory: JournalDirectory
    let options: CommandLineOptions
    let command: JournalCommandLine
    /// Runs listed without `--all`.
    static let recentRuns = 20

    static let runColumns = ["run", "started", "script", "address", "profile", "changes",
                             "done", "failed", "unknown", "notAttempted", "skipped", "note"]
    static let entryColumns = ["seq", "time", "action", "job", "before", "outcome", "after", "for", "detail"]

    func run() -> Int32 {
        do throws(JournalError) {
            if let name = command.run {
                let run = try directory.read(try directory.findRun(name))
                StandardStreams.writeError(JournalListing.summary(run) + "\n")
                return emit(Table(columns: JournalListing.entryColumns, rows: run.entries.map(JournalListing.row)))
            }
            let ids = directory.runIDs()
            let shown = command.all ? ids[...] : ids.suffix(JournalListing.recentRuns)
            if shown.isEmpty {
                StandardStreams.writeError("djs journal: no runs yet in \(directory.path)\n")
            } else if shown.count < ids.count {
                StandardStreams.writeError("djs journal: the \(shown.count) most recent of \(ids.count) runs (--all lists every one)\n")
            }
            var rows: [[Value]] = []
            for id in shown {
                do throws(JournalError) {
                    rows.append(JournalListing.row(try directory.read(id)))
                } catch {
                    StandardStreams.writeError("djs journal: warning: run \(id) is not readable: \(error)\n")
                }
            }
            return emit(Table(columns: JournalListing.runColumns, rows: rows))
        } catch {
            StandardStreams.writeError("djs journal: error: \(error)\n")
            return ProgramRunner.ExitCode.usage
        }
    }

    private func emit(_ table: Table) -> Int32 {
        if table.rows.isEmpty, options.format == .table { return ProgramRunner.ExitCode.success }
        do throws(JSONError) {
            let text = try ValueRenderer.table(table, as: options.format)
            let output = OutputBuffer(fileDescriptor: 1)
            if !text.isEmpty { output.write(text + "\n") }
            output.flush()
            return ProgramRunner.ExitCode.success
        } catch {
            StandardStreams.writeError("djs journal: error: cannot print as \(options.format.rawValue): \(error.message)\n")
            return ProgramRunner.ExitCode.runtimeError
        }
    }

    /// One line for people about a run: "run ID: SCRIPT against ADDRESS (profile P), TIME: stop 5000".
    static func summary(_ run: JournalRun) -> String {
        let header = run.header
        var text = "run \(header.id): \(header.script)"
        if let origin = header.origin {
            text += " against \(origin.address)" + (origin.profile.map { " (profile \($0))" } ?? "")
        }
        text += ", \(TimeFormat.iso8601(milliseconds: header.time))"
        if !run.changes.isEmpty { text += ": \(run.changes)" }
        if let note = note(run) { text += " [\(note)]" }
        return text
    }

    private static func note(_ run: JournalRun) -> String? {
        var notes: [String] = []
        if run.inProgress { notes.append("in progress" + (run.header.processID.map { " (process \($0))" } ?? "")) }
        switch run.header.kind {
        case .script: break
        case .resume(let original): notes.append("resume of \(original)")
        case .undo(let original): notes.append("undo of \(original)")
        }
        if run.tornLastLine { notes.append("last line cut short") }
        if run.damagedLines > 0 { notes.append("\(run.damagedLines) unreadable lines skipped") }
        return notes.isEmpty ? nil : notes.joined(separator: "; ")
    }

    private static func text(_ value: String?) -> Value { value.map { .string($0) } ?? .null }

    private static func row(_ run: JournalRun) -> [Value] {
        let counts = run.counts
        return [.string(run.header.id), .time(run.header.time), .string(run.header.script),
                text(run.header.origin?.address), text(run.header.origin?.profile), .string(run.changes),
                .int(counts.done), .int(counts.failed), .int(counts.unknown), .int(counts.notAttempted),
                .int(counts.skipped), text(note(run))]
    }

    private static func row(_ entry: JournalEntry) -> [Value] {
        [.int(entry.seq), .time(entry.time), .string(entry.action.rawValue), text(entry.job), text(entry.before),
         .string(entry.outcome.name), text(entry.after), entry.carriesOut.map { .int($0) } ?? .null,
         text(entry.outcome.reason ?? entry.query)]
    }
}
