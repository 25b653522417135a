/// `x.field` and `x[index]`.
enum Members {
    static func get(_ object: Value, _ name: String, at location: SourceLocation) throws -> Value {
        switch object {
        case .map(let map):
            if let value = map[name] { return value }
            throw missingKey(name, in: map, at: location)
        case .job(let job):
            if let value = job.record.field(name) { return value }
            var notes = ["job fields: " + JobFields.known.joined(separator: ", ")]
            if let suggestion = Spelling.closest(to: name, among: JobFields.known) { notes.insert("did you mean '\(suggestion)'?", at: 0) }
            throw RuntimeError("a job has no field '\(name)'", at: location, notes: notes)
        default:
            throw RuntimeError("\(object.typeName) has no field '\(name)'", at: location,
                               notes: object.typeName == "null" ? ["the value is null"] : [])
        }
    }

    /// The same error for `m.key` and `m["key"]`, with a likely typo named.
    private static func missingKey(_ key: String, in map: MapRef, at location: SourceLocation) -> RuntimeError {
        var notes: [String] = []
        if let suggestion = Spelling.closest(to: key, among: map.keys) {
            notes.append("did you mean \(Value.quoted(suggestion))?")
        }
        notes.append(map.count == 0 ? "the map is empty"
                     : "its keys: " + map.keys.prefix(12).map(Value.quoted).joined(separator: ", ") + (map.count > 12 ? ", …" : ""))
        notes.append("use get(m, key, default) when a key may be missing")
        return RuntimeError("map has no key \(Value.quoted(key))", at: location, notes: notes)
    }

    /// `object[index] = value`.
    static func setIndex(_ object: Value, _ index: Value, to value: Value, at location: SourceLocation) throws {
        switch (object, index) {
        case (.list(let list), .int(let position)):
            let resolved = position < 0 ? list.items.count + position : position
            guard resolved >= 0, resolved < list.items.count else {
                throw RuntimeError("index \(position) is out of range for a list of \(list.items.count)", at: location)
            }
            list.items[resolved] = value
        case (.map(let map), .string(let key)):
            map[key] = value
        case (.map, _):
            throw RuntimeError("map keys must be strings, got \(index.typeName)", at: location)
        case (.string, _):
            throw RuntimeError("cannot change a character of a string", at: location,
                               notes: ["strings cannot be changed; build a new one, e.g. with interpolation"])
        default:
            throw RuntimeError("cannot index \(object.typeName) with \(index.typeName)", at: location)
        }
    }

    static func index(_ object: Value, _ index: Value, at location: SourceLocation) throws -> Value {
        switch (object, index) {
        case (.list(let list), .int(let position)):
            let resolved = position < 0 ? list.items.count + position : position
            guard resolved >= 0, resolved < list.items.count else {
                throw RuntimeError("index \(position) is out of range for a list of \(list.items.count)", at: location)
            }
            return list.items[resolved]
        case (.range(let range), .int(let position)):
            let resolved = position < 0 ? range.count + position : position
            guard resolved >= 0, resolved < range.count else {
                throw RuntimeError("index \(position) is out of range for a range of \(range.count)", at: location)
            }
            return .int(range.element(resolved))
        case (.string(let text), .int(let position)):
            let characters = Array(text)
            let resolved = position < 0 ? characters.count + position : position
            guard resolved >= 0, resolved < characters.count else {
                throw RuntimeError("index \(position) is out of range for a string of \(characters.count)", at: location)
            }
            return .string(String(characters[resolved]))
        case (.map(let map), .string(let key)):
            if let value = map[key] { return value }
            throw missingKey(key, in: map, at: location)
        case (.job, .string(let name)):
            return try get(object, name, at: location)
        default:
            throw RuntimeError("cannot index \(object.typeName) with \(index.typeName)", at: location)
        }
    }
}

/// The fields of a Devo job object (devo-api.md §5), in the order djs prints them.
public enum JobFields {
    public static let known = ["id", "status", "friendlyName", "type", "query", "table", "owner", "domain",
                               "eventGenerated", "eventsSent", "lastDatetime", "error", "extra", "cid"]
    /// Every job status Devo documents (devo-api.md §6).
    public static let statuses = ["CREATED", "RUNNING", "COMPLETED", "STOPPED", "RECONNECTING", "REMOVED", "PAUSED"]
    /// Statuses a job stays in until someone acts: `wait()` stops waiting for a job that
    /// reaches one of these without reaching the status it waits for.
    public static let settledStatuses: Set<String> = ["COMPLETED", "STOPPED", "REMOVED"]
}
