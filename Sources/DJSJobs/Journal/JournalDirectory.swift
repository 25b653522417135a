import DJS
import Foundation

/// Where the journal lives: `$XDG_STATE_HOME/djs/journal/` (an absolute `XDG_STATE_HOME`;
/// otherwise `~/.local/state/djs/journal/`), one file per run named `RUN.jsonl`. The
/// directory is made private (mode 700) and every file is created with mode 600: job ids,
/// queries and addresses are nobody else's business.
public struct JournalDirectory: Sendable {
    public let path: String

    /// Runs older than this many days are deleted when a new run starts.
    public static let keptDays = 30

    public init(path: String) { self.path = path }

    /// The directory for this environment; nil when neither `XDG_STATE_HOME` nor `HOME`
    /// says where the user's state goes.
    public init?(environment: [String: String]) {
        let stateHome: String
        if let xdg = environment["XDG_STATE_HOME"], xdg.hasPrefix("/") {
            stateHome = xdg  // the XDG specification says to ignore relative paths
        } else if let home = environment["HOME"], !home.isEmpty {
            stateHome = home + "/.local/state"
        } else {
            return nil
        }
        self.path = stateHome + "/djs/journal"
    }

    /// `DJS_JOURNAL=off` runs without a journal (a read-only home, a throwaway container).
    public static func isDisabled(environment: [String: String]) -> Bool {
        environment["DJS_JOURNAL"]?.lowercased() == "off"
    }

    func file(for run: String) -> String { path + "/" + run + ".jsonl" }

    /// The ids of the runs on disk, oldest first (ids sort by time).
    public func runIDs() -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return [] }
        return names.filter { $0.hasSuffix(".jsonl") && !$0.hasPrefix(".") }
            .map { String($0.dropLast(".jsonl".count)) }
            .sorted()
    }

    /// The run named `text`: its full id or a prefix of exactly one id.
    public func findRun(_ text: String) throws(JournalError) -> String {
        let ids = runIDs()
        if ids.contains(text) { return text }
        let matches = ids.filter { $0.hasPrefix(text) }
        if matches.count == 1 { return matches[0] }
        if matches.isEmpty {
            throw JournalError("no run '\(text)' in the journal (\(path)); `djs journal` lists the runs")
        }
        throw JournalError("'\(text)' names \(matches.count) runs (\(matches.prefix(3).joined(separator: ", "))"
                           + (matches.count > 3 ? ", …" : "") + "); give more of the id")
    }

    /// The most recent run; an error when there is none.
    public func latestRun() throws(JournalError) -> String {
        guard let last = runIDs().last else { throw JournalError("the journal is empty (\(path)): no run has changed a job yet") }
        return last
    }

    /// Reads one run's file.
    public func read(_ run: String) throws(JournalError) -> JournalRun {
        let path = file(for: run)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw JournalError("cannot read \(path)")
        }
        return try JournalRun(parsing: [UInt8](data), path: path, inProgress: JournalFile.isInUse(path))
    }

    /// Creates the directory (private) if needed, deletes runs older than `keptDays`, and
    /// creates a new run file.
    func createRun(at time: Int) throws(JournalError) -> (id: String, file: JournalFile) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw JournalError("cannot create the journal directory \(path): \(error.localizedDescription)")
        }
        // A directory made before (or by hand) may be open to others: close it.
        _ = try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: path)
        prune(now: time)
        var random = SystemRandomNumberGenerator()
        var lastError = JournalError("cannot create a run file in \(path)")
        for _ in 0..<8 {
            let id = JournalDirectory.runID(time: time, suffix: UInt16.random(in: 0...UInt16.max, using: &random))
            do {
                return (id, try JournalFile(creating: file(for: id)))
            } catch {
                lastError = error
            }
        }
        throw lastError
    }

    /// `20261202-025023.120-3f9a`: the UTC time to the millisecond, then four random hex
    /// digits; ids sort in the order runs began.
    static func runID(time: Int, suffix: UInt16) -> String {
        // "2026-12-02T02:50:23.120Z" -> "20261202-025023.120"
        let milliseconds = ((time % 1000) + 1000) % 1000
        let iso = TimeFormat.iso8601(milliseconds: time - milliseconds).prefix(19)
        let stamp = iso.filter { $0 != "-" && $0 != ":" }.replacingOccurrences(of: "T", with: "-")
        let fraction = String(milliseconds + 1000).dropFirst()
        let hex = String(suffix, radix: 16)
        return stamp + "." + fraction + "-" + String(repeating: "0", count: 4 - hex.count) + hex
    }

    private func prune(now: Int) {
        let cutoff = Date(timeIntervalSince1970: Double(now) / 1000 - Double(JournalDirectory.keptDays) * 86_400)
        for run in runIDs() {
            let path = file(for: run)
            guard let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date,
                  modified < cutoff, !JournalFile.isInUse(path) else { continue }
            try? FileManager.default.removeItem(atPath: path)
        }
    }
}

extension JournalDirectory {
    /// The kind of a run, from its first line only (cheap: the listing of runs that
    /// resumed another must not read every job line of every run).
    func headerKind(of run: String) -> JournalRunKind? {
        guard let handle = FileHandle(forReadingAtPath: file(for: run)) else { return nil }
        defer { try? handle.close() }
        let start = (try? handle.read(upToCount: 65_536)) ?? Data()
        guard let end = start.firstIndex(of: UInt8(ascii: "\n")),
              case .header(let header)? = JournalLine(String(decoding: start[..<end], as: UTF8.self)) else { return nil }
        return header.kind
    }
}
