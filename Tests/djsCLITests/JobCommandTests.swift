import Foundation
import Testing

/// The job built-ins from the real binary on `--sim`: the examples, exit codes, `--format`,
/// `--dry-run`, and the REPL's confirmation before a bulk change.
@Suite struct JobCommandTests {
    static let examples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/examples")

    /// Each example runs against the embedded simulator, ends with 0 and says what it did.
    @Test(arguments: [
        ("stop-idle.djs", #"(stopped \d+ jobs|no running job has been idle)"#),
        ("restart-errored.djs", #"\d+ stopped jobs have errors; \d+ match"#),
        ("remove-old-completed.djs", #"\d+ completed jobs ended before"#),
        ("launch-and-wait.djs", #"job [0-9a-f-]+ is COMPLETED: \d+ events sent"#),
        ("report.djs", #"\d+ jobs\nstatus +jobs\n"#),
    ])
    func examplesRunOnTheSimulator(_ name: String, _ expected: String) throws {
        let path = Self.examples.appendingPathComponent(name).path
        let result = try DJSProcess.run(["--sim", "--sim-jobs", "40", path])
        #expect(result.exitCode == 0, "\(name): \(result.stderr)")
        #expect(result.stderr == "")
        #expect(result.stdout.range(of: expected, options: .regularExpression) != nil, "\(name) printed:\n\(result.stdout)")
    }

    @Test func everyExampleIsCovered() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.examples.path).filter { $0.hasSuffix(".djs") }
        #expect(files.sorted() == ["launch-and-wait.djs", "remove-old-completed.djs", "report.djs",
                                   "restart-errored.djs", "stop-idle.djs"])
    }

    @Test func dryRunPlansAndChangesNothing() throws {
        // The simulator moves jobs by itself (a job can complete, or stop with an error), so
        // "nothing changed" means: no job planned for a stop is STOPPED without an error.
        let result = try DJSProcess.run(["--sim", "--sim-jobs", "60", "--dry-run", "-e", """
            let planned = stop([for j in jobs() where j.status == "RUNNING"])
            print(len([for j in refresh(planned) where j.status == "STOPPED" and len(j.error) == 0]))
            """])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stderr.contains("dry-run: would stop job "))
        #expect(result.stderr.contains("; nothing was changed\n"))
        #expect(result.stdout == "0\n", "the plan goes to standard error")
    }

    @Test func aDryRunRefusesALaunchTheClientWouldRefuse() throws {
        // Devo code 205: the four aws.* parameters of an s3 destination are all or none.
        let result = try DJSProcess.run(["--sim", "--dry-run", "-e", """
            query("from t", from: 1h, dest: s3(bucket: "b", region: "eu-west-1"))
            """])
        #expect(result.exitCode == 70)
        #expect(result.stderr.contains("(Devo code 205)"), "\(result.stderr)")
        #expect(!result.stderr.contains("would launch"))
        let fine = try DJSProcess.run(["--sim", "--dry-run", "-e", "query(\"from t\", from: 1h, dest: s3()).status"])
        #expect(fine.exitCode == 0, "\(fine.stderr)")
        #expect(fine.stderr.contains("dry-run: would launch a s3 query job"))
    }

    @Test func unhandledBulkFailuresExitNonZero() throws {
        // The second stop of the same jobs meets stopped ones, which Devo refuses (code 108).
        let result = try DJSProcess.run(["--sim", "--sim-jobs", "40", "-e", """
            let all = jobs()
            try < stop(all) > catch first < >
            stop(all)
            """])
        #expect(result.exitCode == 70)
        #expect(result.stderr.range(of: #"<-e>:3:1: error: stop\(\): \d+ of 40 jobs failed \(\d+ stopped\)"#,
                                    options: .regularExpression) != nil, "\(result.stderr)")
        // Standard error is not a terminal: no progress line.
        #expect(!result.stderr.contains("\r"))
    }

    @Test func formatJSONPrintsMachineReadableJobs() throws {
        let result = try DJSProcess.run(["--sim", "--format", "json", "-e", "print(jobs())"])
        #expect(result.exitCode == 0)
        let parsed = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]
        #expect(parsed?.count == 12)
        #expect(parsed?.allSatisfy { $0["id"] is String && $0["status"] is String } == true)
    }

    @Test func formatJSONLinesPrintsOneJobPerLine() throws {
        let result = try DJSProcess.run(["--sim", "--format", "jsonl", "-e", "print(jobs())"])
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 12)
        #expect(lines.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) is [String: Any] })
    }

    @Test func badJobOptionsAreUsageErrors() throws {
        for arguments in [["--format", "yaml"], ["--concurrency", "0"], ["--concurrency", "many"],
                          ["--rate", "0"], ["--rate", "fast"], ["--rate", "-5"], ["--rate"]] {
            let result = try DJSProcess.run(arguments + ["-e", "1"])
            #expect(result.exitCode == 64, "\(arguments)")
            #expect(result.stderr.hasPrefix("djs: --"), "\(arguments): \(result.stderr)")
        }
    }

    @Test func rateAndConcurrencyCapABulkCall() throws {
        let result = try DJSProcess.run(["--sim", "--sim-jobs", "30", "--concurrency", "3", "--rate", "200",
                                         "-e", "print(len(refresh(jobs())))"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout == "30\n")
    }

    @Test func theREPLAsksBeforeABulkChangeAndHonoursNo() throws {
        // Counted: jobs stopped without an error. The simulator's jobs move on while the test
        // runs (a running job may complete, or fail and stop with an error), so the number of
        // RUNNING jobs is not stable from one listing to the next; only a stop request makes a
        // job STOPPED with no error.
        let result = try DJSProcess.run(["-i", "--sim", "--sim-jobs", "40"], stdin: """
            let before = len([for j in jobs() where j.status == "STOPPED" and len(j.error) == 0])
            stop([for j in jobs() where j.status == "RUNNING"])
            n
            len([for j in jobs() where j.status == "STOPPED" and len(j.error) == 0]) == before
            """)
        #expect(result.exitCode == 0)
        #expect(result.stderr.range(of: #"  [0-9a-f-]+ \(RUNNING\)\n(.*\n)*stop \d+ jobs\? \[y/N\] "#,
                                    options: .regularExpression) != nil, "\(result.stderr)")
        #expect(result.stderr.contains("error: stop(): cancelled; no job was stopped"))
        #expect(result.stdout == "true\n")
    }

    @Test func theREPLChangesJobsWhenConfirmedAndYesSkipsTheQuestion() throws {
        let confirmed = try DJSProcess.run(["-i", "--sim", "--sim-jobs", "40"], stdin: """
            let running = [for j in jobs() where j.status == "RUNNING"]
            len(stop(running)) == len(running)
            y
            len([for j in jobs() where j.status == "RUNNING"])
            """)
        #expect(confirmed.stdout == "true\n0\n", "\(confirmed.stderr)")
        #expect(confirmed.stderr.contains("? [y/N] "))
        let skipped = try DJSProcess.run(["-i", "--sim", "--yes"], stdin: """
            len(stop([for j in jobs() where j.status == "RUNNING"])) >= 0
            len([for j in jobs() where j.status == "RUNNING"])
            """)
        #expect(skipped.stdout == "true\n0\n")
        #expect(!skipped.stderr.contains("[y/N]"))
    }

    @Test func theREPLsMetaCommandsDriveFormatDryRunAndRequestCounts() throws {
        let result = try DJSProcess.run(["-i", "--sim"], stdin: """
            :dry-run on
            stop(jobs())
            :dry-run off
            :timing on
            len(jobs())
            :timing off
            :format jsonl
            job(jobs()[0].id).id == jobs()[0].id
            """)
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("dry-run is on\n"))
        #expect(result.stderr.contains("dry-run: would stop 12 of 12 jobs; nothing was changed"))
        #expect(!result.stderr.contains("[y/N]"))  // nothing would change: no question
        #expect(result.stdout.contains("12\n"))
        #expect(result.stderr.contains(", requests: 1\n"), "\(result.stderr)")
        #expect(result.stdout.hasSuffix("format is jsonl\ntrue\n"))
    }

    @Test func theREPLEchoesJobsAsATableAndOneJobAsARecord() throws {
        let result = try DJSProcess.run(["-i", "--sim"], stdin: """
            jobs()
            job(jobs()[0].id)
            """)
        #expect(result.exitCode == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first?.hasPrefix("id ") == true && lines.first?.contains("status") == true)
        #expect(lines.count >= 13 + 14)
        #expect(lines[13].hasPrefix("id:") && lines[14].hasPrefix("status:"), "\(result.stdout)")
    }
}
