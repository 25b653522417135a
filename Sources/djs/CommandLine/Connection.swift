import DJS
import DJSClient
import DJSJobs
import DevoSim
import Foundation

/// How this run reaches Devo: the embedded simulator (`--sim`) or a configuration resolved
/// from flags, environment and config files. Built before the interpreter starts; the
/// client itself is created lazily on the first job call.
struct Connection: Sendable {
    let flags: DevoConnectionFlags
    let environment: [String: String]
    let verbose: Bool
    /// Requests a bulk call keeps in flight; the client gets at least as many connections.
    let concurrency: Int
    /// Set with `--sim`: the simulator running inside this process.
    let embedded: DevoSimulator.Embedded?

    static func open(_ options: CommandLineOptions) throws -> Connection {
        var embedded: DevoSimulator.Embedded?
        if options.useSimulator {
            embedded = try DevoSimulator.embedded(jobs: options.simulatorJobs, seed: options.simulatorSeed,
                                                  speed: options.simulatorSpeed)
        }
        return Connection(flags: options.connection, environment: ProcessInfo.processInfo.environment,
                          verbose: options.verbose, concurrency: options.concurrency, embedded: embedded)
    }

    /// A job service for an interpreter whose Ctrl-C flag is `interrupt`.
    func jobService(interrupt: InterruptFlag) -> LazyJobService {
        LazyJobService { ClientJobService(client: DevoClient(configuration: try configuration()), interrupt: interrupt) }
    }

    /// The job service an interpreter uses: `live` makes the changes (journaled unless the
    /// journal is off), `lazy` is the connection under it (for counting requests).
    struct AttachedService {
        let live: JobService
        let lazy: LazyJobService
    }

    /// Binds `interpreter`'s job built-ins to this connection, with the command line's job
    /// options (format, concurrency, dry-run, a progress line on a terminal), journaling
    /// the changes of `script` (its path, `-e`, `<stdin>` or `REPL`). Answers the service
    /// so that the REPL can count requests and switch dry-run on and off.
    @discardableResult
    func attach(to interpreter: Interpreter, options: CommandLineOptions, script: String) -> AttachedService {
        let service = jobService(interrupt: interpreter.interrupt)
        let live: JobService = journal(script: script).map { JournalingJobService(wrapping: service, recorder: $0) } ?? service
        interpreter.jobService = options.dryRun ? DryRunJobService(wrapping: live, notices: interpreter.noticeWriter) : live
        interpreter.jobOptions.concurrency = options.concurrency
        interpreter.jobOptions.rate = options.rate
        interpreter.outputFormat = options.format
        if !options.wide { interpreter.tableWidth = { TerminalWidth.current() } }
        // Warnings are notices: on standard error, after what was printed, never through
        // FileHandle (which stops the process when standard error is full).
        let notice = interpreter.noticeWriter
        interpreter.jobOptions.warn = { line in notice("djs: " + line + "\n") }
        if StandardStreams.errorIsTerminal { interpreter.jobOptions.progress = ProgressLine() }
        return AttachedService(live: live, lazy: service)
    }

    /// The recorder of this run's changes; nil with `--sim` (the embedded simulator's jobs
    /// end with the process: there is nothing to resume or undo), with `DJS_JOURNAL=off`,
    /// or when the environment names no home for it.
    func journal(script: String, kind: JournalRunKind = .script) -> JournalRecorder? {
        guard embedded == nil, !JournalDirectory.isDisabled(environment: environment),
              let directory = JournalDirectory(environment: environment) else { return nil }
        return JournalRecorder(directory: directory, script: script, kind: kind, version: DJSVersion.text,
                               origin: { try origin() }, warn: { StandardStreams.writeError($0 + "\n") })
    }

    /// Where changes go, for the journal: the API address and profile, never a credential.
    func origin() throws -> JournalOrigin {
        if let embedded { return JournalOrigin(address: embedded.baseURL, profile: nil) }
        let resolved = try resolve(printingWarnings: false)
        return JournalOrigin(address: resolved.configuration.endpoint.baseURL, profile: resolved.profile)
    }

    /// The resolved client configuration; problems become `JobServiceError`s for people.
    func configuration() throws -> DevoClientConfiguration {
        var configuration = try baseConfiguration()
        configuration.maxConcurrentConnections = max(configuration.maxConcurrentConnections, concurrency)
        return configuration
    }

    private func baseConfiguration() throws -> DevoClientConfiguration {
        let log: (@Sendable (String) -> Void)? = verbose ? { @Sendable line in StandardStreams.writeError("djs: " + line + "\n") } : nil
        if let embedded {
            do {
                var configuration = DevoClientConfiguration(endpoint: try DevoEndpoint(address: embedded.baseURL),
                                                            credentials: .keySecret(key: embedded.apiKey, secret: embedded.apiSecret),
                                                            log: log)
                configuration.pragmas = DevoQueryPragmas(environment: environment)
                return configuration
            } catch {
                throw JobServiceError("the embedded simulator's address was refused: \(error)")
            }
        }
        return try resolve(printingWarnings: true, log: log).configuration
    }

    private func resolve(printingWarnings: Bool, log: (@Sendable (String) -> Void)? = nil) throws -> DevoResolvedConfiguration {
        do {
            let resolved = try DevoConfigurationResolver(flags: flags, environment: environment).resolve(log: log)
            if printingWarnings {
                for warning in resolved.warnings { StandardStreams.writeError("djs: " + warning + "\n") }
            }
            return resolved
        } catch {
            throw JobServiceError(error.description)
        }
    }

    /// For `:env` and verbose output: where requests go and how they are authorized, never a secret.
    var summary: String {
        if let embedded {
            return "endpoint: \(embedded.baseURL) (embedded simulator, --sim-seed \(embedded.simulator.options.seed)), auth: key+secret"
        }
        guard let configuration = try? configuration() else { return "endpoint: none (no Devo connection configured)" }
        return "endpoint: \(configuration.endpoint), auth: \(configuration.credentials.methodName)"
    }
}
