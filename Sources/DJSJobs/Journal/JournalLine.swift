import DJS

/// One line of a run's file, and its JSON text. Every line is a compact JSON object with a
/// `type` (`run`, `intent` or `outcome`), the run's id and a UTC time, so that a line read
/// alone (with grep, say) still says what it is. Members are written in a fixed order and
/// null members are left out.
///
///     {"type":"run","run":"20261202-025023.120-3f9a","time":"2026-12-02T02:50:23.120Z","script":"/home/ana/stop-idle.djs","kind":"script","address":"https://apiv2-eu.devo.com","profile":"prod","pid":4242,"djs":"djs 0.1.0"}
///     {"type":"intent","run":"20261202-025023.120-3f9a","seq":1,"time":"…","action":"stop","job":"3f60…","before":"RUNNING"}
///     {"type":"outcome","run":"20261202-025023.120-3f9a","seq":1,"time":"…","action":"stop","job":"3f60…","outcome":"done","after":"STOPPED"}
enum JournalLine {
    case header(JournalRunHeader)
    case intent(JournalEntry)
    /// An outcome, carried in an entry whose `time` is the outcome's.
    case outcome(JournalEntry)

    // MARK: Writing

    /// The line's text, ending in a newline.
    func text(run: String) -> String {
        // Written member by member into one string (a bulk call writes a line per job).
        var text = "{"
        func name(_ name: String) {
            if text.utf8.count > 1 { text += "," }
            JSON.appendString(name, to: &text)
            text += ":"
        }
        func add(_ key: String, _ value: String?) {
            guard let value else { return }
            name(key)
            JSON.appendString(value, to: &text)
        }
        func add(_ key: String, _ value: Int?) {
            guard let value else { return }
            name(key)
            text += String(value)
        }
        /// What intent and outcome lines begin with.
        func addAction(_ type: String, _ entry: JournalEntry) {
            add("type", type)
            add("run", run)
            add("seq", entry.seq)
            add("time", TimeFormat.iso8601(milliseconds: entry.time))
            add("action", entry.action.rawValue)
            add("job", entry.job)
        }
        switch self {
        case .header(let header):
            add("type", "run")
            add("run", header.id)
            add("time", TimeFormat.iso8601(milliseconds: header.time))
            add("script", header.script)
            add("kind", header.kind.name)
            add("of", header.kind.target)
            add("address", header.origin?.address)
            add("profile", header.origin?.profile)
            add("pid", header.processID)
            add("djs", header.version)
        case .intent(let entry):
            addAction("intent", entry)
            add("before", entry.before)
            add("query", entry.query)
            add("destination", entry.destination)
            add("for", entry.carriesOut)
        case .outcome(let entry):
            addAction("outcome", entry)
            add("outcome", entry.outcome.name)
            add("after", entry.after)
            add("reason", entry.outcome.reason)
            add("for", entry.carriesOut)
        }
        return text + "}\n"
    }

    // MARK: Reading

    /// The line read back; nil for anything that is not a well-formed journal line.
    init?(_ text: String) {
        guard let value = try? JSON.decode(text), case .map(let map) = value else { return nil }
        func string(_ name: String) -> String? {
            if case .string(let text)? = map[name] { return text }
            return nil
        }
        func int(_ name: String) -> Int? {
            if case .int(let number)? = map[name] { return number }
            return nil
        }
        guard let type = string("type"), let timeText = string("time"),
              let time = TimeFormat.parseISO8601(timeText) else { return nil }
        if type == "run" {
            guard let id = string("run"), let script = string("script") else { return nil }
            let kind: JournalRunKind
            switch (string("kind"), string("of")) {
            case ("resume", let run?): kind = .resume(of: run)
            case ("undo", let run?): kind = .undo(of: run)
            default: kind = .script
            }
            let origin = string("address").map { JournalOrigin(address: $0, profile: string("profile")) }
            self = .header(JournalRunHeader(id: id, time: time, script: script, kind: kind, origin: origin,
                                            processID: int("pid"), version: string("djs")))
            return
        }
        guard let seq = int("seq"), let action = string("action").flatMap(JournalAction.init(rawValue:)) else { return nil }
        var entry = JournalEntry(seq: seq, time: time, action: action, job: string("job"), carriesOut: int("for"))
        switch type {
        case "intent":
            entry.before = string("before")
            entry.query = string("query")
            entry.destination = string("destination")
            self = .intent(entry)
        case "outcome":
            entry.after = string("after")
            let reason = string("reason") ?? ""
            switch string("outcome") {
            case "done": entry.outcome = .done
            case "failed": entry.outcome = .failed(reason)
            case "not-attempted": entry.outcome = .notAttempted
            case "skipped": entry.outcome = .skipped(reason)
            default: return nil
            }
            self = .outcome(entry)
        default:
            return nil
        }
    }
}
