import Foundation
import Testing

/// `djs --sim` and `djs sim` from the real binary.
@Suite struct SimulatorCLITests {
    @Test func dashDashSimRunsAScriptAgainstTheEmbeddedSimulator() throws {
        let result = try DJSProcess.run(["--sim", "--sim-jobs", "20", "-e", """
            let all = jobs()
            let running = [for j in all where j.status == "RUNNING"]
            let stopped = stop(running)
            print(len(all), len(running) == len(stopped), len([for j in jobs() where j.status == "RUNNING"]))
            """])
        #expect(result.stderr == "")
        #expect(result.stdout == "20 true 0\n")
        #expect(result.exitCode == 0)
    }

    @Test func withoutAConnectionAJobCallSaysWhatIsMissing() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("djs-home-\(UUID().uuidString)").path
        let result = try DJSProcess.run(["-e", "print(\"before\")\nprint(len(jobs()))"],
                                        environment: ["HOME": home, "XDG_CONFIG_HOME": home + "/.config"])
        #expect(result.stdout == "before\n")
        #expect(result.exitCode == 70)
        #expect(result.stderr.contains("<-e>:2:11: error: "))
        #expect(result.stderr.contains("DEVO_API_ADDRESS"))
        #expect(result.stderr.contains("--sim"))
    }

    @Test func djsSimPrintsItsAddressFirstAndServes() throws {
        let process = Process()
        process.executableURL = DJSProcess.binary
        process.arguments = ["sim", "--port", "0", "--jobs", "5", "--quiet"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { process.terminate(); process.waitUntilExit() }

        var text = ""
        let handle = output.fileHandleForReading
        while !text.contains("DEVO_API_SECRET") {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        let lines = text.split(separator: "\n").map(String.init)
        let first = try #require(lines.first)
        #expect(first.hasPrefix("listening on http://127.0.0.1:"))
        func exported(_ name: String) -> String? {
            lines.first { $0.hasPrefix("export \(name)=") }.map { String($0.dropFirst("export \(name)=".count)) }
        }
        let address = try #require(exported("DEVO_API_ADDRESS"))
        #expect(address == first.dropFirst("listening on ".count) + "/search/query")

        // The export lines are all a client needs.
        let result = try DJSProcess.run(["-e", "print(len(jobs()))"], environment: [
            "DEVO_API_ADDRESS": address,
            "DEVO_API_KEY": try #require(exported("DEVO_API_KEY")),
            "DEVO_API_SECRET": try #require(exported("DEVO_API_SECRET")),
        ])
        #expect(result.stderr == "")
        #expect(result.stdout == "5\n")
    }
}
