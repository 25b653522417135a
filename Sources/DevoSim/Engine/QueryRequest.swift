import Foundation

/// A validated `POST /search/query` body (devo-api.md §4).
struct QueryRequest {
    /// The LINQ text, or the saved query id when only `queryId` was given.
    let query: String
    /// Main table from `from <table>`; empty for a saved query.
    let table: String
    /// Data range in epoch milliseconds; `to == nil` is a continuous query.
    let from: Int64
    let to: Int64?
    let destination: JobDestination?

    /// Deepest JSON nesting accepted; deeper bodies are refused before parsing so that a
    /// hostile `[[[[…` cannot exhaust the parser's stack.
    static let maxNesting = 32

    /// Parses and validates; the error is the message for the 400 reply.
    static func parse(body: [UInt8], now: Int64) -> Result<QueryRequest, QueryRequestError> {
        guard !body.isEmpty else { return .failure(.init("Empty request body: expected a JSON object")) }
        guard nestingDepth(of: body) <= maxNesting else { return .failure(.init("Request body nested too deeply")) }
        guard let parsed = try? JSONSerialization.jsonObject(with: Data(body)),
              let fields = parsed as? [String: Any]
        else { return .failure(.init("Request body is not a JSON object")) }

        let queryText = (fields["query"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        let queryID = (fields["queryId"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        guard let query = queryText ?? queryID else {
            return .failure(.init("Missing 'query' or 'queryId'"))
        }
        var context = DevoDateLanguage.Context(now: now)
        if let zone = fields["timeZone"], !(zone is NSNull) {
            guard let name = zone as? String, let offset = DevoDateLanguage.zoneOffset(name, now: now) else {
                return .failure(.init("Invalid 'timeZone': expected e.g. \"GMT+2\", \"UTC\" or \"Europe/Madrid\""))
            }
            context.zoneOffset = offset
        }
        let forms = "expected epoch seconds, \"2025-01-30 15:35:23\", \"2025-01-30\", now, today, yesterday, endday, "
            + "endmonth, \"2d\", \"5h\", \"2ad\", \"2ah\" or an expression such as \"now()-2*day()\""
        guard let fromValue = fields["from"] else { return .failure(.init("Missing 'from'")) }
        guard let from = DevoDateLanguage.milliseconds(fromValue, context) else {
            return .failure(.init("Invalid 'from': \(forms)"))
        }
        var to: Int64?
        if let toValue = fields["to"], !(toValue is NSNull) {
            context.from = from
            guard let parsedTo = DevoDateLanguage.milliseconds(toValue, context) else {
                return .failure(.init("Invalid 'to': \(forms)"))
            }
            guard parsedTo >= from else { return .failure(.init("'to' is earlier than 'from'")) }
            to = parsedTo
        }

        var destination: JobDestination?
        if let destinationValue = fields["destination"] {
            switch parseDestination(destinationValue) {
            case .success(let parsed): destination = parsed
            case .failure(let error): return .failure(error)
            }
        }
        let table = queryText.map(mainTable(of:)) ?? ""
        return .success(QueryRequest(query: query, table: table, from: from, to: to, destination: destination))
    }

    private static func parseDestination(_ value: Any) -> Result<JobDestination, QueryRequestError> {
        guard let object = value as? [String: Any], let type = object["type"] as? String else {
            return .failure(.init("Invalid 'destination': expected {\"type\": …, \"params\": {…}}"))
        }
        guard DestinationValidation.knownTypes.contains(type) else {
            let known = DestinationValidation.knownTypes.sorted().joined(separator: ", ")
            return .failure(.init("Unknown destination type '\(type)' (known: \(known))"))
        }
        var given: [String: Any] = [:]
        if let rawParams = object["params"], !(rawParams is NSNull) {
            guard let dictionary = rawParams as? [String: Any] else {
                return .failure(.init("Invalid 'destination.params': expected an object"))
            }
            given = dictionary
        }
        if let refusal = DestinationValidation.check(type: type, params: given) {
            return .failure(.init(refusal.message, code: refusal.code))
        }
        return .success(JobDestination(type: type, params: given.mapValues(text(of:))))
    }

    /// A parameter value as text: strings as they are, anything else as compact JSON.
    private static func text(of value: Any) -> String {
        if let string = value as? String { return string }
        if JSONSerialization.isValidJSONObject([value]),
           let data = try? JSONSerialization.data(withJSONObject: [value]) {
            // Encoded inside an array (fragments are not allowed everywhere); strip [ ].
            let encoded = String(decoding: data, as: UTF8.self)
            return String(encoded.dropFirst().dropLast())
        }
        return String(describing: value)
    }

    /// The word after the first `from` keyword: `from siem.logtrust.web.activity select *`
    /// → `siem.logtrust.web.activity`.
    static func mainTable(of query: String) -> String {
        let words = query.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
        guard let index = words.firstIndex(where: { $0.lowercased() == "from" }), index + 1 < words.count
        else { return "" }
        return String(words[index + 1].prefix { $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-" })
    }

    /// Table families the simulated domain has. Devo tables are `technology.brand.type…`;
    /// a query on any other family fails like Devo's "Unknown table" (a job that ends
    /// STOPPED with an error).
    static let knownTableFamilies: Set<String> = [
        "siem", "demo", "firewall", "web", "proxy", "network", "netflow", "cloud", "edr", "auth",
        "mail", "db", "app", "my", "box", "os", "unix", "windows", "custom", "cdn", "dns", "ids",
    ]

    static func isKnownTable(_ table: String) -> Bool {
        guard !table.isEmpty else { return true }   // saved query: the simulator cannot tell
        let family = table.split(separator: ".", maxSplits: 1).first.map(String.init) ?? table
        return knownTableFamilies.contains(family.lowercased())
    }

    /// Maximum depth of `{`/`[` nesting outside strings.
    static func nestingDepth(of bytes: [UInt8]) -> Int {
        var depth = 0, deepest = 0
        var inString = false, escaped = false
        for byte in bytes {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                deepest = max(deepest, depth)
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            default: break
            }
        }
        return deepest
    }
}

struct QueryRequestError: Error, Equatable {
    let message: String
    /// Devo's code for the reply's `status`: 1 (invalid request) or a destination's code.
    let code: Int
    init(_ message: String, code: Int = 1) {
        self.message = message
        self.code = code
    }
}
