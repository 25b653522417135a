// swift-tools-version:6.0
import PackageDescription

// djs: a scripting language and REPL for Devo query jobs.
//
// Dependency direction (no Swift package dependencies, by design):
//   djs (executable) ─┬─> DJS        the language, folders in pipeline order: Syntax/ (source → tokens
//                     │              → tree), Analysis/ (names resolved), Compile/ (closures), Runtime/,
//                     │              Values/, Jobs/ (the JobService seam), Builtins/, Output/, Diagnostics/;
//                     │              knows no HTTP
//                     ├─> DJSJobs    binds the language's JobService to the client ──> DJS, DJSClient
//                     ├─> DJSClient  the signed Devo Query API v2 client ──> DevoAuth, CCurl (libcurl):
//                     │              API/, Client/, Configuration/, Transport/, JSON/ (the reply reader)
//                     ├─> DevoSim    the local job API simulator          ──> DevoAuth:
//                     │              HTTP/, Engine/, Jobs/, Command/, Support/
//                     └─> CEdit      libedit (readline-compatible API), for the REPL, opened on first use
//   DJS, DJSClient, DJSJobs, DevoSim and djs ──> DJSSupport: dependency-free utilities each of them
//                     needs once: the lock box, the JSON writer, the command-line option table
// Release builds on Linux link the Swift runtime and Foundation statically (`-static-stdlib`, given
// to every module so that each one's imports name the static libraries, and to the link), as a
// position-dependent executable (`-no-pie`), with lld. This is djs's start-up design (README,
// "Start-up"): dynamically, resolving the symbols of a dozen Swift shared libraries cost more than
// everything `djs -e 'print(1)'` does itself; a position-independent executable spends a third of
// its page faults applying 75,000 relative relocations to its own data at every start. lld,
// because GNU gold prints a warning for the `mktemp` reference inside the static Foundation,
// which djs never calls. unsafeFlags are acceptable here: djs is a root executable package, never
// a dependency. Debug builds (and so the tests, which XCTest links against the shared runtime)
// are unchanged.
let staticRuntime = BuildSettingCondition.when(platforms: [.linux], configuration: .release)
let releaseSwiftSettings: [SwiftSetting] = [.unsafeFlags(["-static-stdlib"], staticRuntime)]

let package = Package(
    name: "djs",
    products: [
        .executable(name: "djs", targets: ["djs"]),
    ],
    targets: [
        .target(name: "DJSSupport", swiftSettings: releaseSwiftSettings),
        .target(name: "DJS", dependencies: ["DJSSupport"], swiftSettings: releaseSwiftSettings),
        .target(name: "DevoAuth", swiftSettings: releaseSwiftSettings),
        .target(name: "DJSClient", dependencies: ["DevoAuth", "DJSSupport", "CCurl"], swiftSettings: releaseSwiftSettings),
        .target(name: "DevoSim", dependencies: ["DevoAuth", "DJSSupport"], swiftSettings: releaseSwiftSettings),
        // libedit's headers (Debian's libedit-dev) and a loader that opens the library when the
        // REPL starts on a terminal instead of linking it: see Sources/CEdit/include/CEdit.h.
        .target(name: "CEdit", dependencies: ["CDynamicLibrary"]),
        // libcurl's headers (Debian's libcurl4-openssl-dev) and a loader that opens the library on
        // the first request instead of linking it: see Sources/CCurl/include/CCurl.h.
        .target(name: "CCurl", dependencies: ["CDynamicLibrary"]),
        // dlopen and dlsym of a list of symbols, with the loader's reason when that fails.
        .target(name: "CDynamicLibrary", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        .target(name: "DJSJobs", dependencies: ["DJS", "DJSClient", "DJSSupport"], swiftSettings: releaseSwiftSettings),
        .executableTarget(
            name: "djs", dependencies: ["DJS", "DJSJobs", "DJSClient", "DJSSupport", "DevoSim", "CEdit"],
            swiftSettings: releaseSwiftSettings,
            linkerSettings: [.unsafeFlags(["-static-stdlib", "-Xclang-linker", "-no-pie", "-use-ld=lld"], staticRuntime)]),

        .testTarget(name: "DJSTests", dependencies: ["DJS", "DJSJobs"], resources: [.copy("Golden")]),
        .testTarget(name: "DevoAuthTests", dependencies: ["DevoAuth"]),
        .testTarget(name: "DJSClientTests", dependencies: ["DJSClient", "DJSSupport", "DevoSim"]),
        .testTarget(name: "DevoSimTests", dependencies: ["DevoSim", "DevoAuth"]),
        .testTarget(name: "DJSJobsTests", dependencies: ["DJSJobs", "DJS", "DJSClient", "DevoSim"]),
        .testTarget(name: "djsCLITests", dependencies: ["djs"]),
    ],
    swiftLanguageModes: [.v6]
)
