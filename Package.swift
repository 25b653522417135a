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
//                     └─> CEdit      libedit (readline-compatible API), for the REPL
//   DJS, DJSClient, DJSJobs, DevoSim and djs ──> DJSSupport: dependency-free utilities each of them
//                     needs once: the lock box, the JSON writer, the command-line option table
let package = Package(
    name: "djs",
    products: [
        .executable(name: "djs", targets: ["djs"]),
    ],
    targets: [
        .target(name: "DJSSupport"),
        .target(name: "DJS", dependencies: ["DJSSupport"]),
        .target(name: "DevoAuth"),
        .target(name: "DJSClient", dependencies: ["DevoAuth", "DJSSupport", "CCurl"]),
        .target(name: "DevoSim", dependencies: ["DevoAuth", "DJSSupport"]),
        .systemLibrary(name: "CEdit", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(name: "DJSJobs", dependencies: ["DJS", "DJSClient", "DJSSupport"]),
        .executableTarget(name: "djs", dependencies: ["DJS", "DJSJobs", "DJSClient", "DJSSupport", "DevoSim", "CEdit"]),

        .testTarget(name: "DJSTests", dependencies: ["DJS", "DJSJobs"], resources: [.copy("Golden")]),
        .testTarget(name: "DevoAuthTests", dependencies: ["DevoAuth"]),
        .testTarget(name: "DJSClientTests", dependencies: ["DJSClient", "DJSSupport", "DevoSim"]),
        .testTarget(name: "DevoSimTests", dependencies: ["DevoSim", "DevoAuth"]),
        .testTarget(name: "DJSJobsTests", dependencies: ["DJSJobs", "DJS", "DJSClient", "DevoSim"]),
        .testTarget(name: "djsCLITests", dependencies: ["djs"]),
    ],
    swiftLanguageModes: [.v6]
)
