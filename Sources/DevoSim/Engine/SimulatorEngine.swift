import Foundation

/// The job API behind the HTTP server: faults, routing, authorization and the job
/// endpoints. All mutable state is behind one lock, held only to read or replace a job
/// (never while encoding a big reply, sleeping or doing I/O).
final class SimulatorEngine: Sendable {
    struct State {
        var store = JobStore()
        /// Ids, cids and generated names of jobs created through the API, and request cids.
        var random: SplitMix64
        var faults: FaultInjector
        var log = RequestLog()
        var nextSequence = 0
        /// Requests being answered now, and the most there were at once.
        var handling = 0
        var mostHandling = 0
    }

    let state: StateLock<State>
    let clock: any SimulatorClock
    let pace: JobPace
    let authorizer: Authorizer
    let domain: String
    let owner: String
    let removedJobsVisible: Bool
    let fullActionReplies: Bool
    let observer: (@Sendable (SimulatorRequestRecord) -> Void)?

    init(options: SimulatorOptions) {
        clock = options.clock
        pace = JobPace(speed: max(0, options.speed),
                       createdDuration: Int64(max(0, options.createdDuration) * 1000))
        authorizer = Authorizer(apiKey: options.apiKey, apiSecret: options.apiSecret, token: options.token,
                                jwt: options.jwt, windowMilliseconds: Int64(max(0, options.signatureWindow) * 1000),
                                acceptBareToken: options.acceptBareToken)
        domain = options.domain
        owner = options.owner
        removedJobsVisible = options.removedJobsVisible
        fullActionReplies = options.fullActionReplies
        observer = options.requestObserver

        var initial = State(random: SplitMix64(seed: options.seed ^ 0x5EED_0F_A11_0B5), faults: FaultInjector(options: options.faults))
        let seeded = Seeder.jobs(count: options.jobs, seed: options.seed, now: options.clock.nowMilliseconds(),
                                 domain: options.domain, removedJobsVisible: options.removedJobsVisible)
        for job in seeded { initial.store.insert(job) }
        initial.nextSequence = seeded.count
        state = StateLock(initial)
    }

    // MARK: - Requests

    func handle(_ request: HTTPRequest) -> HTTPReply {
        let now = clock.nowMilliseconds()
        let monotonic = DispatchTime.now().uptimeNanoseconds
        let (plan, cid) = state.withLock { state in
            state.handling += 1
            state.mostHandling = max(state.mostHandling, state.handling)
            return (state.faults.plan(monotonicNanoseconds: monotonic), state.random.alphanumeric(count: 10))
        }
        defer { state.withLock { $0.handling -= 1 } }

        if plan.before == .hang {
            record(request, status: 0, scheme: nil, plan: plan, now: now)
            return .hang
        }
        if plan.latency > 0 { Thread.sleep(forTimeInterval: plan.latency) }
        switch plan.before {
        case .rateLimited(let retryAfter)?:
            return finish(request, DevoReplies.tooManyRequests(retryAfter: retryAfter, cid: cid, timestamp: now),
                          scheme: nil, plan: plan, now: now)
        case .serverError(let status)?:
            return finish(request, DevoReplies.serverError(status: status, cid: cid, timestamp: now),
                          scheme: nil, plan: plan, now: now)
        case .htmlError?:
            return finish(request, DevoReplies.htmlBadGateway(), scheme: nil, plan: plan, now: now)
        case .hang?, nil:
            break
        }

        switch Router.match(method: request.method, path: request.path) {
        case .notFound:
            return finish(request, DevoReplies.pathNotFound(cid: cid, timestamp: now), scheme: nil, plan: plan, now: now)
        case .methodNotAllowed(let allow):
            return finish(request, DevoReplies.methodNotAllowed(allow: allow, cid: cid, timestamp: now),
                          scheme: nil, plan: plan, now: now)
        case .route(let route):
            switch authorizer.check(request, now: now) {
            case .rejected(let scheme):
                return finish(request, DevoReplies.invalidSignature(), scheme: scheme, plan: plan, now: now)
            case .accepted(let scheme):
                let response = perform(route, body: request.body, cid: cid, now: now)
                return finish(request, response, scheme: scheme, plan: plan, now: now)
            }
        }
    }

    /// Applies an after-processing fault, logs, and hands the reply to the server.
    private func finish(_ request: HTTPRequest, _ response: HTTPResponse, scheme: AuthScheme?,
                        plan: FaultInjector.Plan, now: Int64) -> HTTPReply {
        record(request, status: response.status, scheme: scheme, plan: plan, now: now)
        switch plan.after {
        case .drop?: return .dropMidway(response)
        case .malformed?: return .respond(FaultInjector.truncate(response))
        case nil: return .respond(response)
        }
    }

    private func record(_ request: HTTPRequest, status: Int, scheme: AuthScheme?, plan: FaultInjector.Plan, now: Int64) {
        let entry = SimulatorRequestRecord(method: request.method, path: request.path, status: status,
                                           authScheme: scheme, fault: plan.label, timestamp: now)
        state.withLock { $0.log.append(entry) }
        observer?(entry)
    }

    /// Malformed HTTP never reaches `handle`; the server reports it here for the log.
    func recordRejection(status: Int) {
        let entry = SimulatorRequestRecord(method: "-", path: "-", status: status, authScheme: nil, fault: nil,
                                           timestamp: clock.nowMilliseconds())
        state.withLock { $0.log.append(entry) }
        observer?(entry)
    }

    // MARK: - Endpoints

    private func perform(_ route: Route, body: [UInt8], cid: String, now: Int64) -> HTTPResponse {
        switch route {
        case .query: return launchQuery(body: body, cid: cid, now: now)
        case .listJobs: return listJobs(cid: cid, now: now)
        case .job(let id):
            guard let stored = state.withLock({ $0.store.job(id: id) }) else {
                return DevoReplies.taskNotFound(cid: cid, timestamp: now)
            }
            return jobReply(JobLifecycle.settled(stored, at: now, pace: pace), cid: cid, now: now)
        case .stop(let id): return act(on: id, cid: cid, now: now, JobLifecycle.stop)
        case .start(let id): return act(on: id, cid: cid, now: now, JobLifecycle.start)
        case .remove(let id): return act(on: id, cid: cid, now: now, JobLifecycle.remove)
        }
    }

    private func jobReply(_ job: Job, cid: String, now: Int64) -> HTTPResponse {
        DevoReplies.envelope(cid: cid, timestamp: now) { JobJSON.write(job, into: &$0) }
    }

    /// `GET /search/jobs`: every job not deleted, in creation order. The store is copied
    /// under the lock; settling and encoding happen outside it.
    private func listJobs(cid: String, now: Int64) -> HTTPResponse {
        let jobs = state.withLock { $0.store.all() }
        return DevoReplies.envelope(cid: cid, timestamp: now, capacity: 128 + jobs.count * 480) { writer in
            writer.beginArray()
            for job in jobs { JobJSON.write(JobLifecycle.settled(job, at: now, pace: pace), into: &writer) }
            writer.endArray()
        }
    }

    /// stop / start / remove, answered with Devo's short job object (`fullActionReplies` for
    /// the whole job). Rejected transitions are HTTP 400 with the task error code in `status`
    /// (Devo documents the codes, not the HTTP status); an unknown id is 404 / status 100.
    private func act(on id: String, cid: String, now: Int64,
                     _ action: (Job, Int64, JobPace) -> JobLifecycle.ActionResult) -> HTTPResponse {
        let outcome = state.withLock { state -> JobLifecycle.ActionResult? in
            guard let stored = state.store.job(id: id) else { return nil }
            let result = action(stored, now, pace)
            if case .applied(let job) = result {
                if job.status == .removed && !removedJobsVisible {
                    state.store.delete(id: id)
                } else {
                    state.store.update(job)
                }
            }
            return result
        }
        switch outcome {
        case nil:
            return DevoReplies.taskNotFound(cid: cid, timestamp: now)
        case .applied(let job)?:
            return DevoReplies.envelope(cid: cid, timestamp: now) { JobJSON.write(job, into: &$0, short: !fullActionReplies) }
        case .rejected(let code, let message)?:
            return DevoReplies.taskError(httpStatus: 400, code: code, message: message, cid: cid, timestamp: now)
        }
    }

    /// `POST /search/query`. With a destination the query becomes a CREATED job and the
    /// reply is Devo's notification `{"msg":"","status":0,…,"object":{"id":…}}`. Without
    /// one the simulator answers 400 / status 1: it simulates jobs, not query results.
    private func launchQuery(body: [UInt8], cid: String, now: Int64) -> HTTPResponse {
        let request: QueryRequest
        switch QueryRequest.parse(body: body, now: now) {
        case .success(let parsed): request = parsed
        case .failure(let error):
            return DevoReplies.taskError(httpStatus: 400, code: error.code, message: error.message, cid: cid, timestamp: now)
        }
        guard let destination = request.destination else {
            return DevoReplies.invalidRequest(
                "The simulator runs queries with a destination (jobs) only; inline query results are not simulated",
                cid: cid, timestamp: now)
        }

        let created = state.withLock { state -> Job? in
            let givenName = destination.params["friendlyName"].flatMap { $0.isEmpty ? nil : $0 }
            // Redis keys are unique per friendlyName: Devo refuses a duplicate.
            if destination.type == "redis", let givenName,
               state.store.contains(where: { $0.destination.type == "redis" && $0.friendlyName == givenName }) {
                return nil
            }
            let jobCID = state.random.alphanumeric(count: 10)
            let failure: PlannedFailure? = QueryRequest.isKnownTable(request.table)
                ? nil : .atStart(message: "Error In Query \(jobCID): Unknown table `\(request.table)'")
            let job = Job(id: state.random.uuid(), cid: jobCID, owner: owner, domain: domain,
                          destination: destination,
                          friendlyName: givenName ?? "\(destination.type)_\(state.random.alphanumeric(count: 10))",
                          query: request.query, table: request.table, from: request.from, to: request.to,
                          eventsPerDataSecond: Double(1 + state.random.next() % 200),
                          sequence: state.nextSequence, status: .created, statusSince: now,
                          startPosition: request.from, lastDatetime: 0, errors: [], failure: failure)
            state.nextSequence += 1
            state.store.insert(job)
            return job
        }
        guard let job = created else {
            let name = destination.params["friendlyName"] ?? ""
            var writer = JSONWriter()
            writer.beginObject()
            writer.field("msg", "Unable to Start Task: Task Key Duplicate: \(name)")
            writer.field("code", 500)
            writer.field("timestamp", now)
            writer.field("cid", cid)
            writer.endObject()
            return HTTPResponse(status: 500, body: writer.bytes)
        }
        return DevoReplies.envelope(cid: cid, timestamp: now, includeMsg: true) { writer in
            writer.beginObject()
            writer.field("id", job.id)
            if job.destination.type == "redis" { writer.field("redisKeyBase", JobJSON.redisKeyBase(of: job)) }
            writer.endObject()
        }
    }

    // MARK: - Direct access for tests and tools

    func snapshots() -> [JobSnapshot] {
        let now = clock.nowMilliseconds()
        return state.withLock { $0.store.all() }.map { JobSnapshot(JobLifecycle.settled($0, at: now, pace: pace)) }
    }

    func snapshot(id: String) -> JobSnapshot? {
        let now = clock.nowMilliseconds()
        return state.withLock { $0.store.job(id: id) }.map { JobSnapshot(JobLifecycle.settled($0, at: now, pace: pace)) }
    }

    func insert(_ seed: JobSeed) -> String {
        let now = clock.nowMilliseconds()
        return state.withLock { state in
            let id = seed.id ?? state.random.uuid()
            let cid = state.random.alphanumeric(count: 10)
            let type = seed.destination.type
            let name = seed.friendlyName ?? "\(type)_\(state.random.alphanumeric(count: 10))"
            let table = QueryRequest.mainTable(of: seed.query)
            var failure: PlannedFailure?
            if let message = seed.failOnStart { failure = .atStart(message: message) }
            if let (position, message) = seed.failAt { failure = .atPosition(position, message: message) }
            let from = seed.from ?? now - 3_600_000
            let job = Job(id: id, cid: cid, owner: seed.owner ?? owner, domain: domain, destination: seed.destination,
                          friendlyName: name, query: seed.query, table: table, from: from, to: seed.to,
                          eventsPerDataSecond: seed.eventsPerDataSecond, sequence: state.nextSequence,
                          status: seed.status, statusSince: now,
                          startPosition: seed.lastDatetime > 0 ? seed.lastDatetime : from,
                          lastDatetime: seed.lastDatetime, errors: seed.errors, failure: failure)
            state.nextSequence += 1
            state.store.insert(job)
            return id
        }
    }
}
