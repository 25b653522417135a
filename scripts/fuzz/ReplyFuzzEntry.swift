// libFuzzer entry point for the client's reply decoder: the envelope reading of
// `DevoReply.interpret` (errors in any shape, the deferred `object`), then the job decoding the
// client does with what it returns (a job list element by element, a single job, a launch's
// `object.id`), and the error text a person would read.
//
// Built by scripts/fuzz.sh against DJSClient compiled with -enable-testing, so internal types
// are reachable through `@testable import`; this file is not part of the package.
//
// Input: a first line `STATUS [RETRY-AFTER]` (e.g. `200` or `429 1.5`), then the body. An
// input without a newline is all body, with status 200.

@testable import DJSClient

private let context = DevoRequestContext(operation: "fuzz", method: "GET", path: "/search/jobs", jobID: "j")

private func response(from bytes: [UInt8]) -> HTTPResponse {
    guard let newline = bytes.firstIndex(of: UInt8(ascii: "\n")), newline <= 32 else {
        return HTTPResponse(statusCode: 200, body: bytes)
    }
    let words = String(decoding: bytes[..<newline], as: UTF8.self).split(separator: " ", maxSplits: 1)
    let status = words.first.flatMap { Int($0) } ?? 200
    let headers = words.count > 1 ? ["Retry-After": String(words[1])] : [:]
    return HTTPResponse(statusCode: status, headers: headers, body: Array(bytes[(newline + 1)...]))
}

private func decodeOnce(_ bytes: [UInt8]) {
    let reply = response(from: bytes)
    let outcome = DevoReply.interpret(reply, context: context)
    switch outcome.result {
    case .failure(let error):
        // Every error must render: its text quotes parts of the body.
        _ = error.description.utf8.count
    case .success(let object?):
        // As `DevoClient.jobs()`: one element at a time, stopping at the first bad one.
        try? object.forEachElement { element in
            if case .success(let job) = DevoJob.decode(element) { _ = job.lastDate }
            return true
        }
        // As a single-job reply and a launch reply.
        if let value = try? object.value() {
            _ = DevoJob.decode(value)
            _ = value["id"]?.stringValue
        }
    case .success(nil):
        break
    }
    // The parser on its own, over the whole body: no envelope, no deferral.
    _ = try? JSONParser.parse(reply.body)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    decodeOnce(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
