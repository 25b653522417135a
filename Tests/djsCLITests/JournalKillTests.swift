#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

/// A bulk stop killed with SIGKILL at different points of its run. After each kill, the
/// journal and the simulator's request log agree job by job: every job the simulator
/// stopped is in the journal as done or unknown, and no job is marked done that the
/// simulator did not stop. Then `djs resume` finishes the run, and in the end every job was
/// stopped exactly once.
///
/// `swift test` runs a short version (500 jobs, 3 kills); `scripts/journal-kill-test.sh`
/// runs the full one (5,000 jobs, 20 kills) through `JOURNAL_KILL_JOBS` and
/// `JOURNAL_KILL_ROUNDS`. Kill points are spread over the run: round k of n kills at a
/// random instant within the k-th n-th of the time an uninterrupted run takes.
@Suite(.serialized) struct JournalKillTests {
    typealias Leak = SecretLeakCLITests

    static func setting(_ name: String, _ fallback: Int) -> Int {
        ProcessInfo.processInfo.environment[name].flatMap { Int($0) } ?? fallback
    }
    static let jobs = setting("JOURNAL_KILL_JOBS", 500)
    static let rounds = setting("JOURNAL_KILL_ROUNDS", 3)
    /// Milliseconds the simulator waits before each answer, so that a run lasts long enough
    /// to be killed half-way on a fast machine.
    static let latency = setting("JOURNAL_KILL_LATENCY_MS", 2)

    @Test func aKilledBulkStopIsAccountedForAndResumedExactlyOnce() throws {
        let calibration = try Round(seed: 1000)
        let uninterrupted = try calibration.run(killAfter: nil)
        #expect(uninterrupted.killed == false)
        #expect(uninterrupted.journal.values.allSatisfy { $0 == "done" }, "an uninterrupted run is all done")
        let duration = max(uninterrupted.sendingTime, 0.05)
        print("journal-kill: \(Self.jobs) jobs, uninterrupted stop took \(Int(duration * 1000)) ms after its intents")

        var kills = 0
        var attempts = 0
        var retries = 0
        while kills < Self.rounds, attempts < Self.rounds * 3 {
            attempts += 1
            // Kill k lands within the k-th slice of the run; a retry (the run ended first) aims earlier.
            let slice = Double(kills) + Double.random(in: 0..<1)
            let delay = duration * slice / Double(Self.rounds) * pow(0.5, Double(retries))
            let round = try Round(seed: UInt64(attempts))
            let result = try round.run(killAfter: delay)
            guard result.killed else {
                print("journal-kill: the run ended before the kill at \(Int(delay * 1000)) ms; trying earlier")
                retries += 1
                continue
            }
            kills += 1
            retries = 0
            print("journal-kill: kill \(kills)/\(Self.rounds) after \(Int(delay * 1000)) ms: " + result.summary)
        }
        #expect(kills == Self.rounds, "every round killed a run that was still going")
    }

    /// Starts djs with `arguments` and returns once its journal holds `count` intent lines
    /// (a bulk call writes them all before its first request).
    static func launch(_ arguments: [String], environment: [String: String], waitingForIntents count: Int,
                       in journalDirectory: String) throws -> Process {
        let process = Process()
        process.executableURL = DJSProcess.binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let lastIntent = "\"seq\":\(count),"
        func written() -> Bool {
            guard let name = try? FileManager.default.contentsOfDirectory(atPath: journalDirectory).first,
                  let text = try? String(contentsOfFile: journalDirectory + "/" + name, encoding: .utf8) else { return false }
            return text.contains(lastIntent)
        }
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            // Checked once more after the process ends: a quick run may finish between two looks.
            let running = process.isRunning
            if written() { return process }
            if !running { break }
            usleep(500)
        }
        process.terminate()
        throw Leak.SetupError(message: "djs did not write its \(count) intent lines")
    }

    /// One simulator with its request log, one djs run stopping `jobs` RUNNING jobs.
    struct Round {
        let home: Leak.Home
        let simulator: Leak.Simulator
        let log: URL

        init(seed: UInt64) throws {
            home = try Leak.Home()
            log = URL(fileURLWithPath: home.path + "/requests.log")
            // About 35% of seeded jobs are RUNNING; --speed 0 keeps them from completing (or
            // failing) on their own meanwhile, so that every one of them needs its stop.
            simulator = try Leak.Simulator(["--jobs", "\(JournalKillTests.jobs * 3 + 300)", "--seed", "\(seed)", "--speed", "0",
                                            "--latency", "\(JournalKillTests.latency)"], requestLog: log)
        }

        var environment: [String: String] {
            home.environment.merging(["DEVO_API_ADDRESS": simulator.address, "DEVO_API_KEY": Leak.key,
                                      "DEVO_API_SECRET": Leak.secret, "DEVO_API_TOKEN": "", "DEVO_API_JWT": ""]) { $1 }
        }

        struct Result {
            var killed: Bool
            /// Seconds from the last intent line to the end of the run (uninterrupted runs).
            var sendingTime: Double
            /// Outcome by job, as `djs journal RUN` reads it back after the kill.
            var journal: [String: String]
            var summary: String
        }

        /// Runs the bulk stop, kills it `killAfter` seconds after its intents are written
        /// (nil: lets it finish), checks the journal against the request log, resumes, and
        /// checks that every job was stopped exactly once.
        func run(killAfter: Double?) throws -> Result {
            defer { simulator.stop() }
            let jobs = JournalKillTests.jobs
            let script = """
                let running = [for j in jobs() where j.status == "RUNNING"]
                let targets = []
                for j in running < if len(targets) < \(jobs) < push(targets, j) > >
                stop(targets)
                """
            let process = try JournalKillTests.launch(["--concurrency", "8", "-e", script], environment: environment,
                                                      waitingForIntents: jobs, in: home.path + "/state/djs/journal")
            let intentsWritten = Date()
            if let killAfter {
                usleep(useconds_t(killAfter * 1_000_000))
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            }
            process.waitUntilExit()
            let sendingTime = Date().timeIntervalSince(intentsWritten)
            // The run may end on its own between the isRunning check and the signal: only a run
            // that the signal ended counts as killed; any other end must be a clean exit.
            let killed = process.terminationReason == .uncaughtSignal
            if !killed { #expect(process.terminationStatus == 0) }
            // Requests already on their way are answered (and logged) by the simulator.
            usleep(useconds_t((Double(JournalKillTests.latency) / 1000 + 0.5) * 1_000_000))

            let stoppedAtKill = stops()
            let journal = try readJournal()
            try #require(journal.count == jobs, "one journal entry per job")
            var unknownButStopped = 0
            for (job, count) in stoppedAtKill {
                #expect(count == 1, "job \(job) was stopped \(count) times by one run")
                let outcome = journal[job]
                #expect(outcome == "done" || outcome == "unknown",
                        "the simulator stopped \(job) but the journal says \(outcome ?? "nothing")")
                if outcome == "unknown" { unknownButStopped += 1 }
            }
            for (job, outcome) in journal {
                #expect(outcome == "done" || outcome == "unknown", "\(job) is \(outcome) without any fault")
                if outcome == "done" { #expect(stoppedAtKill[job] != nil, "\(job) is done in the journal but was never stopped") }
            }
            let done = journal.values.filter { $0 == "done" }.count

            let resume = try DJSProcess.run(["resume"], environment: environment, timeout: 300)
            #expect(resume.exitCode == 0, "resume: \(resume.stderr)")
            let stoppedInTheEnd = stops()
            for job in journal.keys {
                #expect(stoppedInTheEnd[job] == 1, "job \(job) was stopped \(stoppedInTheEnd[job] ?? 0) times in all")
            }
            #expect(stoppedInTheEnd.count == jobs, "no job outside the run was stopped")
            let listing = try DJSProcess.run(["-e", "for j in jobs() < print(j.id, j.status) >"], environment: environment)
            let statuses = Dictionary(listing.stdout.split(separator: "\n").map { line -> (String, String) in
                let parts = line.split(separator: " ")
                return (String(parts.first ?? ""), String(parts.last ?? ""))
            }, uniquingKeysWith: { first, _ in first })
            let stoppedNow = journal.keys.filter { statuses[$0] == "STOPPED" }.count
            #expect(stoppedNow == jobs, "every job of the run is STOPPED in the end")
            let once = journal.keys.filter { stoppedInTheEnd[$0] == 1 }.count
            let resumed = stoppedInTheEnd.count - stoppedAtKill.count
            let summary = "the simulator had stopped \(stoppedAtKill.count) jobs; the journal had \(done) done and "
                + "\(jobs - done) unknown (\(unknownButStopped) of those stopped); resume sent \(resumed) stops; "
                + "in the end \(stoppedNow) of \(jobs) STOPPED, \(once) stopped exactly once"
            return Result(killed: killed, sendingTime: sendingTime, journal: journal, summary: summary)
        }

        /// Stop requests the simulator answered with 200, by job id.
        func stops() -> [String: Int] {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            var counts: [String: Int] = [:]
            for line in text.split(separator: "\n") {
                let parts = line.split(separator: " ")
                guard parts.count >= 3, parts[0] == "GET", parts[1].hasPrefix("/search/job/stop/"), parts[2] == "200" else { continue }
                counts[String(parts[1].dropFirst("/search/job/stop/".count)), default: 0] += 1
            }
            return counts
        }

        struct Row: Decodable {
            var job: String?
            var outcome: String
            var action: String
        }

        /// The run's outcome per job, read back by `djs journal RUN --format jsonl`.
        func readJournal() throws -> [String: String] {
            let listing = try DJSProcess.run(["journal", "--format", "jsonl"], environment: environment)
            let runs = listing.stdout.split(separator: "\n")
            try #require(runs.count == 1, "one run in the journal: \(listing.stdout)\(listing.stderr)")
            struct Run: Decodable { var run: String }
            let run = try JSONDecoder().decode(Run.self, from: Data(runs[0].utf8)).run
            let shown = try DJSProcess.run(["journal", run, "--format", "jsonl"], environment: environment)
            var outcomes: [String: String] = [:]
            for line in shown.stdout.split(separator: "\n") {
                let row = try JSONDecoder().decode(Row.self, from: Data(line.utf8))
                #expect(row.action == "stop")
                if let job = row.job { outcomes[job] = row.outcome }
            }
            return outcomes
        }
    }
}
