import DJS
import DJSClient
import Foundation

/// The language's `JobService`, backed by the signed Devo client over HTTP.
///
/// The interpreter is synchronous and runs on its own thread; the client is async. Each call
/// starts a task and blocks the interpreter's thread until it finishes, checking the
/// interrupt flag while it waits so that Ctrl-C cancels a slow request.
public final class ClientJobService: JobService {
    public let client: DevoClient
    private let interrupt: InterruptFlag
    /// The redis key prefixes of the jobs this service launched, from the launch replies.
    private var launchedKeyBases: [String: String] = [:]

    public init(client: DevoClient, interrupt: InterruptFlag) {
        self.client = client
        self.interrupt = interrupt
    }

    public func listJobs() throws -> [JobRecord] { try listing().jobs }

    public func listing() throws -> JobListing {
        let listing = try wait { client in try await client.listing() }
        return JobListing(jobs: listing.jobs.map(JobRecordConversion.record), skipped: listing.skipped)
    }

    public func job(id: String) throws -> JobRecord {
        let record = try act(.refresh, id)
        guard let keyBase = launchedKeyBases[id] else { return record }
        return JobRecordConversion.adding(redisKeyBase: keyBase, to: record)
    }
    public func stop(id: String) throws -> JobRecord { try act(.stop, id) }
    public func start(id: String) throws -> JobRecord { try act(.start, id) }
    public func remove(id: String) throws -> JobRecord { try act(.remove, id) }

    /// One job action, the same request the bulk path sends.
    private func act(_ action: JobAction, _ id: String) throws -> JobRecord {
        JobRecordConversion.record(try wait { client in try await ClientJobService.send(action, id: id, with: client) })
    }

    public func launch(_ query: QueryLaunch) throws -> String {
        let request = try JobRecordConversion.request(query)
        let reply = try wait { client in try await client.launchJob(request) }
        if let keyBase = reply.redisKeyBase { launchedKeyBases[reply.id] = keyBase }
        return reply.id
    }

    /// The bulk path: requests in flight over the client's shared connections, as many as the
    /// pace allows (`RequestPacer`: growing while the server keeps up, backing off when it
    /// refuses or slows down, never above `monitor.concurrency` in flight nor `monitor.rate`
    /// a second). The interpreter's thread waits, showing progress and watching for Ctrl-C,
    /// which stops new requests; those already sent finish and are counted.
    public func performAll(_ action: JobAction, ids: [String], monitor: BulkMonitor) -> [JobOutcome] {
        let board = BulkBoard(count: ids.count, action: action, settled: monitor.settled)
        let pacer = RequestPacer(cap: monitor.concurrency, rate: monitor.rate)
        let done = DispatchSemaphore(value: 0)
        let client = self.client
        let width = min(monitor.concurrency, ids.count)
        // `width` long-lived workers (as many as may ever be in flight), each taking the next
        // id as soon as its last request is answered; the pacer decides when each request
        // leaves. They run where the client's transport prefers (one of curl's event
        // threads): a reply then resumes its worker without waking another thread.
        Task {
            await withTaskGroup(of: Void.self) { group in
                for worker in 0..<width {
                    group.addTask(executorPreference: client.preferredTaskExecutor(worker: worker)) {
                        while let index = board.claim() {
                            do throws(DevoError) {
                                let job = try await ClientJobService.send(action, id: ids[index], with: client, pacer: pacer)
                                board.finish(index, .success(job))
                            } catch .cancelled where board.isStopping {
                                // Turned away by the closed pacer before it was sent: not attempted.
                                continue
                            } catch let error {
                                board.finish(index, .failure(error.description))
                            }
                        }
                    }
                }
            }
            done.signal()
        }
        func report() {
            var progress = board.progress
            let pace = pacer.status
            progress.inFlight = pace.inFlight
            progress.paused = pace.paused
            monitor.report(progress)
        }
        while done.wait(timeout: .now() + .milliseconds(100)) == .timedOut {
            if monitor.interrupt.isRaised {
                board.stopLaunching()
                pacer.close()
            }
            report()
        }
        report()
        return board.outcomes.map { outcome in
            switch outcome {
            case .success(let job)?: .done(JobRecordConversion.record(job))
            case .failure(let message)?: .failed(message)
            case nil: .notAttempted
            }
        }
    }

    private static func send(_ action: JobAction, id: String, with client: DevoClient,
                             pacer: RequestPacer? = nil) async throws(DevoError) -> DevoJob {
        switch action {
        case .refresh: try await client.job(id: id, pacer: pacer)
        case .stop: try await client.stop(id: id, pacer: pacer)
        case .start: try await client.start(id: id, pacer: pacer)
        case .remove: try await client.remove(id: id, pacer: pacer)
        }
    }

    /// Runs one client call to completion on the cooperative pool and hands back its result.
    private func wait<Result: Sendable>(_ work: @escaping @Sendable (DevoClient) async throws -> Result) throws -> Result {
        let outcome = Outcome<Result>()
        let done = DispatchSemaphore(value: 0)
        let client = self.client
        let task = Task {
            do {
                outcome.set(.success(try await work(client)))
            } catch let error as DevoError {
                outcome.set(.failure(error.description))
            } catch {
                outcome.set(.failure("\(error)"))
            }
            done.signal()
        }
        while done.wait(timeout: .now() + .milliseconds(50)) == .timedOut {
            if interrupt.isRaised { task.cancel() }
        }
        switch outcome.get() {
        case .success(let value): return value
        case .failure(let message): throw JobServiceError(message)
        case nil: throw JobServiceError("internal error: the request finished without a result")
        }
    }

    /// Written by the task before it signals; read after the wait.
    private final class Outcome<Value: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Outcome<Value>.Result?
        enum Result { case success(Value), failure(String) }
        func set(_ newValue: Result) { lock.lock(); value = newValue; lock.unlock() }
        func get() -> Result? { lock.lock(); defer { lock.unlock() }; return value }
    }
}

/// The shared state of one bulk call: each request's result, written by the tasks, and the
/// "stop launching" switch, set from the interpreter's thread on Ctrl-C.
private final class BulkBoard: @unchecked Sendable {
    enum Result { case success(DevoJob), failure(String) }
    private let lock = NSLock()
    private var results: [Result?]
    /// The next id to send.
    private var next = 0
    private var stopping = false
    private var counts: BulkProgress
    /// `BulkMonitor.settled`: told each result outside the lock.
    private let settled: (@Sendable (Int, SettledJob) -> Void)?

    init(count: Int, action: JobAction, settled: (@Sendable (Int, SettledJob) -> Void)?) {
        results = Array(repeating: nil, count: count)
        counts = BulkProgress(action: action, total: count)
        self.settled = settled
    }

    /// The index of the next id to send, or nil when all were sent or Ctrl-C stopped launching.
    func claim() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard next < results.count, !stopping else { return nil }
        next += 1
        return next - 1
    }

    func finish(_ index: Int, _ result: Result) {
        lock.lock()
        results[index] = result
        counts.finished += 1
        if case .failure = result { counts.failed += 1 }
        lock.unlock()
        guard let settled else { return }
        switch result {
        case .success(let job): settled(index, .done(status: job.status.apiValue))
        case .failure(let message): settled(index, .failed(message))
        }
    }

    func stopLaunching() { lock.lock(); stopping = true; lock.unlock() }
    var isStopping: Bool { lock.lock(); defer { lock.unlock() }; return stopping }
    var progress: BulkProgress { lock.lock(); defer { lock.unlock() }; return counts }
    var outcomes: [Result?] { lock.lock(); defer { lock.unlock() }; return results }
}
