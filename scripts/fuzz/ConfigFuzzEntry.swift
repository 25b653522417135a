// libFuzzer entry point for the configuration reader: `ConfigFile.load` (size, type, mode and
// JSON checks) and `DevoConfigurationResolver` over both file formats, djs's profiles file
// (`$XDG_CONFIG_HOME/djs/config.json`) and the SDK's `~/.devo.json`, also through `--config`.
//
// Built by scripts/fuzz.sh against DJSClient compiled with -enable-testing; this file is not
// part of the package.
//
// Input: one selector byte, then the file's bytes. Selector bits 0-1: where the file is
// (0 djs's file, 1 the SDK's file, 2 `--config FILE`, 3 both default places); bit 2: `--profile p`
// is given; bit 3: the file is world-readable (mode 644 instead of 600), which the reader
// must refuse when the file holds credentials. The environment is empty, so every setting
// comes from the file.

import Foundation
@testable import DJSClient

/// One private directory per process, reused by every input: creating a directory tree per
/// input would make the file system, not the reader, the cost.
private let home: String = {
    let path = NSTemporaryDirectory() + "djs-config-fuzz-\(getpid())"
    try? FileManager.default.createDirectory(atPath: path + "/xdg/djs", withIntermediateDirectories: true)
    return path
}()

private func write(_ bytes: [UInt8], to path: String, mode: mode_t) {
    unlink(path)
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode)
    guard descriptor >= 0 else { fatalError("cannot create \(path): errno \(errno)") }
    _ = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
    // open's mode is filtered by the umask; the mode under test must be exact.
    fchmod(descriptor, mode)
    close(descriptor)
}

private func resolveOnce(_ input: [UInt8]) {
    guard let selector = input.first else { return }
    let content = Array(input.dropFirst())
    let djsFile = home + "/xdg/djs/config.json"
    let sdkFile = home + "/.devo.json"
    let explicitFile = home + "/given.json"
    for path in [djsFile, sdkFile, explicitFile] { unlink(path) }
    let mode: mode_t = selector & 0b1000 == 0 ? 0o600 : 0o644
    var flags = DevoConnectionFlags()
    switch selector & 0b11 {
    case 0: write(content, to: djsFile, mode: mode)
    case 1: write(content, to: sdkFile, mode: mode)
    case 2:
        write(content, to: explicitFile, mode: mode)
        flags.configFile = explicitFile
    default:
        write(content, to: djsFile, mode: mode)
        write(content, to: sdkFile, mode: mode)
    }
    if selector & 0b100 != 0 { flags.profile = "p" }
    let resolver = DevoConfigurationResolver(flags: flags, environment: [:], homeDirectory: home,
                                             xdgConfigHome: home + "/xdg")
    do {
        let resolved = try resolver.resolve()
        _ = resolved.warnings.joined().utf8.count
        _ = resolved.configuration.endpoint
    } catch {
        _ = error.description.utf8.count
    }
}

/// Called by libFuzzer once before the first input: the directory goes when the run ends.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    _ = home
    atexit { try? FileManager.default.removeItem(atPath: home) }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    resolveOnce(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
