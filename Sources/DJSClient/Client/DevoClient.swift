import Foundation

/// The signed Devo Query API v2 client: launch a query as a job, list jobs, read one, stop,
/// start and remove it (devo-api.md §1).
///
/// One client is meant to be shared: it is `Sendable`, safe to call from many tasks at once,
/// and its transport keeps connections alive (up to `maxConcurrentConnections` in parallel).
///
/// Every attempt is signed afresh (new timestamp, new signature). Job requests are retried
/// on failures where retrying is safe; launching is retried only when the request never left
/// (see `RetryPolicy`). Every failure is thrown as a `DevoError`.
public final class DevoClient: Sendable, CustomReflectable {
    public let configuration: DevoClientConfiguration
    private let transport: any HTTPTransport
    private let hooks: DevoClientHooks
    private let signer: RequestSigner
    private let sentRequestCount = Locked(0)

    /// - Parameters:
    ///   - transport: how requests travel; by default a `CurlTransport` sized by the configuration.
    ///   - hooks: clock, sleep and jitter; replace them only in tests.
    public init(configuration: DevoClientConfiguration, transport: (any HTTPTransport)? = nil,
                hooks: DevoClientHooks = .live) {
        self.configuration = configuration
        self.transport = transport ?? CurlTransport(maxConnectionsPerHost: configuration.maxConcurrentConnections,
                                                    network: configuration.network)
        self.hooks = hooks
        signer = RequestSigner(configuration.credentials)
    }

    /// `dump()` would otherwise walk into the transport and hooks; show only safe facts.
    public var customMirror: Mirror {
        Mirror(self, children: ["configuration": configuration, "requestCount": requestCount], displayStyle: .class)
    }

    /// Where the `worker`-th of several tasks making many calls at once (the bulk calls) runs
    /// best: one of the transport's event threads for `CurlTransport`, nil (the global pool)
    /// otherwise.
    public func preferredTaskExecutor(worker: Int) -> (any TaskExecutor)? {
        transport.preferredTaskExecutor(worker: worker)
    }

    /// HTTP requests sent so far, every retry included (shown by the REPL's `:timing`).
    public var requestCount: Int { sentRequestCount.withLock { $0 } }

    // MARK: - Endpoints

    /// `GET /search/jobs`: every job of the domain Devo lists that could be read (see `listing()`).
    public func jobs() async throws(DevoError) -> [DevoJob] {
        try await listing().jobs
    }

    /// `GET /search/jobs`: every job of the domain Devo lists, and the entries that could not
    /// be read as a job (not an object, no id, no status), each named with the reason. One
    /// bad entry must not hide the others.
    public func listing() async throws(DevoError) -> DevoJobListing {
        let context = DevoRequestContext(operation: "list jobs", method: "GET", path: "/search/jobs")
        guard let object = try await perform(context, body: [], kind: .idempotent) else { return DevoJobListing() }
        // One job at a time: the list of a big domain never exists as one JSON tree.
        var listing = DevoJobListing()
        var index = 0
        do {
            try object.forEachElement { element in
                index += 1
                switch DevoJob.decode(element) {
                case .success(let job): listing.jobs.append(job)
                case .failure(let failure): listing.skipped.append("entry \(index): \(failure.reason)")
                }
                return true
            }
        } catch {
            // Not an array (the syntax was checked with the envelope).
            let value = (try? object.value()) ?? .null
            if value == .null { return DevoJobListing() }
            throw .invalidResponse(context, httpStatus: 200, reason: "\"object\" is \(value.typeName), expected an array of jobs")
        }
        for skipped in listing.skipped { configuration.log?("devo: GET /search/jobs: skipped \(skipped)") }
        return listing
    }

    // The four job calls take the `pacer` of a bulk call: each attempt then waits for its
    // turn there and reports how it went. A pacer closed by Ctrl-C turns away the first
    // attempt with `.cancelled` before anything is sent.

    /// `GET /search/job/{id}`: one job's status.
    public func job(id: String, pacer: RequestPacer? = nil) async throws(DevoError) -> DevoJob {
        try await jobRequest(action: nil, operation: "get job", id: id, pacer: pacer)
    }

    /// `GET /search/job/stop/{id}`: the job after stopping it.
    public func stop(id: String, pacer: RequestPacer? = nil) async throws(DevoError) -> DevoJob {
        try await jobRequest(action: "stop", operation: "stop job", id: id, pacer: pacer)
    }

    /// `GET /search/job/start/{id}`: the job after (re)starting it from its `lastDatetime`.
    public func start(id: String, pacer: RequestPacer? = nil) async throws(DevoError) -> DevoJob {
        try await jobRequest(action: "start", operation: "start job", id: id, pacer: pacer)
    }

    /// `GET /search/job/remove/{id}`: the job after removing it.
    public func remove(id: String, pacer: RequestPacer? = nil) async throws(DevoError) -> DevoJob {
        try await jobRequest(action: "remove", operation: "remove job", id: id, pacer: pacer)
    }

    /// `POST /search/query` with a destination: launches the query as a job and returns the
    /// new job's id (`object.id` of the reply).
    public func launch(_ request: DevoQueryRequest) async throws(DevoError) -> String {
        try await launchJob(request).id
    }

    /// The same, with everything the reply says of the new job: its id, and for redis the
    /// prefix of the keys it writes (`object.redisKeyBase`).
    public func launchJob(_ request: DevoQueryRequest) async throws(DevoError) -> DevoLaunchReply {
        guard request.destination != nil else {
            throw .invalidRequest("a query launched as a job needs a destination (s3, kafka, hdfs, email, redis or donothing)")
        }
        let problems = request.validationProblems()
        guard problems.isEmpty else { throw .invalidRequest(problems.joined(separator: "; ")) }

        let context = DevoRequestContext(operation: "launch query", method: "POST", path: "/search/query")
        // Serialized once: these exact bytes are signed and sent on every attempt.
        let body = request.jsonBody(pragmas: configuration.pragmas)
        let object = try await perform(context, body: body, kind: .createsJob)
        let reply = try? object?.value()
        guard let id = reply?["id"]?.stringValue, !id.isEmpty else {
            throw .invalidResponse(context, httpStatus: 200, reason: "the reply has no job id at object.id")
        }
        return DevoLaunchReply(id: id, redisKeyBase: reply?["redisKeyBase"]?.stringValue)
    }

    // MARK: - Plumbing

    /// The four single-job GETs: `/search/job/{id}` or `/search/job/{action}/{id}`.
    private func jobRequest(action: String?, operation: String, id: String,
                            pacer: RequestPacer?) async throws(DevoError) -> DevoJob {
        guard !id.isEmpty else { throw .invalidRequest("\(operation): the job id is empty") }
        let encodedID = DevoClient.percentEncodePathSegment(id)
        let path = action.map { "/search/job/\($0)/\(encodedID)" } ?? "/search/job/\(encodedID)"
        let context = DevoRequestContext(operation: "\(operation) \(id)", method: "GET", path: path, jobID: id)
        var mayHaveActed = false
        let object: ReplyObject?
        do {
            object = try await perform(context, body: [], kind: .idempotent, pacer: pacer, mayHaveActed: &mayHaveActed)
        } catch {
            guard let action, mayHaveActed || DevoClient.leavesActionUnknown(error) else { throw error }
            switch await reconcile(action, id: id, after: error) {
            case .done(let job): return job
            case .notDone: throw error
            case .unknown(let readError): throw DevoClient.outcomeUnknown(error, action: action, readError: readError)
            }
        }
        guard let object, let value = try? object.value() else {
            throw .invalidResponse(context, httpStatus: 200, reason: "the reply has no job object")
        }
        switch DevoJob.decode(value) {
        case .success(let job): return job
        case .failure(let problem): throw .invalidResponse(context, httpStatus: 200, reason: problem.reason)
        }
    }

    /// A job action failed in a way that leaves open whether Devo did it: a retry refused as
    /// if the job were already there (stop: 400 code 108 "non running task"; remove: not
    /// found) after an attempt that may have acted, or a last attempt without a usable
    /// answer (`leavesActionUnknown`). Read the job: if it is in the state the action leads
    /// to, the action succeeded; otherwise the error stands. Without this, a bulk stop under
    /// dropped connections or truncated replies reported stopped jobs as failed (issue 8).
    private enum Reconciled {
        /// The job is in the state the action leads to.
        case done(DevoJob)
        /// It is not: the error is the truth.
        case notDone
        /// The job could not be read, so nobody knows.
        case unknown(DevoError)
    }

    private func reconcile(_ action: String, id: String, after error: DevoError) async -> Reconciled {
        switch error {
        case .illegalStateChange, .jobNotFound, .invalidResponse, .timeout, .connectionFailed, .server: break
        default: return .notDone
        }
        let reached: Set<String>
        switch action {
        case "stop": reached = ["STOPPED"]
        case "start": reached = ["RUNNING", "CREATED"]
        case "remove": reached = ["REMOVED"]
        default: return .notDone
        }
        do {
            let job = try await job(id: id)
            // Devo said yes (a 2xx whose body was cut): the job as it is now is the answer,
            // whatever its status (stop answers a COMPLETED job 200, unchanged).
            var saidYes = false
            if case .invalidResponse(_, let status, _) = error, (200..<300).contains(status) { saidYes = true }
            guard saidYes || reached.contains(job.status.apiValue) else { return .notDone }
            configuration.log?("devo: \(action) \(id): no usable answer, but the job is \(job.status.apiValue): "
                + "the action was done")
            return .done(job)
        } catch .jobNotFound where action == "remove" {
            // Devo deletes removed jobs: gone after an attempt that may have removed it.
            return .done(DevoJob(id: id, status: .removed))
        } catch {
            return .unknown(error)
        }
    }

    /// A refusal that may be our own earlier attempt's doing, when the job could not be read
    /// to tell: say so, so that an account never calls such a job plainly failed.
    static func outcomeUnknown(_ error: DevoError, action: String, readError: DevoError) -> DevoError {
        let note = "an earlier attempt may have done the \(action) (the reply was lost), and reading the job "
            + "back failed too"
        switch error {
        case .illegalStateChange(var detail):
            detail.details.append(note)
            return .illegalStateChange(detail)
        case .jobNotFound(var detail):
            detail.details.append(note)
            return .jobNotFound(detail)
        default:
            return error
        }
    }

    /// Whether the last attempt's failure leaves open whether Devo did the action: a 2xx
    /// with a garbled body (it said yes), no reply in time, a connection lost after sending,
    /// or a 5xx.
    static func leavesActionUnknown(_ error: DevoError) -> Bool {
        switch error {
        case .invalidResponse(_, let status, _): return (200..<300).contains(status)
        case .timeout: return true
        case .connectionFailed(_, let reason, _): return !reason.hasPrefix("cannot connect") && !reason.hasPrefix("TLS failure")
        case .server(let detail): return detail.httpStatus >= 500
        default: return false
        }
    }

    /// Sends one request with retries and returns the envelope's `object`, still unparsed.
    private func perform(_ context: DevoRequestContext, body: [UInt8], kind: RetryPolicy.RequestKind)
        async throws(DevoError) -> ReplyObject? {
        var mayHaveActed = false
        return try await perform(context, body: body, kind: kind, pacer: nil, mayHaveActed: &mayHaveActed)
    }

    /// `mayHaveActed` becomes true when a failed attempt may have been carried out anyway
    /// (see `RetryPolicy.mayHaveActed`).
    private func perform(_ context: DevoRequestContext, body: [UInt8], kind: RetryPolicy.RequestKind,
                         pacer: RequestPacer?, mayHaveActed: inout Bool) async throws(DevoError) -> ReplyObject? {
        let policy = RetryPolicy(retries: max(0, configuration.retries), baseDelay: configuration.retryBaseDelay,
                                 maxDelay: configuration.maxRetryDelay)
        let maxAttempts = policy.retries + 1
        var attempt = 0
        while true {
            attempt += 1
            if Task.isCancelled { throw .cancelled(context) }
            var ticket: RequestPacer.Ticket?
            if let pacer {
                do {
                    ticket = try await pacer.admit(startsWork: attempt == 1)
                } catch {
                    throw .cancelled(context)
                }
                if ticket == nil { throw .cancelled(context) }
            }
            let request = HTTPRequest(
                method: context.method, url: configuration.endpoint.url(path: context.path),
                headers: signer.headers(body: body, timestampMillis: hooks.currentTimeMillis()),
                body: body, timeout: configuration.timeout)
            sentRequestCount.withLock { $0 += 1 }
            let started = ContinuousClock.now
            // Log lines are only built when there is a log (the bulk path sends thousands of requests).
            let attemptText = { "attempt \(attempt)/\(maxAttempts)" }

            let retryDelay: Double
            do {
                let response: HTTPResponse
                do {
                    response = try await transport.send(request)
                } catch {
                    if let pacer, let ticket { pacer.finish(ticket, DevoClient.paceOutcome(of: error)) }
                    throw error
                }
                if let pacer, let ticket { pacer.finish(ticket, DevoClient.paceOutcome(of: response)) }
                let outcome = DevoReply.interpret(response, context: context)
                let summary = {
                    "\(response.statusCode) (\(self.milliseconds(since: started)) ms)"
                        + (outcome.cid.map { " cid=\($0)" } ?? "") + " \(attemptText())"
                }
                switch outcome.result {
                case .success(let object):
                    log(context, summary())
                    return object
                case .failure(let error):
                    guard attempt < maxAttempts, policy.shouldRetry(httpStatus: response.statusCode, kind: kind) else {
                        log(context, summary())
                        throw error
                    }
                    if policy.mayHaveActed(httpStatus: response.statusCode) { mayHaveActed = true }
                    retryDelay = policy.delay(afterAttempt: attempt, retryAfter: error.serverError?.retryAfter,
                                              jitter: hooks.jitter())
                    log(context, summary() + "; retrying in \(formatDelay(retryDelay)) s")
                }
            } catch let error as DevoError {
                throw error
            } catch {
                let failure = DevoClient.transportError(error)
                let summary = { "\(failure) (\(self.milliseconds(since: started)) ms) \(attemptText())" }
                guard attempt < maxAttempts, policy.shouldRetry(failure, kind: kind) else {
                    log(context, summary())
                    throw DevoClient.devoError(for: failure, context: context, timeout: configuration.timeout,
                                               attempts: attempt)
                }
                if policy.mayHaveActed(after: failure) { mayHaveActed = true }
                retryDelay = policy.delay(afterAttempt: attempt, retryAfter: nil, jitter: hooks.jitter())
                log(context, summary() + "; retrying in \(formatDelay(retryDelay)) s")
            }

            do {
                try await hooks.sleep(retryDelay)
            } catch {
                throw .cancelled(context)
            }
        }
    }

    private func log(_ context: DevoRequestContext, _ outcome: @autoclosure () -> String) {
        // Method and path only: headers (key, signature, token) and bodies are never logged.
        guard let log = configuration.log else { return }
        log("devo: \(context.method) \(context.path) -> \(outcome())")
    }

    private func milliseconds(since start: ContinuousClock.Instant) -> Int64 {
        let elapsed = ContinuousClock.now - start
        return elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
    }

    private func formatDelay(_ seconds: Double) -> String {
        String(format: "%.3g", seconds)
    }

    /// What an answer tells the pace: 429 and 503 are the server asking for less.
    static func paceOutcome(of response: HTTPResponse) -> RequestPacer.Outcome {
        switch response.statusCode {
        case 429, 503: .refused(retryAfter: DevoReply.retryAfterSeconds(response))
        default: .answered
        }
    }

    /// A timeout is the server (or the way to it) not keeping up; other failures say nothing.
    static func paceOutcome(of error: any Error) -> RequestPacer.Outcome {
        transportError(error) == .timedOut ? .refused(retryAfter: nil) : .lost
    }

    /// Any error a transport throws, as an `HTTPTransportError` (stubs may throw others).
    static func transportError(_ error: any Error) -> HTTPTransportError {
        if let error = error as? HTTPTransportError { return error }
        if error is CancellationError { return .cancelled }
        return .other(String(describing: error))
    }

    static func devoError(for failure: HTTPTransportError, context: DevoRequestContext, timeout: Double,
                          attempts: Int) -> DevoError {
        switch failure {
        case .timedOut: return .timeout(context, seconds: timeout, attempts: attempts)
        case .cancelled: return .cancelled(context)
        default: return .connectionFailed(context, reason: failure.description, attempts: attempts)
        }
    }

    /// Job ids are opaque: everything but unreserved ASCII (RFC 3986) is percent-encoded, so an
    /// id containing `/`, `?` or spaces stays one path segment.
    static func percentEncodePathSegment(_ segment: String) -> String {
        func isUnreserved(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                return true
            default:
                return false
            }
        }
        // Devo's ids (UUIDs) need no encoding: the common case returns the string as it is.
        if segment.utf8.allSatisfy(isUnreserved) { return segment }
        let hexDigits = Array("0123456789ABCDEF".utf8)
        var encoded: [UInt8] = []
        for byte in segment.utf8 {
            if isUnreserved(byte) {
                encoded.append(byte)
            } else {
                encoded += [UInt8(ascii: "%"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: encoded, as: UTF8.self)
    }
}
