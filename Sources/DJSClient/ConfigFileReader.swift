import Foundation

/// A JSON config file, read and parsed, with its permission bits for the ssh-style warning.
struct ConfigFile {
    let path: String
    let members: [String: JSONValue]
    /// POSIX permission bits, when the file system reports them.
    let permissions: Int?

    /// Reads and parses `path`. Returns nil when the file does not exist and `required` is
    /// false; every other problem is an error naming the file.
    static func load(path: String, required: Bool, requiredBy: String) throws(DevoError) -> ConfigFile? {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
            if required { throw .configuration("config file \(path) (given by \(requiredBy)) does not exist") }
            return nil
        }
        guard !isDirectory.boolValue else { throw .configuration("config file \(path) is a directory, not a file") }
        let lowercasedPath = path.lowercased()
        if lowercasedPath.hasSuffix(".yaml") || lowercasedPath.hasSuffix(".yml") {
            throw .configuration("config file \(path) is YAML, which djs does not read; write it as JSON instead")
        }
        guard manager.isReadableFile(atPath: path), let data = manager.contents(atPath: path) else {
            throw .configuration("cannot read config file \(path): permission denied or I/O error")
        }

        let parsed: JSONValue
        do {
            parsed = try JSONValue.parse([UInt8](data))
        } catch {
            // The parser's own message is not used: on some platforms it quotes the text
            // around the error, which may be a secret.
            throw .configuration("config file \(path) is not valid JSON")
        }
        guard case .object(let members) = parsed else {
            throw .configuration("config file \(path) must contain a JSON object at the top level, found \(parsed.typeName)")
        }
        let permissions = (try? manager.attributesOfItem(atPath: path))?[.posixPermissions] as? Int
        return ConfigFile(path: path, members: members, permissions: permissions)
    }

    /// The ssh-style warning for a credentials file others can read, or nil when it is private.
    func permissionWarning() -> String? {
        guard let permissions, permissions & 0o077 != 0 else { return nil }
        return "warning: config file \(path) holds credentials but is readable by others (mode "
            + String(permissions & 0o777, radix: 8) + "); run: chmod 600 \(path)"
    }
}

/// Reads typed settings out of one JSON object of a config file, naming the file and the
/// key in every error ("\"api.retries\" in /home/a/.devo.json must be a whole number…").
struct ConfigSection {
    let file: String
    /// The key path to this object, e.g. `api.` or `profiles.prod.`.
    let keyPrefix: String
    let members: [String: JSONValue]

    func origin(_ key: String) -> String { "\"\(keyPrefix)\(key)\" in \(file)" }

    func string(_ key: String) throws(DevoError) -> Sourced<String>? {
        switch members[key] {
        case nil, .null?: return nil
        case .string(let text)?: return text.isEmpty ? nil : Sourced(value: text, origin: origin(key))
        case let other?: throw typeError(key, expected: "a string", found: other)
        }
    }

    func wholeNumber(_ key: String) throws(DevoError) -> Sourced<Int>? {
        guard let value = members[key], value != .null else { return nil }
        guard let number = value.intValue, number >= 0 else {
            throw typeError(key, expected: "a whole number, 0 or more", found: value)
        }
        return Sourced(value: number, origin: origin(key))
    }

    func seconds(_ key: String) throws(DevoError) -> Sourced<Double>? {
        let number: Double
        switch members[key] {
        case nil, .null?: return nil
        case .int(let whole)?: number = Double(whole)
        case .double(let fraction)?: number = fraction
        case let other?: throw typeError(key, expected: "a number of seconds", found: other)
        }
        guard number > 0, number.isFinite else {
            throw .configuration("\(origin(key)) must be a positive number of seconds")
        }
        return Sourced(value: number, origin: origin(key))
    }

    func section(_ key: String) throws(DevoError) -> ConfigSection? {
        switch members[key] {
        case nil, .null?: return nil
        case .object(let nested)?: return ConfigSection(file: file, keyPrefix: "\(keyPrefix)\(key).", members: nested)
        case let other?: throw typeError(key, expected: "an object", found: other)
        }
    }

    private func typeError(_ key: String, expected: String, found: JSONValue) -> DevoError {
        // Only the type is reported, never the value: it might be a secret in the wrong place.
        .configuration("\(origin(key)) must be \(expected), found \(found.typeName)")
    }

    /// The settings every format shares: address, region, credentials (at this level or in
    /// an `auth` object, as the SDK allows), retries, timeout and retry_delay.
    func layer(named name: String) throws(DevoError) -> ConfigLayer {
        var layer = ConfigLayer(name: name)
        layer.address = try string("address")
        layer.region = try string("region")
        let auth = try section("auth")
        // `??` takes an autoclosure, which loses the typed throw; hence the helper.
        func credential(_ key: String) throws(DevoError) -> Sourced<String>? {
            if let value = try string(key) { return value }
            return try auth?.string(key)
        }
        layer.key = try credential("key")
        layer.secret = try credential("secret")
        layer.token = try credential("token")
        layer.jwt = try credential("jwt")
        layer.retries = try wholeNumber("retries")
        layer.timeout = try seconds("timeout")
        layer.retryDelay = try seconds("retry_delay")
        return layer
    }
}
