import Foundation
import Testing

/// How the binary treats configuration as the SDK's users have it: a `~/.devo.json` at mode
/// 644 with credentials, and the `--cacert` flag.
@Suite(.serialized) struct ConfigFidelityCLITests {
    typealias Leak = SecretLeakCLITests

    /// The SDK's users keep ~/.devo.json readable by others. With the token in the
    /// environment, djs runs, warns on stderr about the file (naming it and the fix) and never
    /// shows its secret.
    @Test func anExposedDevoJSONDoesNotStopARunWithCredentialsFromTheEnvironment() throws {
        let simulator = try Leak.Simulator()
        defer { simulator.stop() }
        let home = try Leak.Home()
        let file = home.path + "/.devo.json"
        try #"{"api": {"key": "k", "secret": "\#(Leak.secret)-from-file"}}"#.write(toFile: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        let environment = home.environment.merging(["DEVO_API_ADDRESS": simulator.address, "DEVO_API_TOKEN": Leak.token,
                                                    "DEVO_API_KEY": "", "DEVO_API_SECRET": "", "DEVO_API_JWT": ""]) { $1 }
        let run = try DJSProcess.run(["-e", "print(len(jobs()))"], environment: environment)
        #expect(run.exitCode == 0, "\(run.stderr)")
        #expect(run.stdout == "4\n")
        #expect(run.stderr == "djs: warning: the credentials in \(file) are ignored: other users can read it (mode 644), "
            + "as ssh ignores such a private key. Run: chmod 600 \(file)\n")
        #expect(!(run.stdout + run.stderr).contains(Leak.secret))

        // Without other credentials, the error says why the file's were not used.
        let alone = try DJSProcess.run(["-e", "print(len(jobs()))"],
                                       environment: environment.merging(["DEVO_API_TOKEN": ""]) { $1 })
        #expect(alone.exitCode == 70)
        #expect(alone.stderr.contains("The credentials in \(file) were not used: other users can read it (mode 644); run: chmod 600 \(file)."))
    }

    @Test func aMissingCAFileIsNamed() throws {
        let home = try Leak.Home()
        let run = try DJSProcess.run(["--region", "eu", "--token", "t", "--cacert", home.path + "/none.pem", "-e", "jobs()"],
                                     environment: home.environment)
        #expect(run.exitCode == 70)
        #expect(run.stderr.contains("the CA file \(home.path)/none.pem (from --cacert) does not exist or cannot be read"))
    }

    /// The audit pragmas reach Devo (here the simulator, which keeps the query text it got).
    @Test func launchedQueriesCarryTheAuditPragmas() throws {
        let script = #"print(query("from demo.ecommerce.data select *", from: 1h, dest: donothing()).query)"#
        let plain = try DJSProcess.run(["--sim", "-e", script], environment: ["DEVO_API_USER": "", "DEVO_API_COMMENT": ""])
        #expect(plain.stdout == #"from demo.ecommerce.data select * pragma comment.id:"djs" pragma comment.user:"djs-user""# + "\n")
        let named = try DJSProcess.run(["--sim", "-e", script],
                                       environment: ["DEVO_API_USER": "ana@example.com", "DEVO_API_COMMENT": "nightly"])
        #expect(named.stdout == #"from demo.ecommerce.data select * pragma comment.id:"djs" pragma comment.user:"ana@example.com" pragma comment.free:"nightly""# + "\n")
    }
}
