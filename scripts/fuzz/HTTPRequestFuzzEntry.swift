// libFuzzer entry point for the simulator's request side: `HTTPParser` over the bytes of one
// connection, requests taken one after another as the server does (pipelined, each body
// framed by Content-Length), each handed to a fresh simulator engine (router, authorization,
// the query body reader) and its response serialized.
//
// Built by scripts/fuzz.sh against DevoSim compiled with -enable-testing; this file is not
// part of the package. The engine accepts `Authorization: Bearer fuzz-token`, so the fuzzer
// can get past authorization to the endpoints.

import Foundation
@testable import DevoSim

private let limits = ServerLimits()
private let parser = HTTPParser(limits: limits)

/// Fresh for every input, so that jobs launched by one input cannot make the next one
/// behave differently (or grow without bound); a fixed clock for the same reason.
private func makeEngine() -> SimulatorEngine {
    var options = SimulatorOptions()
    options.jobs = 3
    options.token = "fuzz-token"
    options.clock = ManualClock(milliseconds: 1_700_000_000_000)
    return SimulatorEngine(options: options)
}

/// The outcome as text, to compare two parses of the same bytes.
private func summary(_ outcome: HTTPParser.Outcome) -> String {
    switch outcome {
    case .needMore: return "needMore"
    case .failure(let status): return "failure \(status)"
    case .head(let head):
        return "head \(head.method) \(head.target) \(head.minorVersion) \(head.headers.count) \(head.length) "
            + "\(head.contentLength) \(head.expectsContinue)"
    }
}

private func serveOnce(_ input: [UInt8]) {
    // The server resumes its search for the end of the head where the previous read ended;
    // wherever the bytes are split, the answer must be the one a single read gives.
    if input.count > 1 {
        let split = Int(input[0]) % input.count
        if case .needMore = parser.parseHead(Array(input[..<split])) {
            let resumed = summary(parser.parseHead(input, searchFrom: split))
            let whole = summary(parser.parseHead(input))
            precondition(resumed == whole, "split at \(split): \(resumed) but read at once: \(whole)")
        }
    }

    let engine = makeEngine()
    var buffer = input
    while !buffer.isEmpty {
        guard case .head(let head) = parser.parseHead(buffer) else { return }
        let needed = head.length + head.contentLength
        guard buffer.count >= needed else { return }   // the server would wait, then answer 408
        let target = head.target
        let path = target.firstIndex(of: "?").map { String(target[..<$0]) } ?? target
        let request = HTTPRequest(method: head.method, target: target, path: path, minorVersion: head.minorVersion,
                                  headers: head.headers, body: Array(buffer[head.length..<needed]))
        buffer.removeSubrange(0..<needed)
        switch engine.handle(request) {
        case .respond(let response), .dropMidway(let response):
            _ = response.serialized(keepAlive: request.wantsKeepAlive).count
        case .hang:
            return
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    serveOnce(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
