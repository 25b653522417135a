import Foundation

/// A client configuration plus what the caller should tell the user about it.
public struct DevoResolvedConfiguration: Sendable {
    public var configuration: DevoClientConfiguration
    /// Lines to print on stderr (e.g. an ignored key). Never contain secrets.
    public var warnings: [String]
    /// Where each setting came from, for a "show config" command: keys `address`,
    /// `credentials`, `retries`, `timeout`, `retryDelay`; values like `--address`,
    /// `DEVO_API_KEY`, `"api.key" in /home/a/.devo.json` or `default`.
    public var origins: [String: String]
    /// The profile of djs's config file that was used (`--profile`, else `default_profile`),
    /// nil when none was. A name, never a credential.
    public var profile: String?
}

/// Builds a `DevoClientConfiguration` from command-line flags, the environment and config
/// files, highest priority first:
///
/// 1. flags (`DevoConnectionFlags`);
/// 2. environment: `DEVO_API_ADDRESS`, `DEVO_API_KEY`, `DEVO_API_SECRET`, `DEVO_API_TOKEN`,
///    `DEVO_API_JWT`, `DEVO_API_RETRIES`, `DEVO_API_TIMEOUT` (the Python SDK's names);
/// 3. with `--config FILE`: that file only (either format below); otherwise
///    a. the selected profile of djs's file `$XDG_CONFIG_HOME/djs/config.json`
///       (default `~/.config/djs/config.json`), then
///    b. the SDK's `~/.devo.json` (`{"api": {...}}`).
///
/// djs's file:
///
///     {
///       "default_profile": "prod",
///       "profiles": {
///         "prod": {"address": "https://apiv2-eu.devo.com", "key": "…", "secret": "…",
///                  "retries": 3, "timeout": 30},
///         "us":   {"region": "us", "token": "…"}
///       }
///     }
///
/// A profile takes `address` or `region`, `key`+`secret` / `token` / `jwt` (also inside an
/// `auth` object), `retries`, `timeout`, `retry_delay` (seconds). The profile used is
/// `--profile NAME`, else `default_profile`, else none.
///
/// Each setting is taken from the highest source that has it. Credentials are chosen as a
/// unit: the highest source that gives any credential decides the method (within one
/// source: key+secret, then token, then JWT, like the SDK). A key or secret given alone is
/// completed by the other half from a lower source, so `--key K` with `DEVO_API_SECRET`
/// works; a token in a file never overrides `--key/--secret`, and the reverse.
public struct DevoConfigurationResolver: Sendable {
    public var flags: DevoConnectionFlags
    public var environment: [String: String]
    public var homeDirectory: String
    /// `$XDG_CONFIG_HOME`; nil or empty means `<home>/.config`.
    public var xdgConfigHome: String?

    /// - Parameters:
    ///   - environment: pass `ProcessInfo.processInfo.environment` in production, a literal in tests.
    ///   - homeDirectory: defaults to `HOME` from `environment`, then the user's home directory.
    ///   - xdgConfigHome: defaults to `XDG_CONFIG_HOME` from `environment`.
    public init(flags: DevoConnectionFlags, environment: [String: String], homeDirectory: String? = nil,
                xdgConfigHome: String? = nil) {
        self.flags = flags
        self.environment = environment
        self.homeDirectory = homeDirectory ?? nonEmpty(environment["HOME"]) ?? NSHomeDirectory()
        self.xdgConfigHome = xdgConfigHome ?? environment["XDG_CONFIG_HOME"]
    }

    /// djs's profiles file.
    public var djsConfigPath: String {
        let base = nonEmpty(xdgConfigHome) ?? (homeDirectory as NSString).appendingPathComponent(".config")
        return (base as NSString).appendingPathComponent("djs/config.json")
    }

    /// The official SDK's default config file.
    public var sdkConfigPath: String { (homeDirectory as NSString).appendingPathComponent(".devo.json") }

    /// - Parameter log: the verbose log sink to put into the configuration.
    public func resolve(log: (@Sendable (String) -> Void)? = nil) throws(DevoError) -> DevoResolvedConfiguration {
        var warnings: [String] = []
        var ignoredCredentials: [String] = []
        var profile: String?
        var layers = [try ConfigLayer.fromFlags(flags), try ConfigLayer.fromEnvironment(environment)]
        let (fileLayers, filesConsulted) = try loadFileLayers(warnings: &warnings, ignoredCredentials: &ignoredCredentials,
                                                              profile: &profile)
        layers += fileLayers

        var origins: [String: String] = [:]
        let endpoint = try resolveEndpoint(layers, filesConsulted: filesConsulted, origins: &origins)
        let credentials = try resolveCredentials(layers, filesConsulted: filesConsulted, origins: &origins,
                                                 ignoredFiles: ignoredCredentials)

        let retries = layers.lazy.compactMap(\.retries).first
        let timeout = layers.lazy.compactMap(\.timeout).first
        let retryDelay = layers.lazy.compactMap(\.retryDelay).first
        origins["retries"] = retries?.origin ?? "default"
        origins["timeout"] = timeout?.origin ?? "default"
        origins["retryDelay"] = retryDelay?.origin ?? "default"

        var configuration = DevoClientConfiguration(
            endpoint: endpoint, credentials: credentials,
            retries: retries?.value ?? DevoClientConfiguration.defaultRetries,
            timeout: timeout?.value ?? DevoClientConfiguration.defaultTimeout,
            retryBaseDelay: retryDelay?.value ?? DevoClientConfiguration.defaultRetryBaseDelay,
            log: log)
        configuration.pragmas = DevoQueryPragmas(environment: environment)
        configuration.network = try networkSettings(layers, origins: &origins)
        return DevoResolvedConfiguration(configuration: configuration, warnings: warnings, origins: origins, profile: profile)
    }

    // MARK: - Files

    /// The layers from config files, highest first, and the paths looked at (for messages).
    private func loadFileLayers(warnings: inout [String], ignoredCredentials: inout [String],
                                profile: inout String?) throws(DevoError) -> ([ConfigLayer], [String]) {
        if let explicit = nonEmpty(flags.configFile) {
            let path = expandTilde(explicit)
            guard let file = try ConfigFile.load(path: path, required: true, requiredBy: "--config") else { return ([], [path]) }
            let hasProfiles = file.members["profiles"] != nil || file.members["default_profile"] != nil
            let hasSDKSection = file.members["api"] != nil
            guard hasProfiles || hasSDKSection else {
                throw .configuration("config file \(path) has neither an \"api\" section (Devo SDK format) nor \"profiles\" (djs format)")
            }
            if flags.profile != nil && !hasProfiles {
                throw .configuration("--profile \(flags.profile ?? "") was given, but config file \(path) has no \"profiles\"")
            }
            var layers: [ConfigLayer] = []
            if hasProfiles, let layer = try profileLayer(file, warnings: &warnings, profile: &profile) { layers.append(layer) }
            if hasSDKSection, let layer = try sdkLayer(file, warnings: &warnings) { layers.append(layer) }
            return (usable(layers, of: file, warnings: &warnings, ignored: &ignoredCredentials), [path])
        }

        var layers: [ConfigLayer] = []
        if let file = try ConfigFile.load(path: djsConfigPath, required: false, requiredBy: "") {
            if let layer = try profileLayer(file, warnings: &warnings, profile: &profile) {
                layers += usable([layer], of: file, warnings: &warnings, ignored: &ignoredCredentials)
            }
        } else if let profile = flags.profile {
            throw .configuration("--profile \(profile) was given, but djs's config file \(djsConfigPath) does not exist")
        }
        if let file = try ConfigFile.load(path: sdkConfigPath, required: false, requiredBy: "") {
            if let layer = try sdkLayer(file, warnings: &warnings) {
                layers += usable([layer], of: file, warnings: &warnings, ignored: &ignoredCredentials)
            }
        } else {
            for yaml in [".devo.yaml", ".devo.yml"] {
                let path = (homeDirectory as NSString).appendingPathComponent(yaml)
                if FileManager.default.fileExists(atPath: path) {
                    warnings.append("warning: \(path) is not read (djs reads JSON only); convert it to \(sdkConfigPath)")
                }
            }
        }
        return (layers, [djsConfigPath, sdkConfigPath])
    }

    /// A file's layers, without their credentials if others can read the file (with the
    /// warning that says so).
    private func usable(_ layers: [ConfigLayer], of file: ConfigFile, warnings: inout [String],
                        ignored: inout [String]) -> [ConfigLayer] {
        guard let warning = file.ignoredCredentialsWarning, let reason = file.exposedCredentials else { return layers }
        warnings.append(warning)
        ignored.append("The credentials in \(file.path) were not used: \(reason); run: chmod 600 \(file.path).")
        return layers.map(\.withoutCredentials)
    }

    /// The SDK format: settings in the `api` object.
    private func sdkLayer(_ file: ConfigFile, warnings: inout [String]) throws(DevoError) -> ConfigLayer? {
        let root = ConfigSection(file: file.path, keyPrefix: "", members: file.members)
        guard let api = try root.section("api") else { return nil }
        if api.members["verify"] == .bool(false) {
            warnings.append("warning: \(api.origin("verify")) is ignored: djs always verifies TLS certificates")
        }
        return try api.layer(named: file.path)
    }

    /// djs's format: the profile named by `--profile`, else by `default_profile`.
    private func profileLayer(_ file: ConfigFile, warnings: inout [String], profile used: inout String?) throws(DevoError) -> ConfigLayer? {
        let root = ConfigSection(file: file.path, keyPrefix: "", members: file.members)
        for key in file.members.keys.sorted() where !["default_profile", "profiles", "api"].contains(key) {
            warnings.append("warning: unknown key \(root.origin(key)) is ignored")
        }
        let defaultProfile = try root.string("default_profile")
        guard let name = nonEmpty(flags.profile) ?? defaultProfile?.value else { return nil }
        let profiles = try root.section("profiles")
        guard let profile = try profiles?.section(name) else {
            let known = profiles?.members.keys.sorted().joined(separator: ", ") ?? ""
            let chosenBy = flags.profile != nil ? "--profile" : defaultProfile?.origin ?? ""
            throw .configuration("profile '\(name)' (from \(chosenBy)) is not defined in \(file.path)"
                + (known.isEmpty ? "; it defines no profiles" : "; defined profiles: \(known)"))
        }
        let knownKeys: Set<String> = ["address", "region", "key", "secret", "token", "jwt", "auth", "retries",
                                      "timeout", "retry_delay"]
        for key in profile.members.keys.sorted() where !knownKeys.contains(key) {
            warnings.append("warning: unknown key \(profile.origin(key)) is ignored")
        }
        used = name
        return try profile.layer(named: "profile '\(name)' of \(file.path)")
    }

    private func expandTilde(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        return homeDirectory + path.dropFirst()
    }

    // MARK: - Settings

    private func resolveEndpoint(_ layers: [ConfigLayer], filesConsulted: [String],
                                 origins: inout [String: String]) throws(DevoError) -> DevoEndpoint {
        guard let layer = layers.first(where: { $0.address != nil || $0.region != nil }) else {
            throw .configuration("""
                no Devo API address is configured. Give one with --address URL or --region us|ca|eu|es|apac, \
                the environment variable \(EnvironmentVariable.address), or "address"/"region" in a config file \
                (\(filesConsulted.joined(separator: " or "))). Or use --sim to work against the local simulator.
                """)
        }
        switch (layer.address, layer.region) {
        case (let address?, let region?):
            throw .configuration("both \(address.origin) and \(region.origin) are given; give only one of them")
        case (let address?, nil):
            origins["address"] = address.origin
            do { return try DevoEndpoint(address: address.value) } catch {
                throw .configuration("\(address.origin): \(error.message)")
            }
        case (nil, let region?):
            origins["address"] = region.origin
            do { return DevoEndpoint(region: try DevoRegion.named(region.value)) } catch {
                throw .configuration("\(region.origin): \(error.message)")
            }
        case (nil, nil):
            preconditionFailure("the layer was chosen for having an address or a region")
        }
    }

    private func resolveCredentials(_ layers: [ConfigLayer], filesConsulted: [String],
                                    origins: inout [String: String],
                                    ignoredFiles: [String]) throws(DevoError) -> DevoCredentials {
        guard let top = layers.firstIndex(where: \.hasCredentials) else {
            // Say why a file's credentials were not used: otherwise "none configured" would
            // contradict the file the user can see.
            let ignored = ignoredFiles.map { " " + $0 }.joined()
            throw .configuration("""
                no Devo credentials are configured. Give an API key and secret (--key and --secret, \
                \(EnvironmentVariable.key) and \(EnvironmentVariable.secret), or "key" and "secret" in a config file), \
                a token (--token, \(EnvironmentVariable.token) or "token") or a JWT (--jwt, \(EnvironmentVariable.jwt) \
                or "jwt"). Config files looked at: \(filesConsulted.joined(separator: ", ")).\(ignored) \
                Or use --sim to work against the local simulator.
                """)
        }
        let layer = layers[top]
        if let key = layer.key, let secret = layer.secret {
            origins["credentials"] = "key+secret (key from \(key.origin), secret from \(secret.origin))"
            return .keySecret(key: key.value, secret: secret.value)
        }
        if let token = layer.token {
            origins["credentials"] = "token from \(token.origin)"
            return .token(token.value)
        }
        if let jwt = layer.jwt {
            origins["credentials"] = "jwt from \(jwt.origin)"
            return .jwt(jwt.value)
        }
        // Only one half of a key+secret pair here: complete it from a lower source.
        let lower = layers[(top + 1)...]
        if let key = layer.key {
            guard let secret = lower.lazy.compactMap(\.secret).first else {
                throw .configuration("an API key is given by \(key.origin) but no API secret; give it with --secret, "
                    + "\(EnvironmentVariable.secret) or \"secret\" in a config file")
            }
            origins["credentials"] = "key+secret (key from \(key.origin), secret from \(secret.origin))"
            return .keySecret(key: key.value, secret: secret.value)
        }
        guard let secret = layer.secret else { preconditionFailure("the layer was chosen for having a credential") }
        guard let key = lower.lazy.compactMap(\.key).first else {
            throw .configuration("an API secret is given by \(secret.origin) but no API key; give it with --key, "
                + "\(EnvironmentVariable.key) or \"key\" in a config file")
        }
        origins["credentials"] = "key+secret (key from \(key.origin), secret from \(secret.origin))"
        return .keySecret(key: key.value, secret: secret.value)
    }
}

extension DevoConfigurationResolver {
    /// The CA file (`--cacert`, `DEVO_API_CACERT`, or the SDK's `"verify": "/path"`), which
    /// must be a readable file, and the proxy from `HTTPS_PROXY`/`https_proxy`, skipped for
    /// the hosts of `NO_PROXY`/`no_proxy` (the names curl and most tools read).
    func networkSettings(_ layers: [ConfigLayer], origins: inout [String: String]) throws(DevoError) -> DevoNetworkSettings {
        var settings = DevoNetworkSettings()
        if let caFile = layers.lazy.compactMap(\.caFile).first {
            let path = caFile.value == "~" || caFile.value.hasPrefix("~/") ? homeDirectory + caFile.value.dropFirst() : caFile.value
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                  FileManager.default.isReadableFile(atPath: path) else {
                throw .configuration("the CA file \(path) (from \(caFile.origin)) does not exist or cannot be read")
            }
            settings.caFile = path
            origins["caFile"] = caFile.origin
        }
        settings.proxy = nonEmpty(environment["HTTPS_PROXY"]) ?? nonEmpty(environment["https_proxy"])
        settings.noProxy = nonEmpty(environment["NO_PROXY"]) ?? nonEmpty(environment["no_proxy"])
        return settings
    }
}

extension DevoError {
    /// The message without the "configuration error: " prefix, for wrapping in another message.
    var message: String {
        if case .configuration(let text) = self { return text }
        return description
    }
}
