import Foundation
import Testing
@testable import DJSClient

/// A throwaway home directory with optional config files, removed when the test ends.
final class TemporaryHome {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "djs-client-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `contents` at `relativePath` with the given permissions (private by default).
    @discardableResult
    func write(_ relativePath: String, _ contents: String, mode: Int = 0o600) throws -> String {
        let file = (path as NSString).appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: URL(fileURLWithPath: file))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file)
        return file
    }

    func resolver(_ flags: DevoConnectionFlags = DevoConnectionFlags(), environment: [String: String] = [:]) -> DevoConfigurationResolver {
        DevoConfigurationResolver(flags: flags, environment: environment, homeDirectory: path)
    }
}

@Suite struct ConfigurationResolverTests {
    @Test func flagsAloneAreEnough() throws {
        let home = try TemporaryHome()
        let resolved = try home.resolver(DevoConnectionFlags(region: "eu", key: "k", secret: "s", retries: 1, timeout: 9)).resolve()
        #expect(resolved.configuration.endpoint.baseURL == "https://apiv2-eu.devo.com")
        #expect(resolved.configuration.credentials == .keySecret(key: "k", secret: "s"))
        #expect(resolved.configuration.retries == 1)
        #expect(resolved.configuration.timeout == 9)
        #expect(resolved.warnings.isEmpty)
        #expect(resolved.origins == ["address": "--region", "credentials": "key+secret (key from --key, secret from --secret)",
                                     "retries": "--retries", "timeout": "--timeout", "retryDelay": "default"])
    }

    @Test func environmentUsesTheSDKNames() throws {
        let home = try TemporaryHome()
        let environment = ["DEVO_API_ADDRESS": "https://apiv2-us.devo.com/search/query", "DEVO_API_TOKEN": "t1",
                           "DEVO_API_JWT": "j1", "DEVO_API_RETRIES": "5", "DEVO_API_TIMEOUT": "2.5"]
        let configuration = try home.resolver(environment: environment).resolve().configuration
        #expect(configuration.endpoint.baseURL == "https://apiv2-us.devo.com")
        #expect(configuration.credentials == .token("t1"))
        #expect(configuration.retries == 5)
        #expect(configuration.timeout == 2.5)
    }

    @Test func flagsBeatEnvironmentWhichBeatsFiles() throws {
        let home = try TemporaryHome()
        try home.write(".devo.json", #"{"api": {"address": "https://apiv2-ca.devo.com", "key": "fk", "secret": "fs", "retries": 9, "timeout": 99}}"#)
        let environment = ["DEVO_API_ADDRESS": "https://apiv2-es.devo.com", "DEVO_API_RETRIES": "4"]
        let resolved = try home.resolver(DevoConnectionFlags(timeout: 3), environment: environment).resolve()
        #expect(resolved.configuration.endpoint.baseURL == "https://apiv2-es.devo.com")
        #expect(resolved.configuration.retries == 4)
        #expect(resolved.configuration.timeout == 3)
        #expect(resolved.configuration.credentials == .keySecret(key: "fk", secret: "fs"))
        #expect(resolved.origins["credentials"] == "key+secret (key from \"api.key\" in \(home.path)/.devo.json, secret from \"api.secret\" in \(home.path)/.devo.json)")
    }

    @Test func theSDKFileMayNestCredentialsInAuthAndSetRetryDelay() throws {
        let home = try TemporaryHome()
        try home.write(".devo.json", #"{"api": {"auth": {"token": "tt"}, "address": "apiv2-eu.devo.com", "retry_delay": 2, "verify": true}}"#)
        let configuration = try home.resolver().resolve().configuration
        #expect(configuration.credentials == .token("tt"))
        #expect(configuration.retryBaseDelay == 2)
    }

    @Test func credentialsComeFromTheHighestSourceAsAUnit() throws {
        let home = try TemporaryHome()
        try home.write(".devo.json", #"{"api": {"address": "https://apiv2-eu.devo.com", "key": "fk", "secret": "fs"}}"#)
        // A token flag wins over a key+secret file, although key+secret wins within one source.
        #expect(try home.resolver(DevoConnectionFlags(token: "flag-token")).resolve().configuration.credentials == .token("flag-token"))
        #expect(try home.resolver(environment: ["DEVO_API_JWT": "env-jwt"]).resolve().configuration.credentials == .jwt("env-jwt"))
        #expect(try home.resolver(DevoConnectionFlags(key: "k", secret: "s", token: "t")).resolve().configuration.credentials
            == .keySecret(key: "k", secret: "s"))
    }

    @Test func aKeyFlagIsCompletedByASecretFromTheEnvironment() throws {
        let home = try TemporaryHome()
        let resolved = try home.resolver(DevoConnectionFlags(region: "us", key: "k"), environment: ["DEVO_API_SECRET": "s"]).resolve()
        #expect(resolved.configuration.credentials == .keySecret(key: "k", secret: "s"))
        #expect(resolved.origins["credentials"] == "key+secret (key from --key, secret from DEVO_API_SECRET)")
    }

    @Test func aKeyWithoutASecretNamesWhatIsMissing() throws {
        let home = try TemporaryHome()
        let error = #expect(throws: DevoError.self) { try home.resolver(DevoConnectionFlags(region: "us", key: "k")).resolve() }
        #expect(error?.description == "configuration error: an API key is given by --key but no API secret; give it with --secret, DEVO_API_SECRET or \"secret\" in a config file")
        let secretOnly = #expect(throws: DevoError.self) { try home.resolver(environment: ["DEVO_API_ADDRESS": "https://x.devo.com", "DEVO_API_SECRET": "s"]).resolve() }
        #expect(secretOnly?.description.contains("an API secret is given by DEVO_API_SECRET but no API key") == true)
    }

    @Test func missingAddressOrCredentialsSuggestWhereAndSim() throws {
        let home = try TemporaryHome()
        let noAddress = #expect(throws: DevoError.self) { try home.resolver(DevoConnectionFlags(token: "t")).resolve() }
        let addressText = noAddress?.description ?? ""
        for expected in ["no Devo API address", "--address", "--region", "DEVO_API_ADDRESS", ".devo.json", "djs/config.json", "--sim"] {
            #expect(addressText.contains(expected), "missing \(expected) in: \(addressText)")
        }
        let noCredentials = #expect(throws: DevoError.self) { try home.resolver(DevoConnectionFlags(region: "eu")).resolve() }
        let credentialsText = noCredentials?.description ?? ""
        for expected in ["no Devo credentials", "--key", "--secret", "DEVO_API_KEY", "DEVO_API_SECRET", "--token",
                         "DEVO_API_TOKEN", "--jwt", "DEVO_API_JWT", "\(home.path)/.devo.json", "--sim"] {
            #expect(credentialsText.contains(expected), "missing \(expected) in: \(credentialsText)")
        }
    }

    @Test func profilesComeFromTheXDGFileByNameOrDefault() throws {
        let home = try TemporaryHome()
        try home.write(".config/djs/config.json", """
            {"default_profile": "prod",
             "profiles": {"prod": {"address": "https://apiv2-eu.devo.com", "key": "pk", "secret": "ps", "retries": 2},
                          "us": {"region": "us", "token": "ut", "timeout": 12}}}
            """)
        let prod = try home.resolver().resolve().configuration
        #expect(prod.endpoint.baseURL == "https://apiv2-eu.devo.com" && prod.credentials == .keySecret(key: "pk", secret: "ps") && prod.retries == 2)
        let us = try home.resolver(DevoConnectionFlags(profile: "us")).resolve()
        #expect(us.configuration.endpoint.baseURL == "https://apiv2-us.devo.com" && us.configuration.credentials == .token("ut"))
        #expect(us.configuration.timeout == 12)
        #expect(us.origins["address"] == "\"profiles.us.region\" in \(home.path)/.config/djs/config.json")
    }

    @Test func xdgConfigHomeMovesTheProfilesFile() throws {
        let home = try TemporaryHome()
        let xdg = home.path + "/xdg"
        try home.write("xdg/djs/config.json", #"{"profiles": {"p": {"region": "ca", "jwt": "jj"}}}"#)
        let resolver = DevoConfigurationResolver(flags: DevoConnectionFlags(profile: "p"), environment: ["XDG_CONFIG_HOME": xdg],
                                                 homeDirectory: home.path)
        #expect(resolver.djsConfigPath == xdg + "/djs/config.json")
        #expect(try resolver.resolve().configuration.credentials == .jwt("jj"))
    }

    @Test func aProfileBeatsTheSDKFileSettingBySetting() throws {
        let home = try TemporaryHome()
        try home.write(".config/djs/config.json", #"{"default_profile": "p", "profiles": {"p": {"region": "es"}}}"#)
        try home.write(".devo.json", #"{"api": {"address": "https://apiv2-us.devo.com", "token": "sdk-token", "retries": 7}}"#)
        let configuration = try home.resolver().resolve().configuration
        #expect(configuration.endpoint.baseURL == "https://apiv2-es.devo.com")
        #expect(configuration.credentials == .token("sdk-token"))
        #expect(configuration.retries == 7)
    }

    @Test func unknownProfileListsTheDefinedOnes() throws {
        let home = try TemporaryHome()
        let file = try home.write(".config/djs/config.json", #"{"profiles": {"a": {}, "b": {}}}"#)
        let error = #expect(throws: DevoError.self) { try home.resolver(DevoConnectionFlags(profile: "prod")).resolve() }
        #expect(error?.description == "configuration error: profile 'prod' (from --profile) is not defined in \(file); defined profiles: a, b")
    }

    @Test func aProfileFlagWithoutAProfilesFileIsAnError() throws {
        let home = try TemporaryHome()
        let error = #expect(throws: DevoError.self) { try home.resolver(DevoConnectionFlags(profile: "prod")).resolve() }
        #expect(error?.description.contains("--profile prod was given, but djs's config file \(home.path)/.config/djs/config.json does not exist") == true)
    }

    @Test func anExplicitConfigFileReplacesTheDefaultFiles() throws {
        let home = try TemporaryHome()
        try home.write(".devo.json", #"{"api": {"token": "default-file-token"}}"#)
        let custom = try home.write("custom.json", #"{"api": {"address": "https://apiv2-us.devo.com/search/query", "key": "ck", "secret": "cs"}}"#)
        let configuration = try home.resolver(DevoConnectionFlags(configFile: custom)).resolve().configuration
        #expect(configuration.credentials == .keySecret(key: "ck", secret: "cs"))
        let tilde = try home.resolver(DevoConnectionFlags(configFile: "~/custom.json")).resolve().configuration
        #expect(tilde.credentials == .keySecret(key: "ck", secret: "cs"))
    }

    @Test func anExplicitConfigFileMayHoldProfiles() throws {
        let home = try TemporaryHome()
        let file = try home.write("team.json", #"{"profiles": {"x": {"region": "apac", "token": "xt"}}}"#)
        let configuration = try home.resolver(DevoConnectionFlags(profile: "x", configFile: file)).resolve().configuration
        #expect(configuration.endpoint.baseURL == "https://api-apac.devo.com")
    }

    @Test func fileProblemsNameTheFileAndKey() throws {
        let home = try TemporaryHome()
        let missing = #expect(throws: DevoError.self) { try home.resolver(DevoConnectionFlags(configFile: home.path + "/nope.json")).resolve() }
        #expect(missing?.description == "configuration error: config file \(home.path)/nope.json (given by --config) does not exist")

        let malformed = try home.write(".devo.json", "{\"api\": {\"key\": \"SECRETISH\",, }")
        let parse = #expect(throws: DevoError.self) { try home.resolver().resolve() }
        #expect(parse?.description == "configuration error: config file \(malformed) is not valid JSON")
        #expect(parse?.description.contains("SECRETISH") == false)

        try home.write(".devo.json", #"{"api": {"address": "https://apiv2-eu.devo.com", "retries": "3", "token": "t"}}"#)
        let wrongType = #expect(throws: DevoError.self) { try home.resolver().resolve() }
        #expect(wrongType?.description == "configuration error: \"api.retries\" in \(malformed) must be a whole number, 0 or more, found a string")

        try home.write(".devo.json", #"{"api": {"secret": 12345}}"#)
        let secretType = #expect(throws: DevoError.self) { try home.resolver().resolve() }
        #expect(secretType?.description == "configuration error: \"api.secret\" in \(malformed) must be a string, found a number")

        try home.write(".devo.json", #"["api"]"#)
        let notObject = #expect(throws: DevoError.self) { try home.resolver().resolve() }
        #expect(notObject?.description.contains("must contain a JSON object at the top level, found an array") == true)
    }

    // root can read anything, so this test is skipped (reported as such) when run as root.
    @Test(.enabled(if: getuid() != 0, "root can read any file")) func anUnreadableFileIsAnError() throws {
        let home = try TemporaryHome()
        let file = try home.write(".devo.json", #"{"api": {}}"#, mode: 0o000)
        let error = #expect(throws: DevoError.self) { try home.resolver().resolve() }
        #expect(error?.description == "configuration error: cannot read config file \(file): permission denied or I/O error")
    }

    @Test func yamlFilesAreRefusedOrReported() throws {
        let home = try TemporaryHome()
        let yaml = try home.write("devo.yaml", "api:\n  key: k\n")
        let error = #expect(throws: DevoError.self) { try home.resolver(DevoConnectionFlags(configFile: yaml)).resolve() }
        #expect(error?.description.contains("is YAML, which djs does not read") == true)
        try home.write(".devo.yml", "api: {}\n")
        let resolved = try home.resolver(DevoConnectionFlags(region: "eu", token: "t")).resolve()
        #expect(resolved.warnings == ["warning: \(home.path)/.devo.yml is not read (djs reads JSON only); convert it to \(home.path)/.devo.json"])
    }

    @Test func aCredentialsFileReadableByOthersIsIgnoredLikeAnSSHKey() throws {
        let home = try TemporaryHome()
        let file = try home.write(".devo.json", #"{"api": {"address": "https://apiv2-eu.devo.com", "key": "k", "secret": "\#(Fixture.distinctiveSecret)"}}"#, mode: 0o644)
        let error = #expect(throws: DevoError.self) { try home.resolver().resolve() }
        #expect(error?.description.contains("The credentials in \(file) were not used: other users can read it (mode 644); run: chmod 600 \(file).") == true)
        #expect(error?.description.contains(Fixture.distinctiveSecret) == false)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        #expect(try home.resolver().resolve().warnings.isEmpty)
    }

    @Test func verifyFalseAndUnknownProfileKeysAreWarnedAbout() throws {
        let home = try TemporaryHome()
        let sdk = try home.write(".devo.json", #"{"api": {"verify": false}}"#)
        let djs = try home.write(".config/djs/config.json", #"{"default_profile": "p", "profiles": {"p": {"region": "eu", "tokn": "x", "token": "t"}}}"#)
        let resolved = try home.resolver().resolve()
        #expect(resolved.warnings == ["warning: unknown key \"profiles.p.tokn\" in \(djs) is ignored",
                                      "warning: \"api.verify\" in \(sdk) is ignored: djs always verifies TLS certificates"])
    }

    @Test func badValuesInFlagsAndEnvironmentAreNamed() throws {
        let home = try TemporaryHome()
        let cases: [(DevoConnectionFlags, [String: String], String)] = [
            (DevoConnectionFlags(region: "eu", token: "t", retries: -1), [:], "--retries must be 0 or more (got -1)"),
            (DevoConnectionFlags(region: "eu", token: "t", timeout: 0), [:], "--timeout must be a positive number of seconds (got 0.0)"),
            (DevoConnectionFlags(region: "eu", token: "t"), ["DEVO_API_RETRIES": "many"], "DEVO_API_RETRIES must be a whole number, 0 or more (got 'many')"),
            (DevoConnectionFlags(region: "eu", token: "t"), ["DEVO_API_TIMEOUT": "-3"], "DEVO_API_TIMEOUT must be a positive number of seconds (got '-3')"),
            (DevoConnectionFlags(region: "mars", token: "t"), [:], "--region: unknown region 'mars': expected one of us|ca|eu|es|apac"),
            (DevoConnectionFlags(address: "http://apiv2-eu.devo.com", token: "t"), [:], "--address: the Devo API address 'http://apiv2-eu.devo.com' uses http"),
            (DevoConnectionFlags(address: "https://a.devo.com", region: "eu", token: "t"), [:], "both --address and --region are given"),
        ]
        for (flags, environment, expected) in cases {
            let error = #expect(throws: DevoError.self) { try home.resolver(flags, environment: environment).resolve() }
            #expect(error?.description.contains(expected) == true, "expected \(expected), got \(String(describing: error))")
        }
    }

    @Test func emptyEnvironmentVariablesCountAsUnset() throws {
        let home = try TemporaryHome()
        let configuration = try home.resolver(DevoConnectionFlags(region: "eu"), environment: ["DEVO_API_KEY": "", "DEVO_API_TOKEN": "t"]).resolve().configuration
        #expect(configuration.credentials == .token("t"))
    }

    @Test func noResolverOutputContainsASecret() throws {
        let home = try TemporaryHome()
        try home.write(".devo.json", #"{"api": {"address": "https://apiv2-eu.devo.com", "key": "k", "secret": "\#(Fixture.distinctiveSecret)"}}"#)
        let resolved = try home.resolver(environment: ["DEVO_API_TOKEN": Fixture.distinctiveToken]).resolve()
        var dumped = ""
        dump(resolved, to: &dumped)
        let everything = resolved.warnings + Array(resolved.origins.values) + [dumped, "\(resolved.configuration)"]
        for text in everything { #expect(!text.contains("DO-NOT-LEAK"), "leaked in: \(text)") }
    }
}
