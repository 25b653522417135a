import DJS
import Synchronization

/// Journals every change made through the job service it wraps: an intent line before a
/// stop, start, remove or query launch is sent, an outcome line once it is answered.
/// Reads pass through; the status each read returns is remembered, so that an intent line
/// can say what the job's status was before (as last read by this run; null when the run
/// never read the job, rather than a read of its own before every change).
///
/// In a bulk call the intent lines of every job are written and synced before the first
/// request leaves; outcome lines are collected as answers arrive (`BulkMonitor.settled`)
/// and written each time the call reports progress, and the rest when it returns.
public final class JournalingJobService: JobService {
    public let base: JobService
    public let recorder: JournalRecorder
    /// The last status read for each job id.
    private var statuses: [String: String] = [:]

    public init(wrapping base: JobService, recorder: JournalRecorder) {
        self.base = base
        self.recorder = recorder
    }

    /// The job's status as this run last read it.
    public func knownStatus(of id: String) -> String? { statuses[id] }

    public func listJobs() throws -> [JobRecord] {
        let jobs = try base.listJobs()
        for job in jobs { statuses[job.id] = job.status }
        return jobs
    }

    public func job(id: String) throws -> JobRecord { remember(try base.job(id: id)) }
    public func stop(id: String) throws -> JobRecord { try single(.stop, id) }
    public func start(id: String) throws -> JobRecord { try single(.start, id) }
    public func remove(id: String) throws -> JobRecord { try single(.remove, id) }

    public func launch(_ query: QueryLaunch) throws -> String {
        let seq = try recorder.intendLaunch(query: query.query, destination: query.destinationType)
        var entry = JournalEntry(seq: seq, time: 0, action: .launch, job: nil)
        do {
            let id = try base.launch(query)
            entry.job = id
            entry.outcome = .done
            recorder.record([entry.at(JournalRecorder.now)])
            return id
        } catch {
            entry.outcome = .failed("\(error)")
            recorder.record([entry.at(JournalRecorder.now)])
            throw error
        }
    }

    public func performAll(_ action: JobAction, ids: [String], monitor: BulkMonitor) -> [JobOutcome] {
        performAll(action, ids: ids, monitor: monitor, carryingOut: nil)
    }

    /// A bulk call; in a resume or undo run, `carryingOut` names for each id the seq of the
    /// earlier run's entry that this action finishes or reverses.
    public func performAll(_ action: JobAction, ids: [String], monitor: BulkMonitor, carryingOut: [Int]?) -> [JobOutcome] {
        guard let change = JournalAction(action), !ids.isEmpty else { return remember(base.performAll(action, ids: ids, monitor: monitor)) }
        let seqs: [Int]
        do {
            seqs = try recorder.intend(change, jobs: ids, before: ids.map { statuses[$0] }, carryingOut: carryingOut, durable: true)
        } catch {
            return ids.map { _ in .failed("\(error)") }
        }
        let inbox = SettledInbox(count: ids.count)
        let recorder = self.recorder
        func entry(_ index: Int, _ outcome: JournalOutcome, after: String?) -> JournalEntry {
            JournalEntry(seq: seqs[index], time: JournalRecorder.now, action: change, job: ids[index], after: after,
                         carriesOut: carryingOut?[index], outcome: outcome)
        }
        func writeArrived() {
            recorder.record(inbox.take().map { index, settled in
                switch settled {
                case .done(let status): entry(index, .done, after: status)
                case .failed(let reason): entry(index, .failed(reason), after: nil)
                }
            })
        }
        var journaled = monitor
        let outerSettled = monitor.settled
        journaled.settled = { index, settled in
            inbox.put(index, settled)
            outerSettled?(index, settled)
        }
        journaled.report = { progress in
            writeArrived()
            monitor.report(progress)
        }
        let outcomes = base.performAll(action, ids: ids, monitor: journaled)
        writeArrived()
        // Whatever the service did not announce as it went (jobs not attempted, or a service
        // that does not call `settled`) is written from the final account.
        let unannounced = inbox.unannounced()
        recorder.record(unannounced.map { index in
            switch outcomes[index] {
            case .done(let record): entry(index, .done, after: record.status)
            case .failed(let reason): entry(index, .failed(reason), after: nil)
            case .notAttempted: entry(index, .notAttempted, after: nil)
            }
        }, durable: true)
        return remember(outcomes)
    }

    private func single(_ action: JobAction, _ id: String) throws -> JobRecord {
        guard let change = JournalAction(action) else { return remember(try base.perform(action, id: id)) }
        let seq = try recorder.intend(change, jobs: [id], before: [statuses[id]], carryingOut: nil, durable: false)[0]
        var entry = JournalEntry(seq: seq, time: 0, action: change, job: id)
        do {
            let record = try base.perform(action, id: id)
            entry.outcome = .done
            entry.after = record.status
            recorder.record([entry.at(JournalRecorder.now)])
            return remember(record)
        } catch {
            entry.outcome = .failed("\(error)")
            recorder.record([entry.at(JournalRecorder.now)])
            throw error
        }
    }

    private func remember(_ record: JobRecord) -> JobRecord {
        statuses[record.id] = record.status
        return record
    }

    private func remember(_ outcomes: [JobOutcome]) -> [JobOutcome] {
        for case .done(let record) in outcomes { statuses[record.id] = record.status }
        return outcomes
    }
}

extension JournalEntry {
    /// The same entry stamped with another time (an outcome's).
    func at(_ time: Int) -> JournalEntry {
        var copy = self
        copy.time = time
        return copy
    }
}

/// Outcomes of a bulk call as they arrive on the transport's threads, waiting for the
/// caller's thread to journal them.
private final class SettledInbox: Sendable {
    private struct State {
        var arrived: [(Int, SettledJob)] = []
        var announced: [Bool]
    }
    private let state: Mutex<State>

    init(count: Int) { state = Mutex(State(announced: Array(repeating: false, count: count))) }

    func put(_ index: Int, _ outcome: SettledJob) {
        state.withLock { state in
            state.arrived.append((index, outcome))
            state.announced[index] = true
        }
    }

    /// What arrived since the last call.
    func take() -> [(Int, SettledJob)] {
        state.withLock { state in
            defer { state.arrived.removeAll(keepingCapacity: true) }
            return state.arrived
        }
    }

    /// The indices never announced.
    func unannounced() -> [Int] {
        state.withLock { state in state.announced.indices.filter { !state.announced[$0] } }
    }
}

extension JournalingJobService {
    /// Records, for a resume, the earlier run's actions found not needed any more.
    public func recordSkipped(_ skipped: [(action: JournalAction, job: String, reason: String, carriesOut: Int)]) throws {
        try recorder.recordSkipped(skipped)
    }
}
