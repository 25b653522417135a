import Foundation

/// Reads a Devo reply: finds out whether it reports an error, whatever the shape, and
/// returns the envelope's `object` when it does not (<doc:DevoQueryAPI#The-envelope-and-errors>).
///
/// Devo's quirks this handles:
/// - errors inside HTTP 200 replies (`{"msg":"Task not found","status":100,…}`, the code-12
///   signature error);
/// - the code in `error.code`, `code`, or the envelope's `status` (0 means OK);
/// - the message in `msg`, an `error` string, `error.message`, or an `object` array of strings;
/// - `success: false`.
enum DevoReply {
    /// What a reply said: the envelope's `object` (nil when absent) or the error it reports,
    /// and the reply's correlation id for the verbose log.
    struct Outcome: Sendable {
        var result: Result<ReplyObject?, DevoError>
        var cid: String?
    }

    static func interpret(_ response: HTTPResponse, context: DevoRequestContext) -> Outcome {
        // The envelope is read at once; its `object` (a job list can be tens of megabytes) is
        // only checked for syntax here, and parsed by whoever needs it, as it needs it.
        let parsed = try? JSONParser.parseObject(response.body, deferring: "object")
        let object = parsed?.deferred.map { ReplyObject(body: response.body, range: $0) }
        return Outcome(result: result(of: response, parsed: parsed?.object, object: object, context: context),
                       cid: parsed?.object["cid"]?.stringValue)
    }

    private static func result(of response: HTTPResponse, parsed: JSONValue?, object: ReplyObject?,
                               context: DevoRequestContext) -> Result<ReplyObject?, DevoError> {
        let isHTTPSuccess = (200..<300).contains(response.statusCode)

        guard let envelope = parsed, case .object = envelope else {
            if isHTTPSuccess {
                return .failure(.invalidResponse(context, httpStatus: response.statusCode,
                                                 reason: unreadableBodyReason(response.body, parsed: parsed)))
            }
            // An HTTP error from something in front of Devo (a proxy's HTML page, an empty 502):
            // the HTTP status is all there is to go on.
            let bodyText = printablePrefix(response.body)
            return .failure(classify(DevoServerError(
                context: context, httpStatus: response.statusCode, code: nil,
                message: HTTPStatusText.reasonPhrase(response.statusCode),
                details: bodyText.isEmpty ? [] : [bodyText],
                retryAfter: retryAfterSeconds(response))))
        }

        let errorField = envelope["error"]
        let errorObjectCode = errorField?["code"]?.intValue
        let bodyCode = envelope["code"]?.intValue
        let envelopeStatus = envelope["status"]?.intValue
        let hasErrorField: Bool = {
            switch errorField {
            case .string(let text)?: return !text.isEmpty
            case .object?: return true
            default: return false
            }
        }()
        let reportsError = !isHTTPSuccess || hasErrorField || (bodyCode ?? 0) != 0 || (envelopeStatus ?? 0) != 0
            || envelope["success"]?.boolValue == false
        guard reportsError else { return .success(object) }

        let code = errorObjectCode ?? bodyCode ?? envelopeStatus.flatMap { $0 == 0 ? nil : $0 }
        let objectStrings = (try? object?.value())?.arrayValue?.compactMap(\.stringValue) ?? []
        let msg = envelope["msg"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        let message = msg ?? errorField?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? errorField?["message"]?.stringValue
            ?? (objectStrings.isEmpty ? nil : objectStrings.joined(separator: ": "))
            ?? HTTPStatusText.reasonPhrase(response.statusCode)
        // When `msg` gave the message, the `object` strings add the detail
        // (["Error Launching Query", "<detail>"] repeats the msg first).
        let details = msg == nil ? [] : objectStrings.filter { $0 != message }

        return .failure(classify(DevoServerError(
            context: context, httpStatus: response.statusCode, code: code, message: message, details: details,
            cid: envelope["cid"]?.stringValue, retryAfter: retryAfterSeconds(response))))
    }

    /// Chooses the error kind from the HTTP status and Devo's code.
    static func classify(_ error: DevoServerError) -> DevoError {
        switch (error.httpStatus, error.code) {
        case (401, _), (_, 12?):
            return .authentication(error)
        case (_, 100?):
            return .jobNotFound(error)
        case (404, nil) where error.context.jobID != nil:
            return .jobNotFound(error)
        case (_, 101?), (_, 108?):
            return .illegalStateChange(error)
        case (_, let code?) where (200...226).contains(code):
            return .destinationValidation(error)
        case (429, _):
            return .rateLimited(error)
        default:
            return .server(error)
        }
    }

    /// `Retry-After` in seconds (the HTTP-date form is not used by APIs like this one and is ignored).
    static func retryAfterSeconds(_ response: HTTPResponse) -> Double? {
        guard let text = response.header("Retry-After")?.trimmingCharacters(in: .whitespaces),
              let seconds = Double(text), seconds.isFinite, seconds >= 0 else { return nil }
        return seconds
    }

    private static func unreadableBodyReason(_ body: [UInt8], parsed: JSONValue?) -> String {
        if body.isEmpty { return "the body is empty" }
        if let parsed { return "expected a JSON object, got \(parsed.typeName)" }
        let text = printablePrefix(body)
        let looksTruncated = text.hasPrefix("{") || text.hasPrefix("[")
        return (looksTruncated ? "the JSON is malformed or truncated" : "the body is not JSON")
            + " (\(body.count) bytes: \(text))"
    }

    /// The start of a body as one readable line, for error messages.
    static func printablePrefix(_ body: [UInt8], limit: Int = 120) -> String {
        let text = String(decoding: body.prefix(limit * 4), as: UTF8.self)
        var line = String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 }.prefix(limit))
            .trimmingCharacters(in: .whitespaces)
        if text.count > limit { line += "…" }
        return line
    }
}

/// The `object` member of a reply envelope, still as bytes (already checked to be JSON).
struct ReplyObject: Sendable {
    let body: [UInt8]
    let range: Range<Int>

    func value() throws(JSONParseError) -> JSONValue {
        try JSONParser.parse(body, range: range)
    }

    /// For an array: each element in turn, never the whole array at once. Throws when
    /// the object is not an array; `body` returns false to stop.
    func forEachElement(_ body: (JSONValue) -> Bool) throws(JSONParseError) {
        try JSONParser.forEachElement(of: self.body, range: range, body)
    }
}
