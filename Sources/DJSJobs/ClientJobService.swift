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

    public init(client: DevoClient, interrupt: InterruptFlag) {
        self.client = client
        self.interrupt = interrupt
    }

    public func listJobs() throws -> [JobRecord] {
        try wait { client in try await client.jobs() }.map(JobRecordConversion.record)
    }

    public func job(id: String) throws -> JobRecord {
        JobRecordConversion.record(try wait { client in try await client.job(id: id) })
    }

    public func stop(id: String) throws -> JobRecord {
        JobRecordConversion.record(try wait { client in try await client.stop(id: id) })
    }

    public func start(id: String) throws -> JobRecord {
        JobRecordConversion.record(try wait { client in try await client.start(id: id) })
    }

    public func remove(id: String) throws -> JobRecord {
        JobRecordConversion.record(try wait { client in try await client.remove(id: id) })
    }

    public func launch(_ query: QueryLaunch) throws -> String {
        let request = try JobRecordConversion.request(query)
        return try wait { client in try await client.launch(request) }
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
