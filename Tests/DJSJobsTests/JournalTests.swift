@testable import DJSJobs
import DJS
import Foundation
import Testing

/// The journal without HTTP: what reaches the file and when, what the reader makes of a
/// damaged file, and what resume and undo decide from a run and the jobs' statuses now.
@Suite struct JournalTests {
    /// A job service in memory that, before it answers a change, asks `beforeChange` (the
    /// test reads the journal there, to see what was on disk when the request "left").
    final class ObservedService: JobService {
        var statuses: [String: String]
        var beforeChange: (String) -> Void = { _ in }
        private(set) var changes: [String] = []

        init(_ statuses: [String: String]) { self.statuses = statuses }

        private func record(_ id: String) throws -> JobRecord {
            guard let status = statuses[id] else { throw JobServiceError("job \(id) not found") }
            return JobRecord(id: id, status: status, fields: [])
        }

        private func change(_ verb: String, _ id: String, to status: String) throws -> JobRecord {
            beforeChange(id)
            changes.append("\(verb) \(id)")
            guard statuses[id] != nil else { throw JobServiceError("job \(id) not found") }
            statuses[id] = status
            return try record(id)
        }

        func listJobs() throws -> [JobRecord] { try statuses.keys.sorted().map(record) }
        func job(id: String) throws -> JobRecord { try record(id) }
        func stop(id: String) throws -> JobRecord { try change("stop", id, to: "STOPPED") }
        func start(id: String) throws -> JobRecord { try change("start", id, to: "RUNNING") }
        func remove(id: String) throws -> JobRecord { try change("remove", id, to: "REMOVED") }
        func launch(_ query: QueryLaunch) throws -> String {
            beforeChange("launch")
            changes.append("launch")
            statuses["new-1"] = "CREATED"
            return "new-1"
        }
    }

    final class TemporaryDirectory {
        let path = NSTemporaryDirectory() + "djs-journal-" + UUID().uuidString
        deinit { try? FileManager.default.removeItem(atPath: path) }
        var journal: JournalDirectory { JournalDirectory(path: path + "/state/djs/journal") }
    }

    static let origin = JournalOrigin(address: "https://apiv2-eu.devo.com", profile: "prod")

    static func journaled(_ base: JobService, in directory: JournalDirectory, kind: JournalRunKind = .script) -> JournalingJobService {
        let recorder = JournalRecorder(directory: directory, script: "/home/ana/stop-idle.djs", kind: kind, version: "djs test",
                                       origin: { origin }, warn: { Issue.record("warning: \($0)") })
        return JournalingJobService(wrapping: base, recorder: recorder)
    }

    static func fileText(_ service: JournalingJobService) -> String {
        guard let id = service.recorder.runID else { return "" }
        return (try? String(contentsOfFile: service.recorder.directory.path + "/\(id).jsonl", encoding: .utf8)) ?? ""
    }

    @Test func everyIntentIsWrittenBeforeItsRequestAndEveryOutcomeAfter() throws {
        let temporary = TemporaryDirectory()
        let base = ObservedService(["a": "RUNNING", "b": "RUNNING", "c": "STOPPED"])
        let service = Self.journaled(base, in: temporary.journal)
        var seenBeforeSending: [String: String] = [:]
        base.beforeChange = { id in seenBeforeSending[id] = Self.fileText(service) }

        _ = try service.listJobs()
        _ = try service.stop(id: "a")
        let outcomes = service.performAll(.start, ids: ["c", "missing"], monitor: BulkMonitor(concurrency: 1, interrupt: InterruptFlag()))
        #expect(outcomes.count == 2)

        #expect(seenBeforeSending["a"]?.contains(#""action":"stop","job":"a","before":"RUNNING"}"#) == true)
        #expect(seenBeforeSending["a"]?.contains(#""outcome""#) == false, "no outcome before the request")
        // The bulk call's intents are all on disk before its first request.
        #expect(seenBeforeSending["c"]?.contains(#""action":"start","job":"missing"}"#) == true)
        #expect(seenBeforeSending["c"]?.contains(#""action":"start","job":"c","before":"STOPPED"}"#) == true)

        let run = try temporary.journal.read(try #require(service.recorder.runID))
        #expect(run.header.script == "/home/ana/stop-idle.djs")
        #expect(run.header.origin == Self.origin)
        #expect(run.entries.map(\.job) == ["a", "c", "missing"])
        #expect(run.entries.map(\.outcome) == [.done, .done, .failed("job missing not found")])
        #expect(run.entries.map(\.after) == ["STOPPED", "RUNNING", nil])
        #expect(run.counts == JournalRun.Counts(done: 2, failed: 1))
        #expect(run.changes == "stop 1, start 2")

        let attributes = try FileManager.default.attributesOfItem(atPath: run.path)
        #expect(attributes[.posixPermissions] as? Int == 0o600)
        let directoryAttributes = try FileManager.default.attributesOfItem(atPath: temporary.journal.path)
        #expect(directoryAttributes[.posixPermissions] as? Int == 0o700)
    }

    @Test func aRunThatOnlyReadsLeavesNoFile() throws {
        let temporary = TemporaryDirectory()
        let service = Self.journaled(ObservedService(["a": "RUNNING"]), in: temporary.journal)
        _ = try service.listJobs()
        _ = service.performAll(.refresh, ids: ["a"], monitor: BulkMonitor(concurrency: 1, interrupt: InterruptFlag()))
        #expect(service.recorder.runID == nil)
        #expect(temporary.journal.runIDs().isEmpty)
    }

    @Test func aLaunchIsJournaledWithItsQueryButNotItsDestinationParameters() throws {
        let temporary = TemporaryDirectory()
        let service = Self.journaled(ObservedService([:]), in: temporary.journal)
        let launch = QueryLaunch(query: "from siem.logtrust.web.activity select *", from: .text("1d"), to: nil,
                                 destinationType: "s3", destinationParameters: [("aws_secret_key", .string("S3-SECRET-9F8E"))])
        #expect(try service.launch(launch) == "new-1")
        let text = Self.fileText(service)
        #expect(!text.contains("S3-SECRET-9F8E"))
        let run = try temporary.journal.read(try #require(service.recorder.runID))
        #expect(run.entries.count == 1)
        #expect(run.entries[0].action == .launch)
        #expect(run.entries[0].query == "from siem.logtrust.web.activity select *")
        #expect(run.entries[0].destination == "s3")
        #expect(run.entries[0].job == "new-1")
        #expect(run.entries[0].outcome == .done)
    }

    @Test func nothingIsSentWhenTheJournalCannotBeWritten() throws {
        let temporary = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: temporary.path, withIntermediateDirectories: true)
        // A file where the journal's directory should be.
        _ = FileManager.default.createFile(atPath: temporary.path + "/state", contents: Data())
        let base = ObservedService(["a": "RUNNING", "b": "RUNNING"])
        let service = Self.journaled(base, in: temporary.journal)
        #expect(throws: JobServiceError.self) { try service.stop(id: "a") }
        let outcomes = service.performAll(.stop, ids: ["a", "b"], monitor: BulkMonitor(concurrency: 1, interrupt: InterruptFlag()))
        for outcome in outcomes {
            guard case .failed(let message) = outcome else { Issue.record("expected a failure"); continue }
            #expect(message.contains("cannot write the journal"))
            #expect(message.contains("nothing was sent"))
        }
        #expect(base.changes.isEmpty)
    }

    @Test func theReaderSkipsATornLastLineAndCountsDamagedOnes() throws {
        let text = """
            {"type":"run","run":"20261202-025023.120-3f9a","time":"2026-12-02T02:50:23.120Z","script":"-e","kind":"script","address":"https://apiv2-eu.devo.com"}
            {"type":"intent","run":"20261202-025023.120-3f9a","seq":1,"time":"2026-12-02T02:50:23.200Z","action":"stop","job":"a","before":"RUNNING"}
            not json at all
            {"type":"intent","run":"20261202-025023.120-3f9a","seq":2,"time":"2026-12-02T02:50:23.200Z","action":"stop","job":"b","before":"RUNNING"}
            {"type":"outcome","run":"20261202-025023.120-3f9a","seq":2,"time":"2026-12-02T02:50:23.300Z","action":"stop","job":"b","outcome":"done","after":"STOPPED"}
            {"type":"outcome","run":"20261202-025023.120-3f9a","seq":1,"time":"2026-12-02T02:50:23.3
            """
        let run = try JournalRun(parsing: text, path: "/x/20261202-025023.120-3f9a.jsonl", inProgress: false)
        #expect(run.header.id == "20261202-025023.120-3f9a")
        #expect(run.tornLastLine)
        #expect(run.damagedLines == 1)
        #expect(run.entries.map(\.outcome) == [.unknown, .done])
        #expect(run.counts == JournalRun.Counts(done: 1, unknown: 1))

        let empty = try JournalRun(parsing: "", path: "/x/20261202-025024.000-0000.jsonl", inProgress: false)
        #expect(empty.entries.isEmpty)
        #expect(empty.header.id == "20261202-025024.000-0000")
    }

    @Test func runIDsSortInTheOrderRunsBegan() {
        #expect(JournalDirectory.runID(time: 7, suffix: 10) == "19700101-000000.007-000a")
        #expect(JournalDirectory.runID(time: 1_796_179_823_120, suffix: 0x3f9a) == "20261202-025023.120-3f9a")
        let ids = [1_796_093_423_999, 1_796_093_424_000, 1_796_093_423_120].map { JournalDirectory.runID(time: $0, suffix: 0xffff) }
        #expect(ids.sorted() == [ids[2], ids[0], ids[1]])
    }

    @Test func everyKindOfLineReadsBackAsWritten() {
        let header = JournalRunHeader(id: "20261202-025023.120-3f9a", time: 1_796_093_423_120, script: "resume 20261201-000000.000-0001",
                                      kind: .resume(of: "20261201-000000.000-0001"), origin: Self.origin, processID: 42, version: "djs 0.1.0")
        let intent = JournalEntry(seq: 3, time: 1_796_093_423_200, action: .start, job: "j\"1", before: "STOPPED", carriesOut: 17)
        var outcome = intent
        outcome.before = nil
        outcome.outcome = .failed("no reply within 30 s")
        for line in [JournalLine.header(header), .intent(intent), .outcome(outcome)] {
            let text = line.text(run: header.id)
            #expect(text.hasSuffix("\n") && !text.dropLast().contains("\n"))
            switch (JournalLine(String(text.dropLast())), line) {
            case (.header(let read)?, .header(let written)): #expect(read == written)
            case (.intent(let read)?, .intent(let written)): #expect(read == written)
            case (.outcome(let read)?, .outcome(let written)): #expect(read == written)
            default: Issue.record("\(text) did not read back")
            }
        }
    }

    static func entry(_ seq: Int, _ action: JournalAction, _ job: String?, before: String? = nil,
                      _ outcome: JournalOutcome = .unknown, for carried: Int? = nil) -> JournalEntry {
        JournalEntry(seq: seq, time: 0, action: action, job: job, before: before, carriesOut: carried, outcome: outcome)
    }

    static func run(_ id: String, kind: JournalRunKind = .script, _ entries: [JournalEntry]) -> JournalRun {
        var run = try! JournalRun(parsing: "", path: "/x/\(id).jsonl", inProgress: false)
        run.header.kind = kind
        run.entries = entries
        return run
    }

    @Test func resumeSendsOnlyWhatIsStillNeeded() {
        let root = Self.run("r1", [
            Self.entry(1, .stop, "done-already", .done),
            Self.entry(2, .stop, "still-running"),
            Self.entry(3, .stop, "stopped-meanwhile"),
            Self.entry(4, .stop, "gone"),
            Self.entry(5, .stop, "failed-but-running", .failed("HTTP 503")),
            Self.entry(6, .stop, "never-sent", .notAttempted),
            Self.entry(7, .start, "to-start"),
            Self.entry(8, .remove, "to-remove"),
            Self.entry(9, .launch, nil),
            Self.entry(10, .stop, "completed"),
            Self.entry(11, .stop, "resumed-before"),
        ])
        let earlierResume = Self.run("r2", kind: .resume(of: "r1"), [Self.entry(1, .stop, "resumed-before", .done, for: 11)])
        let family = RunFamily(root: root, resumes: [earlierResume])
        let pending = ResumePlan.pending(family)
        #expect(pending.map(\.seq) == [2, 3, 4, 5, 6, 7, 8, 9, 10])

        let plan = ResumePlan(pending: pending, current: [
            "still-running": "RUNNING", "stopped-meanwhile": "STOPPED", "failed-but-running": "RUNNING",
            "never-sent": "CREATED", "to-start": "STOPPED", "to-remove": "STOPPED", "completed": "COMPLETED",
        ])
        let decisions = Dictionary(uniqueKeysWithValues: plan.steps.map { ($0.entry.seq, $0.decision) })
        #expect(decisions[2] == .send)
        #expect(decisions[3] == .skip("already STOPPED"))
        #expect(decisions[4] == .skip("the job no longer exists"))
        #expect(decisions[5] == .send)
        #expect(decisions[6] == .send)
        #expect(decisions[7] == .send)
        #expect(decisions[8] == .send)
        if case .cannot(let reason)? = decisions[9] { #expect(reason.contains("not sent again")) } else { Issue.record("launch") }
        #expect(decisions[10] == .skip("COMPLETED now: nothing to stop"))
    }

    @Test func resumeCountsTheStatusItsOwnEarlierStepsLeave() {
        let pending = [Self.entry(1, .stop, "a"), Self.entry(2, .start, "a"), Self.entry(3, .stop, "a")]
        let plan = ResumePlan(pending: pending, current: ["a": "RUNNING"])
        #expect(plan.steps.map(\.decision) == [.send, .send, .send])
        let already = ResumePlan(pending: [Self.entry(1, .stop, "a"), Self.entry(2, .stop, "a")], current: ["a": "RUNNING"])
        #expect(already.steps.map(\.decision) == [.send, .skip("already STOPPED")])
    }

    @Test func undoReversesStopsAndStartsAndNamesWhatItCannot() {
        let root = Self.run("r1", [
            Self.entry(1, .stop, "stopped-by-run", before: "RUNNING", .done),
            Self.entry(2, .start, "started-by-run", before: "STOPPED", .done),
            Self.entry(3, .stop, "restarted-since", before: "RUNNING", .done),
            Self.entry(4, .stop, "was-stopped-already", before: "STOPPED", .done),
            Self.entry(5, .remove, "removed", before: "STOPPED", .done),
            Self.entry(6, .launch, "launched", .done),
            Self.entry(7, .stop, "not-attempted", before: "RUNNING", .notAttempted),
            Self.entry(8, .stop, "unknown-outcome", before: "RUNNING"),
            Self.entry(9, .stop, "no-before", .done),
            Self.entry(10, .stop, "resumed", before: "RUNNING", .unknown),
            Self.entry(11, .stop, "completed-since", before: "RUNNING", .done),
            Self.entry(12, .stop, "failed-no-before", .failed("code 108")),
        ])
        let resume = Self.run("r2", kind: .resume(of: "r1"), [Self.entry(1, .stop, "resumed", .done, for: 10)])
        let plan = UndoPlan(RunFamily(root: root, resumes: [resume]), current: [
            "stopped-by-run": "STOPPED", "started-by-run": "RUNNING", "restarted-since": "RUNNING",
            "was-stopped-already": "STOPPED", "launched": "RUNNING", "not-attempted": "RUNNING",
            "unknown-outcome": "STOPPED", "no-before": "STOPPED", "resumed": "STOPPED", "completed-since": "COMPLETED", "failed-no-before": "STOPPED",
        ])
        let byJob = Dictionary(plan.steps.map { ($0.job ?? "", $0) }, uniquingKeysWith: { first, _ in first })
        #expect(byJob["stopped-by-run"]?.decision == .send(.start))
        #expect(byJob["started-by-run"]?.decision == .send(.stop))
        #expect(byJob["restarted-since"]?.decision == .leave("already RUNNING as before the run"))
        #expect(byJob["was-stopped-already"]?.decision == .leave("already STOPPED as before the run"))
        #expect(byJob["removed"]?.decision == .cannot("a removed job cannot be brought back"))
        if case .cannot(let reason)? = byJob["launched"]?.decision { #expect(reason.contains("job launched stays")) } else {
            Issue.record("a launch cannot be undone")
        }
        #expect(byJob["not-attempted"] == nil, "an action never sent changed nothing")
        #expect(byJob["unknown-outcome"]?.decision == .send(.start))
        #expect(byJob["no-before"]?.decision == .send(.start))
        #expect(byJob["resumed"]?.decision == .send(.start))
        #expect(byJob["resumed"]?.seq == 10)
        #expect(byJob["completed-since"]?.decision == .leave("COMPLETED now; left alone"))
        #expect(byJob["failed-no-before"]?.decision == .leave("its status before the run was not recorded and no change was answered"))
        #expect(plan.sends.count == 5)
    }
}
