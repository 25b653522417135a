import DJS

/// An in-memory Devo for the golden corpus's `jobs/` cases: six fixed jobs and the
/// simulator's rules, so that scripts print exactly the same every run.
///
/// - stop: RUNNING → STOPPED; COMPLETED stays COMPLETED; anything else fails with code 108.
/// - start: STOPPED or CREATED → RUNNING; RUNNING and COMPLETED stay; REMOVED fails with 101.
/// - remove: the job is deleted; reading it afterwards fails with "not found" (status 100).
/// - Any change to a job whose name contains "broken" fails like a server error.
/// - A launched query starts as CREATED and reads as RUNNING, then COMPLETED, on later reads,
///   so `wait()` has something to wait for.
final class FakeJobService: JobService {
    private var jobs: [JobRecord]
    private var launches = 0
    private var readsOfLaunched: [String: Int] = [:]
    /// Every call, "verb id", in order: tests read what a script asked for.
    private(set) var calls: [String] = []

    /// 2026-11-01T00:00:00Z, the fake's "now"-ish anchor for lastDatetime values.
    static let anchor = 1_793_491_200_000

    init() {
        jobs = [
            Self.record("job-1", "RUNNING", "web-errors", "s3", events: 1200, last: Self.anchor - 3_600_000),
            Self.record("job-2", "RUNNING", "dns-idle", "kafka", events: 0, last: nil),
            Self.record("job-3", "STOPPED", "fw-alerts", "email", events: 53, last: Self.anchor - 86_400_000 * 2,
                        errors: ["Connection lost with the query engine (malote)"]),
            Self.record("job-4", "COMPLETED", "weekly-report", "hdfs", events: 98_765, last: Self.anchor - 86_400_000 * 9),
            Self.record("job-5", "RUNNING", "broken-feed", "redis", events: 7, last: Self.anchor - 60_000),
            Self.record("job-6", "STOPPED", "legacy-export", "donothing", events: 0, last: nil,
                        errors: ["Error In Query: Unknown table `legacy.logs`"]),
        ]
    }

    static func record(_ id: String, _ status: String, _ name: String, _ type: String, events: Int, last: Int?,
                       errors: [String] = []) -> JobRecord {
        JobRecord(id: id, status: status, fields: [
            ("id", .string(id)), ("status", .string(status)), ("friendlyName", .string(name)),
            ("type", .string(type)), ("query", .string("from demo.\(name) select *")),
            ("eventsSent", .int(events)), ("lastDatetime", last.map { .time($0) } ?? .null),
            ("error", .list(ListRef(errors.map { .string($0) }))),
        ])
    }

    func listJobs() throws -> [JobRecord] {
        calls.append("list")
        return jobs
    }

    func perform(_ action: JobAction, id: String) throws -> JobRecord {
        switch action {
        case .refresh: try read(id)
        case .stop: try stop(id)
        case .start: try start(id)
        case .remove: try remove(id)
        }
    }

    private func read(_ id: String) throws -> JobRecord {
        calls.append("read \(id)")
        guard let index = jobs.firstIndex(where: { $0.id == id }) else {
            throw JobServiceError("get job \(id): not found (status 100)")
        }
        if let reads = readsOfLaunched[id] {
            readsOfLaunched[id] = reads + 1
            setStatus(index, reads >= 2 ? "COMPLETED" : "RUNNING")
        }
        return jobs[index]
    }

    private func stop(_ id: String) throws -> JobRecord {
        try change(id, "stop") { status in
            switch status {
            case "RUNNING": "STOPPED"
            case "COMPLETED": "COMPLETED"
            default: nil
            }
        }
    }

    private func start(_ id: String) throws -> JobRecord {
        try change(id, "start") { status in status == "REMOVED" ? nil : (status == "COMPLETED" ? status : "RUNNING") }
    }

    private func remove(_ id: String) throws -> JobRecord {
        let record = try change(id, "remove") { _ in "REMOVED" }
        jobs.removeAll { $0.id == id }
        return record
    }

    func launch(_ query: QueryLaunch) throws -> String {
        launches += 1
        let id = "job-new-\(launches)"
        calls.append("launch \(query.destinationType) \(query.query)")
        jobs.append(Self.record(id, "CREATED", "launched-\(launches)", query.destinationType, events: 0, last: nil))
        readsOfLaunched[id] = 0
        return id
    }

    private func change(_ id: String, _ verb: String, _ next: (String) -> String?) throws -> JobRecord {
        calls.append("\(verb) \(id)")
        guard let index = jobs.firstIndex(where: { $0.id == id }) else {
            throw JobServiceError("\(verb) job \(id): not found (status 100)")
        }
        if case .string(let name)? = jobs[index].field("friendlyName"), name.contains("broken") {
            throw JobServiceError("\(verb) job \(id): server error (HTTP 500)")
        }
        guard let status = next(jobs[index].status) else {
            throw JobServiceError("\(verb) job \(id): not allowed while \(jobs[index].status) (code 108)")
        }
        setStatus(index, status)
        return jobs[index]
    }

    private func setStatus(_ index: Int, _ status: String) {
        jobs[index].status = status
        if let field = jobs[index].fields.firstIndex(where: { $0.name == "status" }) {
            jobs[index].fields[field].value = .string(status)
        }
    }
}
