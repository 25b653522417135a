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

    /// Destination types the simulator knows, with the parameters each requires (§4:
    /// kafka `topic` + `bootstrap.servers`, email `email.to`, redis `friendlyName` +
    /// `keyFields`; s3 without aws.* params writes to Devo's temporary account).
    static let requiredParameters: [String: [String]] = [
        "s3": [], "hdfs": [], "donothing": [], "snmp": [],
        "kafka": ["topic", "bootstrap.servers"],
        "email": ["email.to"],
        "redis": ["friendlyName", "keyFields"],
    ]

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
        guard let fromValue = fields["from"] else { return .failure(.init("Missing 'from'")) }
        guard let from = TimeExpression.epochMilliseconds(fromValue, now: now) else {
            return .failure(.init("Invalid 'from': expected epoch seconds or milliseconds, an ISO 8601 date, 'now' or a duration like '1d'"))
        }
        var to: Int64?
        if let toValue = fields["to"], !(toValue is NSNull) {
            guard let parsedTo = TimeExpression.epochMilliseconds(toValue, now: now) else {
                return .failure(.init("Invalid 'to': expected epoch seconds or milliseconds, an ISO 8601 date, 'now' or a duration like '1d'"))
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
        guard let required = requiredParameters[type] else {
            let known = requiredParameters.keys.sorted().joined(separator: ", ")
            return .failure(.init("Unknown destination type '\(type)' (known: \(known))"))
        }
        var params: [String: String] = [:]
        if let rawParams = object["params"], !(rawParams is NSNull) {
            guard let dictionary = rawParams as? [String: Any] else {
                return .failure(.init("Invalid 'destination.params': expected an object"))
            }
            for (name, value) in dictionary { params[name] = text(of: value) }
        }
        for name in required where (params[name] ?? "").isEmpty {
            return .failure(.init("Missing destination parameter '\(name)' for type '\(type)'"))
        }
        return .success(JobDestination(type: type, params: params))
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
    init(_ message: String) { self.message = message }
}

/// The time forms a query's `from`/`to` accept.
enum TimeExpression {
    /// - numbers (or digit strings): epoch seconds, or epoch milliseconds when ≥ 10^11
    ///   (the SDK sends seconds; a value that large is not a plausible second count);
    /// - `now`, `today` (UTC midnight);
    /// - a duration before now: `30s`, `15m`, `2h`, `1d`, `1w`, optionally as `now-1d`;
    /// - an ISO 8601 date-time such as `2026-01-31T10:00:00Z`.
    static func epochMilliseconds(_ value: Any, now: Int64) -> Int64? {
        if let number = value as? NSNumber {
            let double = number.doubleValue
            guard double.isFinite, double >= 0, double < 1e15 else { return nil }
            return double >= 1e11 ? Int64(double) : Int64(double * 1000)
        }
        guard let text = (value as? String)?.trimmingCharacters(in: .whitespaces).lowercased(),
              !text.isEmpty, text.count <= 64 else { return nil }
        if let number = Double(text), text.allSatisfy({ $0.isNumber || $0 == "." }) {
            return epochMilliseconds(NSNumber(value: number), now: now)
        }
        if text == "now" { return now }
        if text == "today" { return now - now % 86_400_000 }
        let duration = text.hasPrefix("now-") ? String(text.dropFirst(4)) : text
        if let unit = duration.last, let amount = Int64(duration.dropLast()), amount >= 0, amount < 100_000 {
            let unitMilliseconds: Int64? = switch unit {
            case "s": 1000
            case "m": 60_000
            case "h": 3_600_000
            case "d": 86_400_000
            case "w": 604_800_000
            default: nil
            }
            if let unitMilliseconds { return now - amount * unitMilliseconds }
        }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text.uppercased()) {
            let milliseconds = date.timeIntervalSince1970 * 1000
            // Converting an out-of-range Double to Int64 would trap: refuse instead.
            guard milliseconds.isFinite, abs(milliseconds) < 1e15 else { return nil }
            return Int64(milliseconds)
        }
        return nil
    }
}
