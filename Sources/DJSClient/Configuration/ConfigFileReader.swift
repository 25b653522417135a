import Foundation

/// A JSON config file, read, checked and parsed.
///
/// Like ssh with `~/.ssh/config` and private keys, djs refuses a config file that others can
/// change (mode bits 022), and does not use the credentials of one that others can read (any
/// of 077): ssh ignores such a private key and goes on with other keys, so djs ignores those
/// credentials (`exposedCredentials`) and goes on with other sources. A file without
/// credentials (say, a team's shared list of regions) may be world-readable.
struct ConfigFile {
    let path: String
    let members: [String: JSONValue]
    /// Why the file's credentials must not be used ("other users can read it (mode 644)"),
    /// or nil when they may be.
    var exposedCredentials: String?
    /// Far more than any real config; a bound keeps a mistaken path from eating memory.
    static let maximumBytes = 1 << 20

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
        // stat follows a symbolic link (a dotfiles repo often links ~/.devo.json), so the
        // checks below are about the file itself, not the link.
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw .configuration("cannot read config file \(path): \(String(cString: strerror(errno)))")
        }
        // A FIFO would block the read forever and /dev/zero would never end.
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw .configuration("config file \(path) is not a regular file")
        }
        guard status.st_size <= ConfigFile.maximumBytes else {
            throw .configuration("config file \(path) is \(status.st_size) bytes; a config file is at most "
                + "\(ConfigFile.maximumBytes) bytes")
        }
        let permissions = Int(status.st_mode & 0o7777)
        // Checked before reading: a file others may change decides where credentials are
        // sent, whatever it holds today.
        if permissions & 0o022 != 0 {
            throw .configuration("config file \(path) can be changed by other users (mode \(octal(permissions))), "
                + "who could send djs and its credentials elsewhere; djs refuses it, as ssh refuses such a config. "
                + "Run: chmod 600 \(path)")
        }
        guard manager.isReadableFile(atPath: path), let data = manager.contents(atPath: path) else {
            throw .configuration("cannot read config file \(path): permission denied or I/O error")
        }
        if data.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
            throw .configuration("config file \(path) is empty; it should hold a JSON object such as {\"api\": {…}}")
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
        // As ssh ignores a private key that others can read: the secret is exposed already,
        // and using it quietly would let that go unnoticed.
        var exposed: String?
        if permissions & 0o077 != 0, ConfigFile.holdsCredentials(parsed) {
            exposed = "other users can read it (mode \(octal(permissions)))"
        }
        return ConfigFile(path: path, members: members, exposedCredentials: exposed)
    }

    /// The warning printed when the credentials are ignored: the file, why, and the fix.
    var ignoredCredentialsWarning: String? {
        exposedCredentials.map {
            "warning: the credentials in \(path) are ignored: \($0), as ssh ignores such a private key. "
                + "Run: chmod 600 \(path)"
        }
    }

    /// Whether any object at any depth has a non-empty `key`, `secret`, `token` or `jwt`:
    /// every profile counts, not only the one in use, since all of them are exposed.
    static func holdsCredentials(_ value: JSONValue) -> Bool {
        switch value {
        case .object(let members):
            return members.contains { name, member in
                if ["key", "secret", "token", "jwt"].contains(name), let text = member.stringValue, !text.isEmpty {
                    return true
                }
                return holdsCredentials(member)
            }
        case .array(let elements):
            return elements.contains(where: holdsCredentials)
        default:
            return false
        }
    }
}

private func octal(_ permissions: Int) -> String {
    String(permissions & 0o777, radix: 8)
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
        // The SDK's `verify` is a bool, or the path of a CA file to verify against.
        if case .string(let path)? = members["verify"], !path.isEmpty {
            layer.caFile = Sourced(value: path, origin: origin("verify"))
        }
        return layer
    }
}
