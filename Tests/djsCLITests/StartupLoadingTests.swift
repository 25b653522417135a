import Foundation
import Testing

/// What a start of djs loads: libcurl (and the thirty-odd libraries behind it), libedit and
/// FoundationNetworking are not linked, so a script that makes no request starts without them;
/// they are opened when a request or the REPL first needs them.
@Suite struct StartupLoadingTests {
    /// The shared objects the dynamic loader maps before main, as it lists them when
    /// LD_TRACE_LOADED_OBJECTS is set (what ldd prints; the program itself does not run).
    private func loadedAtStart() throws -> String {
        let result = try DJSProcess.run([], environment: ["LD_TRACE_LOADED_OBJECTS": "1"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        return result.stdout
    }

    @Test func startLoadsNeitherCurlNorEditNorFoundationNetworking() throws {
        let loaded = try loadedAtStart()
        #expect(loaded.contains("libc.so"), "not a loader listing: \(loaded)")
        for library in ["libcurl", "libedit", "libFoundationNetworking", "libssl", "libgssapi"] {
            #expect(!loaded.contains(library), "\(library) is loaded at start:\n\(loaded)")
        }
    }

    @Test func aScriptThatMakesRequestsStillReachesTheSimulator() throws {
        let result = try DJSProcess.run(["--sim", "-e", "print(len(jobs()) > 0)"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout == "true\n")
    }
}
