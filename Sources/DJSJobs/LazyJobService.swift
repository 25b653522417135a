import DJS

/// A `JobService` that is set up on first use.
///
/// A script that never touches a job must not fail because the environment holds an
/// incomplete Devo configuration; so the configuration is resolved (and any problem with it
/// reported, as a runtime error at the job call) only when a job built-in first runs.
public final class LazyJobService: JobService {
    private let makeService: () throws -> JobService
    private var made: Result<JobService, JobServiceError>?

    public init(_ makeService: @escaping () throws -> JobService) {
        self.makeService = makeService
    }

    /// The service, if a job call has made it already.
    public var madeService: JobService? { try? made?.get() }

    private func service() throws -> JobService {
        if made == nil {
            do {
                made = .success(try makeService())
            } catch let error as JobServiceError {
                made = .failure(error)
            } catch {
                made = .failure(JobServiceError("\(error)"))
            }
        }
        return try made!.get()
    }

    public func listJobs() throws -> [JobRecord] { try service().listJobs() }
    public func listing() throws -> JobListing { try service().listing() }
    public func job(id: String) throws -> JobRecord { try service().job(id: id) }
    public func stop(id: String) throws -> JobRecord { try service().stop(id: id) }
    public func start(id: String) throws -> JobRecord { try service().start(id: id) }
    public func remove(id: String) throws -> JobRecord { try service().remove(id: id) }
    public func launch(_ query: QueryLaunch) throws -> String { try service().launch(query) }

    public func performAll(_ action: JobAction, ids: [String], monitor: BulkMonitor) -> [JobOutcome] {
        do {
            return try service().performAll(action, ids: ids, monitor: monitor)
        } catch {
            // No connection: every job fails for the same reason, which the account shows.
            return ids.map { _ in .failed("\(error)") }
        }
    }
}
