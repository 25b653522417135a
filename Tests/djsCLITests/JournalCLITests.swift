import Foundation
import Testing

/// `djs journal`, `djs resume` and `djs undo` through the binary against `djs sim`, checked
/// against the simulator's request log: what each sends, what it refuses, and what it prints.
@Suite(.serialized) struct JournalCLITests {
    typealias Leak = SecretLeakCLITests
    typealias Kill = JournalKillTests

    /// A simulator with its request log and a throwaway home for the journal.
    final class Setup {
        let home: Leak.Home
        let simulator: Leak.Simulator
        let log: URL

        init(jobs: Int = 40, _ extra: [String] = []) throws {
            home = try Leak.Home()
            log = URL(fileURLWithPath: home.path + "/requests.log")
            // Jobs change only when asked: no progress, no completion, CREATED stays CREATED.
            simulator = try Leak.Simulator(["--jobs", "\(jobs)", "--seed", "3", "--speed", "0", "--created-seconds", "3600"] + extra,
                                           requestLog: log)
        }

        deinit { simulator.stop() }

        var environment: [String: String] {
            home.environment.merging(["DEVO_API_ADDRESS": simulator.address, "DEVO_API_KEY": Leak.key,
                                      "DEVO_API_SECRET": Leak.secret, "DEVO_API_TOKEN": "", "DEVO_API_JWT": ""]) { $1 }
        }

        var journalDirectory: String { home.path + "/state/djs/journal" }

        func djs(_ arguments: [String], stdin: String? = nil, extra: [String: String] = [:]) throws -> DJSProcess.Result {
            try DJSProcess.run(arguments, stdin: stdin, environment: environment.merging(extra) { $1 })
        }

        /// The requests the simulator logged, as "GET /search/job/stop/ID 200".
        func requests(_ prefix: String) -> [String] {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            return text.split(separator: "\n").map(String.init).filter { $0.hasPrefix("GET " + prefix) }
        }

        func ids(_ status: String) throws -> [String] {
            let run = try djs(["-e", "for j in jobs() where j.status == \"\(status)\" < print(j.id) >"])
            return run.stdout.split(separator: "\n").map(String.init)
        }

        func runFiles() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: journalDirectory)) ?? []).sorted()
        }
    }

    @Test func aBulkStopIsListedAndShownJobByJobInEveryFormat() throws {
        let setup = try Setup()
        let running = try setup.ids("RUNNING")
        try #require(running.count > 5)
        let stop = try setup.djs(["-e", "stop([for j in jobs() where j.status == \"RUNNING\"])"])
        #expect(stop.exitCode == 0, "\(stop.stderr)")

        let files = setup.runFiles()
        try #require(files.count == 1)
        let path = setup.journalDirectory + "/" + files[0]
        #expect((try FileManager.default.attributesOfItem(atPath: path))[.posixPermissions] as? Int == 0o600)
        #expect((try FileManager.default.attributesOfItem(atPath: setup.journalDirectory))[.posixPermissions] as? Int == 0o700)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        Leak.expectClean(text, "the journal")
        #expect(text.contains("\"address\":\"\(setup.simulator.address)\""))
        let run = String(files[0].dropLast(".jsonl".count))

        let listing = try setup.djs(["journal"])
        #expect(listing.exitCode == 0)
        let row = try #require(listing.stdout.split(separator: "\n").last)
        #expect(row.hasPrefix(run))
        #expect(row.contains("-e"))
        #expect(row.contains("stop \(running.count)"))

        let json = try setup.djs(["journal", "--format", "json"])
        #expect(json.stdout.hasPrefix("[{\"run\":\"\(run)\""))
        #expect(json.stdout.contains("\"done\":\(running.count),\"failed\":0,\"unknown\":0"))

        // One run, job by job: the same rows in each format.
        let table = try setup.djs(["journal", run])
        #expect(table.stdout.hasPrefix("seq  time"))
        #expect(table.stdout.split(separator: "\n").count == running.count + 1)
        #expect(table.stderr.contains("run \(run): -e against \(setup.simulator.address)"))
        let jsonl = try setup.djs(["journal", run, "--format", "jsonl"])
        let lines = jsonl.stdout.split(separator: "\n")
        #expect(lines.count == running.count)
        #expect(lines.allSatisfy { $0.contains("\"action\":\"stop\"") && $0.contains("\"before\":\"RUNNING\",\"outcome\":\"done\",\"after\":\"STOPPED\"") })
        #expect(Set(running) == Set(lines.compactMap { line in
            line.range(of: "\"job\":\"[^\"]+\"", options: .regularExpression).map { String(line[$0].dropFirst(7).dropLast()) }
        }))
        let csv = try setup.djs(["journal", "--format", "csv", String(run.prefix(17))])
        #expect(csv.stdout.hasPrefix("seq,time,action,job,before,outcome,after,for,detail\n1,"))
        let plain = try setup.djs(["journal", run, "--format", "text"])
        #expect(plain.stdout.hasPrefix("seq\ttime\taction\tjob"))
        let document = try setup.djs(["journal", run, "--format", "json"])
        #expect(document.stdout.hasPrefix("[{\"seq\":1,"))
    }

    /// A run file as a killed run leaves it: intents for four jobs, one outcome, a torn line.
    private func killedRun(_ setup: Setup, stop jobs: [String]) throws -> String {
        let run = "20261202-010203.000-abcd"
        var text = "{\"type\":\"run\",\"run\":\"\(run)\",\"time\":\"2026-12-02T01:02:03Z\",\"script\":\"/tmp/stop.djs\","
            + "\"kind\":\"script\",\"address\":\"\(setup.simulator.address)\"}\n"
        for (index, job) in jobs.enumerated() {
            text += "{\"type\":\"intent\",\"run\":\"\(run)\",\"seq\":\(index + 1),\"time\":\"2026-12-02T01:02:03.5Z\","
                + "\"action\":\"stop\",\"job\":\"\(job)\",\"before\":\"RUNNING\"}\n"
        }
        text += "{\"type\":\"outcome\",\"run\":\"\(run)\",\"seq\":1,\"time\":\"2026-12-02T01:02:04Z\",\"action\":\"stop\","
            + "\"job\":\"\(jobs[0])\",\"outcome\":\"done\",\"after\":\"STOPPED\"}\n"
        text += "{\"type\":\"outcome\",\"run\":\"\(run)\",\"seq\":2,\"ti"
        try FileManager.default.createDirectory(atPath: setup.journalDirectory, withIntermediateDirectories: true)
        try text.write(toFile: setup.journalDirectory + "/\(run).jsonl", atomically: false, encoding: .utf8)
        return run
    }

    @Test func resumeSendsOnlyTheActionsStillNeededAndIsJournaled() throws {
        let setup = try Setup()
        let running = try setup.ids("RUNNING")
        try #require(running.count >= 4)
        // Job 0 was stopped (done); job 1 was stopped but its outcome line was cut short;
        // jobs 2 and 3 were never reached.
        let targets = Array(running.prefix(4))
        _ = try setup.djs(["-e", "stop(\"\(targets[0])\"); stop(\"\(targets[1])\")", "--", ""], extra: ["DJS_JOURNAL": "off"])
        #expect(setup.runFiles().isEmpty, "DJS_JOURNAL=off writes no journal")
        let run = try killedRun(setup, stop: targets)

        let listing = try setup.djs(["journal"])
        #expect(listing.stdout.contains("stop 4"))
        #expect(listing.stdout.contains("last line cut short"))

        let dryRun = try setup.djs(["resume", "--dry-run"])
        #expect(dryRun.exitCode == 0)
        #expect(dryRun.stderr.contains("dry-run: would stop job \(targets[2])"))
        #expect(dryRun.stderr.contains("not needed, 1 jobs: already STOPPED"))
        #expect(setup.requests("/search/job/stop/").count == 2, "a dry run sends nothing")

        let resume = try setup.djs(["resume", String(run.prefix(15))])
        #expect(resume.exitCode == 0, "\(resume.stderr)")
        #expect(resume.stderr.contains("resumed: sent 2 of 2 jobs; journaled as run "))
        let stops = setup.requests("/search/job/stop/")
        #expect(stops.count == 4)
        for job in targets { #expect(stops.filter { $0.contains(job) }.count == 1, "\(job) stopped once") }

        let again = try setup.djs(["resume"])
        #expect(again.exitCode == 0)
        #expect(again.stderr.contains("nothing to resume"))
        #expect(setup.requests("/search/job/stop/").count == 4)

        let runs = try setup.djs(["journal", "--format", "csv"])
        let rows = runs.stdout.split(separator: "\n")
        #expect(rows.count == 3)
        #expect(rows[2].contains(",resume \(run),"))
        #expect(rows[2].contains(",stop 2,2,0,0,0,1,resume of \(run)"))
    }

    @Test func undoAsksRefusesOffATerminalAndReversesWithYes() throws {
        let setup = try Setup()
        let running = try setup.ids("RUNNING")
        let stopped = try setup.ids("STOPPED")
        try #require(running.count >= 3 && stopped.count >= 2)
        // The listing gives the journal each job's status before; stopping a STOPPED job fails.
        let script = """
            let all = jobs()
            stop(["\(running[0])", "\(running[1])"])
            remove("\(running[2])")
            start("\(stopped[0])")
            try < stop("\(stopped[1])") > catch e < print("failed as expected") >
            """
        let run = try setup.djs(["-e", script])
        #expect(run.exitCode == 0, "\(run.stderr)")
        #expect(run.stdout == "failed as expected\n")

        let refused = try setup.djs(["undo"])
        #expect(refused.exitCode == 64)
        #expect(refused.stderr.contains("not asking off a terminal: add --yes"))
        #expect(refused.stderr.contains("cannot undo: job \(running[2]): a removed job cannot be brought back"))
        #expect(refused.stderr.contains("left alone, 1 jobs: already STOPPED as before the run"))

        let plan = try setup.djs(["undo", "--dry-run"])
        #expect(plan.exitCode == 0)
        #expect(plan.stderr.contains("dry-run: would start job \(running[0]) (back to RUNNING): GET /search/job/start/\(running[0])"))
        #expect(plan.stderr.contains("dry-run: would stop job \(stopped[0]) (back to STOPPED)"))
        #expect(setup.requests("/search/job/start/").count == 1, "only the script's own start so far")

        let undo = try setup.djs(["undo", "--yes"])
        #expect(undo.exitCode == 0, "\(undo.stderr)")
        #expect(undo.stderr.contains("undone: 3 of 3 jobs; journaled as run "))
        #expect(Set(try setup.ids("RUNNING")).isSuperset(of: [running[0], running[1]]))
        #expect(try setup.ids("STOPPED").contains(stopped[0]))

        // The undo is a run of its own: undoing it stops the two jobs again.
        let redo = try setup.djs(["undo", "-y"])
        #expect(redo.exitCode == 0, "\(redo.stderr)")
        #expect(Set(try setup.ids("STOPPED")).isSuperset(of: [running[0], running[1]]))
        #expect(setup.runFiles().count == 3)
    }

    @Test func ctrlCLeavesJobsNotAttemptedThatResumeFinishes() throws {
        let setup = try Setup(jobs: 150, ["--latency", "20"])
        let running = try setup.ids("RUNNING")
        try #require(running.count > 20)
        let process = try Kill.launch(["--concurrency", "2", "-e", "stop([for j in jobs() where j.status == \"RUNNING\"])"],
                                      environment: setup.environment, waitingForIntents: running.count,
                                      in: setup.journalDirectory)
        process.interrupt()  // SIGINT, as Ctrl-C sends
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)

        let rows = try setup.djs(["journal", String(setup.runFiles()[0].dropLast(".jsonl".count)), "--format", "csv"])
        let notAttempted = rows.stdout.split(separator: "\n").filter { $0.contains(",not-attempted,") }
        #expect(notAttempted.count > 0, "\(rows.stdout)")
        let stops = setup.requests("/search/job/stop/")
        for row in notAttempted {
            let job = String(row.split(separator: ",")[3])
            #expect(!stops.contains { $0.contains(job) }, "\(job) is not-attempted but its stop was sent")
        }

        let resume = try setup.djs(["resume"])
        #expect(resume.exitCode == 0, "\(resume.stderr)")
        let all = setup.requests("/search/job/stop/")
        for job in running { #expect(all.filter { $0.contains(job) }.count == 1, "\(job) stopped once") }
        #expect(try setup.ids("RUNNING").isEmpty)
    }

    @Test func aREPLSessionIsOneRun() throws {
        let setup = try Setup(jobs: 20)
        let running = try setup.ids("RUNNING")
        try #require(running.count >= 2)
        let session = try setup.djs(["-i", "--yes"], stdin: "stop(\"\(running[0])\")\nstop(\"\(running[1])\")\n")
        #expect(session.exitCode == 0, "\(session.stderr)")
        let listing = try setup.djs(["journal", "--format", "jsonl"])
        #expect(listing.stdout.contains("\"script\":\"REPL\""))
        #expect(listing.stdout.contains("\"changes\":\"stop 2\",\"done\":2"))
    }

    @Test func resumeAndUndoRefuseAnotherDevoAndBadArguments() throws {
        let setup = try Setup(jobs: 8)
        let empty = try setup.djs(["resume"])
        #expect(empty.exitCode == 64)
        #expect(empty.stderr.contains("the journal is empty"))

        _ = try setup.djs(["-e", "stop([for j in jobs() where j.status == \"RUNNING\"])"])
        let elsewhere = try setup.djs(["undo", "--yes"], extra: ["DEVO_API_ADDRESS": "http://127.0.0.1:9"])
        #expect(elsewhere.exitCode == 64)
        #expect(elsewhere.stderr.contains("changed jobs at \(setup.simulator.address), but this connection goes to http://127.0.0.1:9"))
        #expect(setup.requests("/search/job/start/").isEmpty)

        let unknown = try setup.djs(["journal", "19990101"])
        #expect(unknown.exitCode == 64)
        #expect(unknown.stderr.contains("no run '19990101' in the journal"))
        let two = try setup.djs(["undo", "a", "b"])
        #expect(two.exitCode == 64)
        #expect(two.stderr.contains("undo takes one run id, got 'a' and 'b'"))
        let code = try setup.djs(["resume", "-e", "print(1)"])
        #expect(code.exitCode == 64)
        let simulator = try setup.djs(["undo", "--sim"])
        #expect(simulator.exitCode == 64)
        #expect(simulator.stderr.contains("--sim would start a new, empty simulator"))
    }

    @Test func aChangeIsRefusedWhenTheJournalCannotBeWritten() throws {
        let setup = try Setup(jobs: 8)
        let running = try setup.ids("RUNNING")
        try #require(!running.isEmpty)
        // A file where the state directory should be.
        let blocked = setup.home.path + "/blocked"
        _ = FileManager.default.createFile(atPath: blocked, contents: Data())
        let run = try setup.djs(["-e", "stop(\"\(running[0])\")"], extra: ["XDG_STATE_HOME": blocked])
        #expect(run.exitCode == 70)
        #expect(run.stderr.contains("cannot write the journal"))
        #expect(run.stderr.contains("nothing was sent"))
        #expect(setup.requests("/search/job/stop/").isEmpty)
    }
}
