import Foundation

/// A setting together with where it was found, so that messages can say
/// "API key from --key" or "timeout from DEVO_API_TIMEOUT".
struct Sourced<Value: Sendable>: Sendable {
    var value: Value
    /// How a person would name the place: `--key`, `DEVO_API_KEY`, `"key" in /home/a/.devo.json`.
    var origin: String
}

/// The settings one configuration source provides (the flags, the environment, one file or
/// profile). The resolver stacks layers, highest priority first.
struct ConfigLayer: Sendable {
    /// For messages: "command-line flags", "environment", "/home/a/.devo.json".
    var name: String
    var address: Sourced<String>?
    var region: Sourced<String>?
    var key: Sourced<String>?
    var secret: Sourced<String>?
    var token: Sourced<String>?
    var jwt: Sourced<String>?
    var retries: Sourced<Int>?
    var timeout: Sourced<Double>?
    var retryDelay: Sourced<Double>?
    var caFile: Sourced<String>?

    init(name: String) { self.name = name }

    var hasCredentials: Bool { key != nil || secret != nil || token != nil || jwt != nil }

    /// The same layer without its credentials (from a file others can read).
    var withoutCredentials: ConfigLayer {
        var layer = self
        layer.key = nil
        layer.secret = nil
        layer.token = nil
        layer.jwt = nil
        return layer
    }

    /// The layer from command-line flags. Empty strings count as not given.
    static func fromFlags(_ flags: DevoConnectionFlags) throws(DevoError) -> ConfigLayer {
        var layer = ConfigLayer(name: "command-line flags")
        layer.address = nonEmpty(flags.address).map { Sourced(value: $0, origin: "--address") }
        layer.region = nonEmpty(flags.region).map { Sourced(value: $0, origin: "--region") }
        layer.key = nonEmpty(flags.key).map { Sourced(value: $0, origin: "--key") }
        layer.secret = nonEmpty(flags.secret).map { Sourced(value: $0, origin: "--secret") }
        layer.token = nonEmpty(flags.token).map { Sourced(value: $0, origin: "--token") }
        layer.jwt = nonEmpty(flags.jwt).map { Sourced(value: $0, origin: "--jwt") }
        layer.caFile = nonEmpty(flags.caFile).map { Sourced(value: $0, origin: "--cacert") }
        if let retries = flags.retries {
            guard retries >= 0 else { throw .configuration("--retries must be 0 or more (got \(retries))") }
            layer.retries = Sourced(value: retries, origin: "--retries")
        }
        if let timeout = flags.timeout {
            guard timeout > 0, timeout.isFinite else { throw .configuration("--timeout must be a positive number of seconds (got \(timeout))") }
            layer.timeout = Sourced(value: timeout, origin: "--timeout")
        }
        return layer
    }

    /// The layer from the environment, with the official SDK's variable names.
    /// Empty variables count as unset.
    static func fromEnvironment(_ environment: [String: String]) throws(DevoError) -> ConfigLayer {
        func variable(_ name: String) -> Sourced<String>? {
            nonEmpty(environment[name]).map { Sourced(value: $0, origin: name) }
        }
        var layer = ConfigLayer(name: "environment")
        layer.address = variable(EnvironmentVariable.address)
        layer.key = variable(EnvironmentVariable.key)
        layer.secret = variable(EnvironmentVariable.secret)
        layer.token = variable(EnvironmentVariable.token)
        layer.jwt = variable(EnvironmentVariable.jwt)
        layer.caFile = variable(EnvironmentVariable.caFile)
        if let text = variable(EnvironmentVariable.retries) {
            guard let retries = Int(text.value.trimmingCharacters(in: .whitespaces)), retries >= 0 else {
                throw .configuration("\(EnvironmentVariable.retries) must be a whole number, 0 or more (got '\(text.value)')")
            }
            layer.retries = Sourced(value: retries, origin: text.origin)
        }
        if let text = variable(EnvironmentVariable.timeout) {
            guard let timeout = Double(text.value.trimmingCharacters(in: .whitespaces)), timeout > 0, timeout.isFinite else {
                throw .configuration("\(EnvironmentVariable.timeout) must be a positive number of seconds (got '\(text.value)')")
            }
            layer.timeout = Sourced(value: timeout, origin: text.origin)
        }
        return layer
    }
}

/// The official Python SDK's environment variable names (devo-api.md §8).
public enum EnvironmentVariable {
    public static let address = "DEVO_API_ADDRESS"
    public static let key = "DEVO_API_KEY"
    public static let secret = "DEVO_API_SECRET"
    public static let token = "DEVO_API_TOKEN"
    public static let jwt = "DEVO_API_JWT"
    public static let retries = "DEVO_API_RETRIES"
    public static let timeout = "DEVO_API_TIMEOUT"
    /// The `comment.user` audit pragma of launched queries (the SDK reads it too).
    public static let user = "DEVO_API_USER"
    /// The `comment.free` audit pragma of launched queries (the SDK reads it too).
    public static let comment = "DEVO_API_COMMENT"
    /// A PEM file of CA certificates to verify Devo's certificate against (djs's own).
    public static let caFile = "DEVO_API_CACERT"
}

func nonEmpty(_ text: String?) -> String? {
    guard let text, !text.isEmpty else { return nil }
    return text
}
