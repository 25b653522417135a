import DJS
import Foundation

/// Writes one run's journal. The file is created, with its `run` line, at the first change:
/// a run that only reads leaves nothing behind.
///
/// When lines reach the disk: every line is handed to the kernel with write(2) as soon as
/// it is made, before the request it announces is sent, so a killed process loses nothing
/// it wrote. Lines are made durable with fdatasync(2) before a bulk call sends anything,
/// when it ends, and otherwise at most every `syncInterval`, so that a loop of single
/// calls does not wait for the disk on every job.
public final class JournalRecorder {
    public let directory: JournalDirectory
    private let script: String
    private let kind: JournalRunKind
    private let version: String?
    /// Where the changes go; asked once, when the run's file is created.
    private let origin: () throws -> JournalOrigin
    /// A warning for people (standard error), for outcome lines that could not be written.
    private let warn: (String) -> Void
    private var file: JournalFile?
    private var warned = false
    private var nextSeq = 1
    private var lastSync = ContinuousClock.now
    static let syncInterval = Duration.milliseconds(100)

    public init(directory: JournalDirectory, script: String, kind: JournalRunKind = .script, version: String?,
                origin: @escaping () throws -> JournalOrigin, warn: @escaping (String) -> Void) {
        self.directory = directory
        self.script = script
        self.kind = kind
        self.version = version
        self.origin = origin
        self.warn = warn
    }

    /// The run's id, once its file exists.
    public private(set) var runID: String?

    static var now: Int { Int((Date().timeIntervalSince1970 * 1000).rounded()) }

    /// Writes one intent line per job, then syncs when `durable`. Answers the seq of each.
    /// Throws when the journal cannot be written: the caller must then send nothing.
    func intend(_ action: JournalAction, jobs: [String], before: [String?], carryingOut: [Int]?,
                durable: Bool) throws -> [Int] {
        let file = try openRun()
        let time = JournalRecorder.now
        let first = nextSeq
        nextSeq += jobs.count
        var text = ""
        do throws(JournalError) {
            for (index, job) in jobs.enumerated() {
                let entry = JournalEntry(seq: first + index, time: time, action: action, job: job, before: before[index],
                                         carriesOut: carryingOut?[index])
                text += JournalLine.intent(entry).text(run: runID ?? "")
                if text.utf8.count >= 1 << 20 {
                    try file.append(text)
                    text = ""
                }
            }
            try file.append(text)
            try durable ? syncNow(file) : syncIfDue(file)
        } catch {
            throw JournalRecorder.refusal(error, "nothing was sent")
        }
        return Array(first..<(first + jobs.count))
    }

    /// The intent line of a query launch (its text and destination type; never the
    /// destination's parameters, which may hold credentials).
    func intendLaunch(query: String, destination: String) throws -> Int {
        let file = try openRun()
        let seq = nextSeq
        nextSeq += 1
        let entry = JournalEntry(seq: seq, time: JournalRecorder.now, action: .launch, job: nil, query: query,
                                 destination: destination)
        do throws(JournalError) {
            try file.append(JournalLine.intent(entry).text(run: runID ?? ""))
            try syncIfDue(file)
        } catch {
            throw JournalRecorder.refusal(error, "the query was not launched")
        }
        return seq
    }

    /// Writes outcome lines (entries carry the outcome and its time); syncs when `durable`
    /// or when the last sync is older than `syncInterval`. A failure here cannot undo what
    /// was sent: it is reported once and the run goes on (those actions read back as unknown).
    func record(_ outcomes: [JournalEntry], durable: Bool = false) {
        guard let file, !outcomes.isEmpty || durable else { return }
        do throws(JournalError) {
            var text = ""
            for entry in outcomes { text += JournalLine.outcome(entry).text(run: runID ?? "") }
            try file.append(text)
            try durable ? syncNow(file) : syncIfDue(file)
        } catch {
            guard !warned else { return }
            warned = true
            warn("djs: warning: the journal lost outcome lines (\(error.message)); those actions will read back as unknown")
        }
    }

    /// A resume's "nothing to send" for actions of the resumed run: outcome lines with seqs
    /// of their own and no intent, made durable.
    func recordSkipped(_ skipped: [(action: JournalAction, job: String, reason: String, carriesOut: Int)]) throws {
        guard !skipped.isEmpty else { return }
        _ = try openRun()
        let time = JournalRecorder.now
        let first = nextSeq
        nextSeq += skipped.count
        record(skipped.enumerated().map { index, item in
            JournalEntry(seq: first + index, time: time, action: item.action, job: item.job, carriesOut: item.carriesOut,
                         outcome: .skipped(item.reason))
        }, durable: true)
    }

    /// Makes every line written so far durable.
    public func sync() {
        record([], durable: true)
    }

    private func openRun() throws -> JournalFile {
        if let file { return file }
        let origin = try self.origin()
        let time = JournalRecorder.now
        do throws(JournalError) {
            let (id, file) = try directory.createRun(at: time)
            let header = JournalRunHeader(id: id, time: time, script: script, kind: kind, origin: origin,
                                          processID: Int(ProcessInfo.processInfo.processIdentifier), version: version)
            try file.append(JournalLine.header(header).text(run: id))
            self.file = file
            self.runID = id
            return file
        } catch {
            throw JournalRecorder.refusal(error, "nothing was sent")
        }
    }

    /// A change refused because its intent could not be journaled.
    private static func refusal(_ error: JournalError, _ consequence: String) -> JobServiceError {
        JobServiceError("cannot write the journal: \(error.message); \(consequence) (DJS_JOURNAL=off runs without a journal)")
    }

    private func syncNow(_ file: JournalFile) throws(JournalError) {
        try file.sync()
        lastSync = .now
    }

    private func syncIfDue(_ file: JournalFile) throws(JournalError) {
        if ContinuousClock.now - lastSync >= JournalRecorder.syncInterval { try syncNow(file) }
    }
}
