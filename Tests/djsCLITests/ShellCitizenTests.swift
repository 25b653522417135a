import Foundation
import Testing

/// djs next to other command-line tools: one-liners echo their value, job subcommands
/// compose in pipelines, machine formats write only JSON, stdout errors are not success,
/// tables fit the terminal, options are spelt as people type them, and shells complete them.
@Suite(.serialized) struct ShellCitizenTests {
    typealias Leak = SecretLeakCLITests

    /// Runs a bash command line with the built `djs` first on PATH (and no COLUMNS).
    static func shell(_ command: String, environment: [String: String] = [:], stdin: String? = nil) throws -> DJSProcess.Result {
        let path = DJSProcess.binary.deletingLastPathComponent().path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        return try DJSProcess.run(["-c", command], stdin: stdin,
                                  environment: ["PATH": path, "COLUMNS": ""].merging(environment) { $1 },
                                  timeout: 120, executable: URL(fileURLWithPath: "/bin/bash"))
    }

    static var hasJq: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/jq") }

    /// Every non-empty line of `text` is one JSON document, read by Foundation's strict parser
    /// (top-level strings and numbers are JSON texts too, RFC 8259).
    static func expectJSONLines(_ text: String, _ context: String) {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            #expect(!line.isEmpty, "\(context): an empty line in JSON output")
            let parsed = try? JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed])
            #expect(parsed != nil, "\(context): not JSON: \(line)")
        }
        #expect(text.isEmpty || text.hasSuffix("\n"), "\(context): output does not end with a newline")
    }

    /// The environment that points djs at a `djs sim` running in the foreground.
    static func environment(_ simulator: Leak.Simulator, _ home: Leak.Home) -> [String: String] {
        home.environment.merging(["DEVO_API_ADDRESS": simulator.address, "DEVO_API_KEY": Leak.key,
                                  "DEVO_API_SECRET": Leak.secret, "DEVO_API_TOKEN": "", "DEVO_API_JWT": ""]) { $1 }
    }

    // MARK: One-liners

    @Test func dashEAndPipedCodeEchoAFinalExpression() throws {
        #expect(try DJSProcess.run(["-e", "1 + 2"]).stdout == "3\n")
        #expect(try DJSProcess.run(["-e", "let x = 1"]).stdout == "")
        #expect(try DJSProcess.run(["-e", "print(\"a\")"]).stdout == "a\n", "a call returning null shows nothing")
        #expect(try DJSProcess.run(["-e", "\"text\""]).stdout == "\"text\"\n", "as the REPL shows a string")
        #expect(try DJSProcess.run([], stdin: "print(1)\n[2, 3]\n").stdout == "1\n[2, 3]\n")
        #expect(try DJSProcess.run(["-o", "json", "-e", "{a: 1}"]).stdout == "{\"a\":1}\n")

        let listing = try DJSProcess.run(["--sim", "--sim-seed", "4", "-e", "jobs()"])
        #expect(listing.exitCode == 0)
        let lines = listing.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("id ") == true && lines.first?.contains("status") == true, "\(listing.stdout)")
        #expect(lines.count == 13, "a header and the 12 seeded jobs")

        // A script file prints only what it prints.
        let script = try DJSProcess.temporaryFile(Data("1 + 2\n".utf8))
        defer { try? FileManager.default.removeItem(at: script) }
        #expect(try DJSProcess.run([script.path]).stdout == "")
    }

    // MARK: Job subcommands

    /// `id → status` of every job, read through `djs jobs --format jsonl`.
    static func statuses(_ env: [String: String]) throws -> [String: String] {
        let listing = try shell("djs jobs --format jsonl", environment: env)
        expectJSONLines(listing.stdout, "djs jobs --format jsonl")
        return Dictionary(uniqueKeysWithValues: listing.stdout.split(separator: "\n").compactMap { line -> (String, String)? in
            guard let job = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any],
                  let id = job["id"] as? String, let status = job["status"] as? String else { return nil }
            return (id, status)
        })
    }

    @Test func theREADMEPipelineStopsTheFirstThreeRunningJobs() throws {
        let simulator = try Leak.Simulator(["--jobs", "40", "--seed", "11", "--speed", "0"])
        defer { simulator.stop() }
        let home = try Leak.Home()
        let env = Self.environment(simulator, home)

        let listing = try Self.shell("djs jobs --status RUNNING --format jsonl", environment: env)
        #expect(listing.exitCode == 0, "\(listing.stderr)")
        Self.expectJSONLines(listing.stdout, "djs jobs --status RUNNING --format jsonl")
        let running = listing.stdout.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
        try #require(running.count > 3, "the seeded jobs include more than three running ones")
        #expect(running.allSatisfy { $0["status"] as? String == "RUNNING" })
        let before = try Self.statuses(env)

        // With jq as the issue writes it; without, the JSON lines themselves (each has an "id").
        let extract = Self.hasJq ? " | jq -r .id" : ""
        let pipeline = try Self.shell("djs jobs --status RUNNING --format jsonl\(extract) | head -3 | djs stop -", environment: env)
        #expect(pipeline.exitCode == 0, "\(pipeline.stderr)")
        // The table of the jobs after the stop: a header and three STOPPED rows.
        let rows = pipeline.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: " ").map(String.init) }
        try #require(rows.count == 3, "\(pipeline.stdout)")
        #expect(rows.allSatisfy { $0[1] == "STOPPED" })
        let stopped = Set(rows.map { $0[0] })

        let after = try Self.statuses(env)
        for id in stopped {
            #expect(after[id] == "STOPPED")
            #expect(before[id] == "RUNNING" || before[id] == "CREATED", "\(id) was running (or about to) before: \(before[id] ?? "?")")
        }
        for (id, status) in before where status == "RUNNING" && !stopped.contains(id) {
            #expect(after[id] != "STOPPED", "\(id) was not among the three and was not stopped")
        }
    }

    @Test func jobSubcommandsFilterShowAndAccountForEveryJob() throws {
        let simulator = try Leak.Simulator(["--jobs", "30", "--seed", "3", "--speed", "0"])
        defer { simulator.stop() }
        let home = try Leak.Home()
        let env = Self.environment(simulator, home)

        // Filters: status (case-insensitive, comma-separated), type, name pattern, a where expression.
        let filtered = try DJSProcess.run(["jobs", "--status=running,stopped", "--type", "s3", "-o", "jsonl"], environment: env)
        #expect(filtered.exitCode == 0, "\(filtered.stderr)")
        Self.expectJSONLines(filtered.stdout, "filtered jobs")
        for line in filtered.stdout.split(separator: "\n") {
            #expect(line.contains("\"type\":\"s3\""))
            #expect(line.contains("\"status\":\"RUNNING\"") || line.contains("\"status\":\"STOPPED\""))
        }
        let named = try DJSProcess.run(["jobs", "--name", "^s3_", "--where", "j.eventsSent >= 0", "-o", "text"], environment: env)
        #expect(named.exitCode == 0, "\(named.stderr)")
        for line in named.stdout.split(separator: "\n").dropFirst() { #expect(line.split(separator: "\t")[3].hasPrefix("s3_")) }
        let badWhere = try DJSProcess.run(["jobs", "--where", "j.eventsSent >"], environment: env)
        #expect(badWhere.exitCode == 65)
        #expect(badWhere.stderr.contains("j.eventsSent >"), "the error shows the user's expression")

        // `djs job ID` shows one job; an unknown id fails with the language's error, no code shown.
        let all = try DJSProcess.run(["jobs", "-o", "jsonl"], environment: env)
        let id = try #require(all.stdout.split(separator: "\n").first.flatMap { line in
            ((try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any])?["id"] as? String
        })
        let one = try DJSProcess.run(["job", id, "--format", "json"], environment: env)
        #expect(one.exitCode == 0)
        #expect(one.stdout.hasPrefix("{\"id\":\"\(id)\""), "\(one.stdout)")

        // Per-job accounting: one unknown id among good ones; the good ones are acted on,
        // the run exits 70 and names the failure.
        let mixed = try DJSProcess.run(["remove", "--concurrency=2", id, "no-such-job"], environment: env)
        #expect(mixed.exitCode == 70)
        #expect(mixed.stderr.hasPrefix("djs remove: error: remove(): 1 of 2 jobs failed (1 removed)"), "\(mixed.stderr)")
        #expect(mixed.stderr.contains("note: remove job no-such-job: "))
        #expect(!mixed.stderr.contains("table("), "the generated program is not shown")
        let mixedRows = mixed.stdout.split(separator: "\n")
        #expect(mixedRows.count == 2 && mixedRows[1].hasPrefix(id + "  "), "the job that was removed is listed: \(mixed.stdout)")

        // Dry run: the plan on stderr, nothing changed, stdout only JSON.
        let target = try #require(filtered.stdout.split(separator: "\n").first.flatMap { line in
            ((try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any])?["id"] as? String
        })
        let before = try DJSProcess.run(["job", target, "-o", "json"], environment: env)
        let planned = try Self.shell("echo '{\"id\": \"\(target)\"}' | djs stop - --dry-run --yes --format jsonl", environment: env)
        #expect(planned.exitCode == 0, "\(planned.stderr)")
        #expect(planned.stderr.contains("dry-run: would stop job \(target)"))
        Self.expectJSONLines(planned.stdout, "dry-run stop")
        #expect(try DJSProcess.run(["job", target, "-o", "json"], environment: env).stdout == before.stdout)

        // Usage: ids are required; a line of stdin that is neither an id nor a job is refused.
        #expect(try DJSProcess.run(["stop"], environment: env).exitCode == 64)
        let badLine = try DJSProcess.run(["stop", "-"], stdin: "{\"name\": 1}\n", environment: env)
        #expect(badLine.exitCode == 64)
        #expect(badLine.stderr.contains("standard input line 1"))
    }

    // MARK: Machine output

    static let examples: [String] = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let directory = root.appendingPathComponent("scripts/examples")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".djs") }.sorted().map { directory.appendingPathComponent($0).path }
    }()

    @Test func everyExampleWritesOnlyJSONInTheJSONFormats() throws {
        try #require(Self.examples.count >= 5)
        for example in Self.examples {
            for format in ["json", "jsonl"] {
                for dryRun in [false, true] {
                    let arguments = ["--sim", "--sim-seed", "2", "--sim-jobs", "40"] + (dryRun ? ["--dry-run"] : []) + ["--format", format, example]
                    let run = try DJSProcess.run(arguments)
                    let context = arguments.joined(separator: " ")
                    #expect(run.exitCode == 0, "\(context): \(run.stderr)")
                    #expect(!run.stdout.isEmpty, "\(context)")
                    Self.expectJSONLines(run.stdout, context)
                    if dryRun { #expect(!run.stdout.contains("dry-run:"), "\(context): the plan belongs on stderr") }
                    if Self.hasJq {
                        let file = try DJSProcess.temporaryFile(Data(run.stdout.utf8), suffix: ".json")
                        defer { try? FileManager.default.removeItem(at: file) }
                        let jq = try Self.shell("jq -c . < '\(file.path)' > /dev/null")
                        #expect(jq.exitCode == 0, "\(context): jq: \(jq.stderr)")
                    }
                }
            }
        }
    }

    @Test func everyExampleRunsToTheEndUnderDryRun() throws {
        for example in Self.examples {
            let run = try DJSProcess.run(["--sim", "--sim-seed", "2", "--sim-jobs", "40", "--dry-run", example])
            #expect(run.exitCode == 0, "\(example): \(run.stderr)")
        }
        let launched = try DJSProcess.run(["--sim", "--dry-run", "-e", """
            let j = query("from demo.ecommerce.data select *", from: 1h, dest: donothing(name: "x"))
            [j.friendlyName, j.eventsSent, j.eventGenerated, j.lastDatetime, j.error, j.table, j.cid, j.status]
            """])
        #expect(launched.stdout == "[\"x\", 0, 0, null, [], null, null, \"NOT_LAUNCHED\"]\n", "\(launched.stderr)")
    }

    @Test func csvFollowsRFC4180() throws {
        let run = try DJSProcess.run(["-o", "csv", "-e", #"table([{a: "x,y", b: "say \"hi\"", c: "l1\r\nl2", d: " pad ", e: null}])"#])
        #expect(run.stdout == "a,b,c,d,e\n\"x,y\",\"say \"\"hi\"\"\",\"l1\r\nl2\", pad ,\n")
    }

    @Test func aFailedWriteIsAnErrorAndAClosedPipeIsQuiet() throws {
        let full = try Self.shell("djs -e 'print(1)' > /dev/full")
        #expect(full.exitCode == 74)
        #expect(full.stderr == "djs: error: cannot write to standard output: No space left on device\n")
        let fullTable = try Self.shell("djs --sim jobs > /dev/full")
        #expect(fullTable.exitCode == 74)
        // A closed stdout: its descriptor must not be taken by the simulator's sockets.
        for command in ["djs -e 'print(1)' >&-", "djs --sim jobs >&-", "djs --sim -o jsonl -e 'jobs()' >&-"] {
            let closed = try Self.shell(command)
            #expect(closed.exitCode == 74, "\(command): \(closed.stderr)")
            #expect(closed.stderr == "djs: error: cannot write to standard output: Bad file descriptor\n", "\(command)")
        }
        #expect(try Self.shell("djs -e 'let x = 1' >&-").exitCode == 0, "nothing written, nothing lost")

        for command in ["djs -e 'for i in range(2000000) < print(i) >' | head -1",
                        "djs --sim --sim-jobs 3000 jobs | head -1",
                        "djs --sim --sim-jobs 3000 -o jsonl -e 'for i in range(100) < print(jobs()) >' | head -1"] {
            let run = try Self.shell("set -o pipefail; " + command + "; echo \"status ${PIPESTATUS[0]}\" >&2")
            #expect(run.stdout.split(separator: "\n").count == 1, "\(command): \(run.stdout.prefix(200))")
            let status = run.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(status == "status 141", "\(command): quiet, ended as a closed pipe ends a program: \(run.stderr)")
        }
    }

    // MARK: Tables

    @Test func tablesFitTheTerminalWidthUnlessWide() throws {
        let narrow = try DJSProcess.run(["--sim", "--sim-seed", "1", "jobs"], environment: ["COLUMNS": "80"])
        let lines = narrow.stdout.split(separator: "\n")
        #expect(lines.count == 13)
        for line in lines { #expect(line.count <= 80, "\(line)") }
        for line in lines.dropFirst() {
            let fields = line.split(separator: " ")
            #expect(fields[0].count == 36 && !fields[0].contains("…"), "the id is whole: \(line)")
            #expect(["RUNNING", "COMPLETED", "STOPPED", "CREATED", "RECONNECTING", "PAUSED"].contains(String(fields[1])), "the status is whole: \(line)")
        }
        #expect(narrow.stdout.contains("…"))

        let wide = try DJSProcess.run(["--sim", "--sim-seed", "1", "--wide", "jobs"], environment: ["COLUMNS": "80"])
        #expect(!wide.stdout.contains("…"))
        #expect(wide.stdout.split(separator: "\n").contains { $0.count > 80 })
        // Off a terminal, with no COLUMNS, nothing is cut, however long.
        let piped = try DJSProcess.run(["--sim", "-e", "table([{query: \"x\" * 300}])"])
        #expect(piped.stdout == "query\n" + String(repeating: "x", count: 300) + "\n")

        let repl = try DJSProcess.run(["--sim", "--sim-seed", "1", "-i"], stdin: "jobs()\n:format wide\njobs()\n:format\n",
                                      environment: ["COLUMNS": "80"])
        let tables = repl.stdout.components(separatedBy: "format is wide\n")
        try #require(tables.count == 3, "\(repl.stdout)")
        #expect(tables[0].contains("…"))
        #expect(!tables[1].contains("…"))
        #expect(repl.stdout.hasSuffix("format is wide\n"))
    }

    @Test func failureTablesShowTheReasonNotTheIdAgain() throws {
        let run = try DJSProcess.run(["--sim", "-e", "try < stop([\"gone-1\", \"gone-2\"]) > catch e < table(e.failed) >"])
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 3, "\(run.stdout)")
        #expect(lines[0].hasPrefix("id "))
        for (line, id) in zip(lines.dropFirst(), ["gone-1", "gone-2"]) {
            #expect(line.hasPrefix(id + "  "))
            #expect(line.dropFirst(id.count).contains("not found"), "\(line)")
            #expect(!line.dropFirst(id.count).contains(id), "the reason does not repeat the id: \(line)")
        }
    }

    // MARK: Flags

    @Test func flagsAsPeopleTypeThem() throws {
        #expect(try DJSProcess.run(["--format=json", "-e", "[1, \"a\"]"]).stdout == "[1,\"a\"]\n")
        #expect(try DJSProcess.run(["-o", "jsonl", "-e", "[1, 2]"]).stdout == "1\n2\n")
        #expect(try DJSProcess.run(["--max-steps=5", "-e", "for i in range(10) < >"]).exitCode == 70)

        let typo = try DJSProcess.run(["--fromat", "json", "-e", "1"])
        #expect(typo.exitCode == 64)
        #expect(typo.stdout == "")
        let typoLines = typo.stderr.split(separator: "\n")
        #expect(typoLines.count == 2, "\(typo.stderr)")
        #expect(typoLines.first == "djs: unknown option '--fromat'; did you mean '--format'?")
        #expect(typoLines.last?.hasPrefix("usage: djs ") == true)

        let subcommandTypo = try DJSProcess.run(["jbos"])
        #expect(subcommandTypo.exitCode == 64)
        #expect(subcommandTypo.stderr.contains("did you mean the subcommand 'jobs'?"), "\(subcommandTypo.stderr)")
        for command in [["--help"], ["--version"], ["completion", "bash"]] {
            let full = try Self.shell("djs \(command.joined(separator: " ")) > /dev/full")
            #expect(full.exitCode == 74, "\(command): \(full.stderr)")
            #expect(full.stderr == "djs: error: cannot write to standard output: No space left on device\n")
        }
        #expect(try Self.shell("djs -e 'print(1)' > /dev/full 2> /dev/full").exitCode == 74, "a full stderr is no crash")

        let home = try Leak.Home()
        for bad in [["--region", "mars"], ["--format", "yaml"], ["--concurrency", "0"], ["--concurrency=300"],
                    ["--profile", "nope"], ["--address", "http://example.com"], ["--dry-run=yes"], ["--sim-seed", "x"], ["--sim-speed=-1"]] {
            let run = try DJSProcess.run(bad + ["-e", "print(\"ran\")"], environment: home.environment)
            #expect(run.exitCode == 64, "\(bad): \(run.stderr)")
            #expect(run.stdout == "", "\(bad) is found before anything runs")
            #expect(run.stderr.split(separator: "\n").count == 2, "\(bad): one line and the usage line: \(run.stderr)")
        }
        // An unknown profile names the file; a known one is fine.
        try FileManager.default.createDirectory(atPath: home.path + "/config/djs", withIntermediateDirectories: true)
        try Data(#"{"profiles": {"prod": {"region": "eu"}}}"#.utf8).write(to: URL(fileURLWithPath: home.path + "/config/djs/config.json"))
        let unknown = try DJSProcess.run(["--profile", "staging", "-e", "1"], environment: home.environment)
        #expect(unknown.exitCode == 64)
        #expect(unknown.stderr.contains("profile 'staging'") && unknown.stderr.contains("defined profiles: prod"), "\(unknown.stderr)")
    }

    @Test func simSeedReproducesASession() throws {
        func listing(_ seed: String) throws -> String {
            try DJSProcess.run(["--sim", "--sim-seed", seed, "-e", "for j in jobs() < print(j.id, j.status, j.friendlyName, j.type) >"]).stdout
        }
        let first = try listing("42")
        #expect(first.split(separator: "\n").count == 12)
        #expect(try listing("42") == first)
        #expect(try listing("43") != first)
        // The REPL's :env names the seed, so an unseeded session can be seen again.
        let env = try DJSProcess.run(["--sim", "--sim-seed", "42", "-i"], stdin: ":env\n")
        #expect(env.stdout.contains("(embedded simulator, --sim-seed 42)"), "\(env.stdout)")
    }

    // MARK: Language edges

    @Test func orderingWithNullIsFalseAndTheREADMEExamplesRun() throws {
        #expect(try DJSProcess.run(["-e", "[null < 1, null >= 1, 1 > null, null <= null, null == null]"]).stdout
                == "[false, false, false, false, true]\n")
        let sorted = try DJSProcess.run(["-e", "sort([1, null])"])
        #expect(sorted.exitCode == 70, "sort still needs a total order")

        // Every djs block of the README runs on a simulator holding jobs that never sent anything.
        let readme = try String(contentsOf: Self.repositoryFile("README.md"), encoding: .utf8)
        let blocks = readme.components(separatedBy: "```djs\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        try #require(blocks.count >= 2)
        for block in blocks {
            let run = try DJSProcess.run(["--sim", "--sim-jobs", "60", "--sim-seed", "9", "-e", block])
            #expect(run.exitCode == 0, "\(block)\n\(run.stderr)")
        }
        // And every block of the language reference that reads jobs.
        let catalog = Self.repositoryFile("Sources/DJS/DJS.docc")
        for name in try FileManager.default.contentsOfDirectory(atPath: catalog.path) where name.hasSuffix(".md") {
            let text = try String(contentsOf: catalog.appendingPathComponent(name), encoding: .utf8)
            let fenced = text.components(separatedBy: "```")
            for index in stride(from: 1, to: fenced.count, by: 2) where fenced[index].contains("jobs()") {
                let run = try DJSProcess.run(["--sim", "--sim-jobs", "60", "--sim-seed", "9", "-e", fenced[index]])
                #expect(run.exitCode == 0, "\(name): \(fenced[index])\n\(run.stderr)")
            }
        }
        let neverSent = try DJSProcess.run(["--sim", "--sim-jobs", "60", "--sim-seed", "9", "-e",
                                            "len([for j in jobs() where j.lastDatetime == null])"])
        #expect(neverSent.stdout != "0\n", "the simulator holds jobs that never sent anything")
    }

    static func repositoryFile(_ path: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(path)
    }

    /// The README's "Using djs" transcript, re-run: each `$ command` through bash (standard
    /// error with standard output, as a terminal shows them) must print the lines under it. A
    /// `…` in an expected line stands for any text (a request's cid). Commands that need jq
    /// are skipped where it is not installed.
    @Test func theREADMETranscriptMatches() throws {
        let readme = try String(contentsOf: Self.repositoryFile("README.md"), encoding: .utf8)
        let section = readme.components(separatedBy: "## Using djs\n")[1].components(separatedBy: "\n## ")[0]
        let blocks = section.components(separatedBy: "```console\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        try #require(!blocks.isEmpty)
        var commands: [(command: String, expected: [String])] = []
        for block in blocks {
            for line in block.split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
                if line.hasPrefix("$ ") { commands.append((String(line.dropFirst(2)), [])) } else { commands[commands.count - 1].expected.append(String(line)) }
            }
        }
        #expect(commands.count >= 5)
        for (command, expected) in commands {
            if command.contains("jq"), !Self.hasJq { continue }
            let run = try Self.shell(command + " 2>&1")
            let actual = run.stdout.split(separator: "\n").map(String.init)
            #expect(actual.count == expected.count, "\(command)\n\(run.stdout)")
            for (want, got) in zip(expected, actual) {
                let parts = want.components(separatedBy: "…")
                let matches = parts.count == 2 ? got.hasPrefix(parts[0]) && got.hasSuffix(parts[1]) : got == want
                #expect(matches, "\(command)\nexpected: \(want)\nactual:   \(got)")
            }
        }
    }

    @Test func checkBlamesTheLineThatOpenedAnUnclosedParenthesis() throws {
        let script = try DJSProcess.temporaryFile(Data("let total = sum([1, 2]\nprint(total)\nlet y = 1\n".utf8))
        defer { try? FileManager.default.removeItem(at: script) }
        let run = try DJSProcess.run(["check", script.path])
        #expect(run.exitCode == 65)
        #expect(run.stderr.hasPrefix("\(script.path):1:16: error: this '(' is never closed"), "\(run.stderr)")
    }

    @Test func replHelpAliasesLoadWithTildeAndLineNumbersAfterEarlierInput() throws {
        let home = try Leak.Home()
        try Data("let a = 1\nfn f() <\n  return 1 / 0\n>\nlet b = (1 +\n".utf8).write(to: URL(fileURLWithPath: home.path + "/bad.djs"))
        try Data("fn g() <\n  return 1 / 0\n>\n".utf8).write(to: URL(fileURLWithPath: home.path + "/lib.djs"))
        let input = "let x = 1\nlet y = 2\nprint(x +\n  y)\n:load ~/bad.djs\n:load ~/lib.djs\ng()\n\\?\nhelp keys\n"
        let run = try DJSProcess.run(["-i"], stdin: input, environment: home.environment)
        // The loaded file's own line numbers, whatever was typed before it.
        #expect(run.stderr.contains("\(home.path)/bad.djs:5:13: error: expected an expression, found end of input"), "\(run.stderr)")
        #expect(run.stderr.contains("\(home.path)/lib.djs:2:12: error: division by zero"))
        #expect(run.stderr.contains("in g() called at <repl>:1:1"), "\(run.stderr)")
        #expect(run.stdout.components(separatedBy: ":quit               leave").count == 2, "\\? shows the help")
        #expect(run.stdout.contains("Ctrl-R      search earlier statements"), "help keys works like :help keys")
    }

    @Test func longHelpGoesThroughThePagerOnATerminal() throws {
        // script(1) gives djs a terminal; the pager marks each line it shows.
        let run = try Self.shell("PAGER='sed s/^/PAGED:/' script -qec 'djs --help' /dev/null")
        #expect(run.stdout.contains("PAGED:usage: djs"), "\(run.stdout)")
        // The REPL's :help too, typed into a terminal session.
        let home = try Leak.Home()
        let session = try Self.shell("(sleep 1; printf ':help\\n'; sleep 1; printf ':quit\\n') | PAGER='sed s/^/PAGED:/' script -qec djs /dev/null",
                                     environment: home.environment)
        #expect(session.stdout.contains("PAGED:  :quit "), "\(session.stdout)")
        let piped = try DJSProcess.run(["--help"], environment: ["PAGER": "sed s/^/PAGED:/"])
        #expect(piped.stdout.hasPrefix("usage: djs"), "off a terminal no pager")
    }

    // MARK: Completion

    @Test func completionScriptsOfferSubcommandsFlagsAndValues() throws {
        func bash(_ words: [String]) throws -> [String] {
            let quoted = words.map { "'\($0)'" }.joined(separator: " ")
            let run = try Self.shell("source <(djs completion bash); COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count - 1); _djs; printf '%s\\n' \"${COMPREPLY[@]}\"")
            return run.stdout.split(separator: "\n").map(String.init)
        }
        let subcommands = try bash(["djs", ""])
        for name in ["jobs", "job", "stop", "start", "remove", "check", "sim", "completion", "journal", "resume", "undo"] {
            #expect(subcommands.contains(name), "\(name) in \(subcommands)")
        }
        #expect(try bash(["djs", "--format", ""]) == ["table", "json", "jsonl", "csv", "text"])
        #expect(try bash(["djs", "-o", "js"]) == ["json", "jsonl"])
        // bash splits `--format=js` at the "=".
        #expect(try bash(["djs", "--format", "=", "js"]) == ["json", "jsonl"])
        #expect(try bash(["djs", "--region", "="]) == ["=us", "=ca", "=eu", "=es", "=apac"])
        #expect(try bash(["djs", "--region", ""]) == ["us", "ca", "eu", "es", "apac"])
        #expect(try bash(["djs", "--ra"]) == ["--rate"])
        #expect(try bash(["djs", "jobs", "--status", "RU"]) == ["RUNNING"])
        #expect(try bash(["djs", "jobs", "--type", "s"]) == ["s3"])
        #expect(try bash(["djs", "--sim", "jobs", "--wh"]) == ["--where"])
        #expect(Set(try bash(["djs", "undo", "--"])).isSuperset(of: ["--yes", "--dry-run"]))
        #expect(try bash(["djs", "completion", ""]) == ["bash", "zsh", "fish"])
        #expect(try bash(["djs", "sim", "--fault-s"]) == ["--fault-seed"])

        for shell in ["zsh", "fish"] where FileManager.default.isExecutableFile(atPath: "/usr/bin/\(shell)") {
            let script = try DJSProcess.temporaryFile(Data(try DJSProcess.run(["completion", shell]).stdout.utf8), suffix: "." + shell)
            defer { try? FileManager.default.removeItem(at: script) }
            let syntax = try Self.shell("\(shell) -n '\(script.path)'")
            #expect(syntax.exitCode == 0, "\(shell): \(syntax.stderr)")
        }
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/fish") {
            let run = try Self.shell("fish -c 'djs completion fish | source; complete -C \"djs --format j\"'")
            #expect(run.stdout.split(separator: "\n").map { String($0.split(separator: "\t")[0]) } == ["json", "jsonl"], "\(run.stdout + run.stderr)")
        }
        #expect(try DJSProcess.run(["completion", "tcsh"]).exitCode == 64)
    }
}
