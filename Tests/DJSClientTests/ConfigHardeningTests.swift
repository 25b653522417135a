import Foundation
import Testing
@testable import DJSClient

/// Config files and DEVO_API_* values that are broken in every way a person or a disk can
/// break them: each must give one clear error naming the file (and key, or variable), never
/// a crash, a hang or a quoted secret.
@Suite struct ConfigHardeningTests {
    private static let secret = "CFG-SECRET-DO-NOT-LEAK-0x5eC7"

    private func error(_ home: TemporaryHome, _ flags: DevoConnectionFlags = DevoConnectionFlags(),
                       environment: [String: String] = [:]) -> String {
        do {
            _ = try home.resolver(flags, environment: environment).resolve()
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test func aDirectoryWhereAFileShouldBeIsNamed() throws {
        let home = try TemporaryHome()
        try FileManager.default.createDirectory(atPath: home.path + "/.devo.json", withIntermediateDirectories: true)
        #expect(error(home) == "configuration error: config file \(home.path)/.devo.json is a directory, not a file")
        try FileManager.default.createDirectory(atPath: home.path + "/.config/djs/config.json", withIntermediateDirectories: true)
        #expect(error(home) == "configuration error: config file \(home.path)/.config/djs/config.json is a directory, not a file")
        #expect(error(home, DevoConnectionFlags(configFile: home.path)) == "configuration error: config file \(home.path) is a directory, not a file")
    }

    @Test(arguments: ["", "   \n\t\n"])
    func anEmptyFileSaysSo(contents: String) throws {
        let home = try TemporaryHome()
        let file = try home.write(".devo.json", contents)
        #expect(error(home) == "configuration error: config file \(file) is empty; it should hold a JSON object such as {\"api\": {…}}")
    }

    @Test(arguments: [
        "{\"api\": {\"secret\": \"\(ConfigHardeningTests.secret)\"",          // cut off
        "{\"api\": {\"secret\": \"\(ConfigHardeningTests.secret)\"}} trailing",
        "{'api': {'secret': '\(ConfigHardeningTests.secret)'}}",               // Python-style quotes
        "api:\n  secret: \(ConfigHardeningTests.secret)\n",                      // YAML in a .json file
        String(repeating: "[", count: 100_000),                                   // nesting to blow a stack
        String(repeating: "{\"a\":", count: 50_000) + "1" + String(repeating: "}", count: 50_000),
    ])
    func malformedJSONIsNamedWithoutQuotingIt(contents: String) throws {
        let home = try TemporaryHome()
        let file = try home.write(".devo.json", contents)
        let message = error(home)
        #expect(message == "configuration error: config file \(file) is not valid JSON")
        #expect(!message.contains(ConfigHardeningTests.secret))
    }

    @Test func invalidUTF8AndBinaryContentIsNotValidJSON() throws {
        let home = try TemporaryHome()
        let file = (home.path as NSString).appendingPathComponent(".devo.json")
        try Data([0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x00, 0x7D]).write(to: URL(fileURLWithPath: file))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        #expect(error(home) == "configuration error: config file \(file) is not valid JSON")
    }

    @Test(arguments: [
        (#"{"api": "https://apiv2-eu.devo.com"}"#, #""api" in FILE must be an object, found a string"#),
        (#"{"api": {"auth": ["k", "s"]}}"#, #""api.auth" in FILE must be an object, found an array"#),
        (#"{"api": {"address": 443}}"#, #""api.address" in FILE must be a string, found a number"#),
        (#"{"api": {"region": true}}"#, #""api.region" in FILE must be a string, found a boolean"#),
        (#"{"api": {"token": ["\#(ConfigHardeningTests.secret)"]}}"#, #""api.token" in FILE must be a string, found an array"#),
        (#"{"api": {"jwt": {"value": "\#(ConfigHardeningTests.secret)"}}}"#, #""api.jwt" in FILE must be a string, found an object"#),
        (#"{"api": {"retries": 1.5}}"#, #""api.retries" in FILE must be a whole number, 0 or more, found a number"#),
        (#"{"api": {"retries": -2}}"#, #""api.retries" in FILE must be a whole number, 0 or more, found a number"#),
        (#"{"api": {"timeout": "30"}}"#, #""api.timeout" in FILE must be a number of seconds, found a string"#),
        (#"{"api": {"timeout": 0}}"#, #""api.timeout" in FILE must be a positive number of seconds"#),
        (#"{"api": {"retry_delay": -1}}"#, #""api.retry_delay" in FILE must be a positive number of seconds"#),
    ])
    func wrongTypesInTheSDKFileNameFileAndKey(contents: String, expected: String) throws {
        let home = try TemporaryHome()
        let file = try home.write(".devo.json", contents)
        let message = error(home)
        #expect(message == "configuration error: " + expected.replacingOccurrences(of: "FILE", with: file))
        #expect(!message.contains(ConfigHardeningTests.secret))
    }

    @Test(arguments: [
        (#"{"profiles": [], "default_profile": "p"}"#, #""profiles" in FILE must be an object, found an array"#),
        (#"{"profiles": {"p": "eu"}, "default_profile": "p"}"#, #""profiles.p" in FILE must be an object, found a string"#),
        (#"{"profiles": {"p": {}}, "default_profile": 1}"#, #""default_profile" in FILE must be a string, found a number"#),
        (#"{"profiles": {"p": {"region": "eu", "secret": 7}}, "default_profile": "p"}"#, #""profiles.p.secret" in FILE must be a string, found a number"#),
        (#"{"profiles": {"p": {"address": "ftp://a.devo.com", "token": "t"}}, "default_profile": "p"}"#,
         #""profiles.p.address" in FILE: the Devo API address 'ftp://a.devo.com' uses the scheme 'ftp'; use https"#),
    ])
    func wrongTypesInTheProfilesFileNameFileAndKey(contents: String, expected: String) throws {
        let home = try TemporaryHome()
        let file = try home.write(".config/djs/config.json", contents)
        #expect(error(home) == "configuration error: " + expected.replacingOccurrences(of: "FILE", with: file))
    }

    @Test func aFIFOOrDeviceIsRefusedInsteadOfHangingOrFillingMemory() throws {
        let home = try TemporaryHome()
        let fifo = home.path + "/.devo.json"
        #expect(mkfifo(fifo, 0o600) == 0)
        // Would block forever in read() without the regular-file check.
        #expect(error(home) == "configuration error: config file \(fifo) is not a regular file")
        #expect(error(home, DevoConnectionFlags(configFile: "/dev/zero")) == "configuration error: config file /dev/zero is not a regular file")
    }

    @Test func aHugeFileIsRefusedBeforeItIsRead() throws {
        let home = try TemporaryHome()
        let contents = "{\"api\": {}, \"pad\": \"" + String(repeating: "x", count: 2 << 20) + "\"}"
        let file = try home.write(".devo.json", contents)
        #expect(error(home).hasPrefix("configuration error: config file \(file) is \(contents.utf8.count) bytes; a config file is at most 1048576 bytes"))
    }

    // MARK: - Permissions, decided as ssh does

    /// With no other credentials, the error says the file's were not used, why, and the fix.
    @Test(arguments: [0o640, 0o604, 0o644, 0o700 | 0o004])
    func credentialsReadableByOthersAreNotUsed(mode: Int) throws {
        let home = try TemporaryHome()
        let file = try home.write(".devo.json", #"{"api": {"region": "eu", "key": "k", "secret": "\#(ConfigHardeningTests.secret)"}}"#, mode: mode)
        let message = error(home)
        #expect(message.hasPrefix("configuration error: no Devo credentials are configured."))
        #expect(message.contains("The credentials in \(file) were not used: other users can read it (mode \(String(mode, radix: 8))); run: chmod 600 \(file)."))
        #expect(!message.contains(ConfigHardeningTests.secret))
    }

    /// A ~/.devo.json at mode 644, as the SDK's users keep it, no longer stops djs when the
    /// credentials come from elsewhere: its credentials are ignored with a warning that names
    /// the file and the fix, and its other settings still apply.
    @Test func anExposedFileDoesNotStopCredentialsFromElsewhere() throws {
        let home = try TemporaryHome()
        let file = try home.write(".devo.json", #"{"api": {"region": "ca", "retries": 1, "key": "k", "secret": "\#(ConfigHardeningTests.secret)"}}"#, mode: 0o644)
        for (flags, environment) in [(DevoConnectionFlags(token: "flag-token"), [String: String]()),
                                     (DevoConnectionFlags(), ["DEVO_API_TOKEN": "env-token"])] {
            let resolved = try home.resolver(flags, environment: environment).resolve()
            #expect(resolved.configuration.credentials.methodName == "token")
            #expect(resolved.configuration.endpoint.baseURL == "https://apiv2-ca.devo.com")
            #expect(resolved.configuration.retries == 1)
            #expect(resolved.warnings == ["warning: the credentials in \(file) are ignored: other users can read it (mode 644), "
                + "as ssh ignores such a private key. Run: chmod 600 \(file)"])
        }
    }

    @Test func aProfileNotInUseStillCountsAsExposedCredentials() throws {
        let home = try TemporaryHome()
        let file = try home.write(".config/djs/config.json", #"""
            {"default_profile": "public", "profiles": {"public": {"region": "eu"},
             "prod": {"auth": {"token": "\#(ConfigHardeningTests.secret)"}}}}
            """#, mode: 0o644)
        let resolved = try home.resolver(DevoConnectionFlags(token: "t")).resolve()
        #expect(resolved.warnings.contains { $0.hasPrefix("warning: the credentials in \(file) are ignored: other users can read it") })
    }

    @Test func aWorldReadableFileWithoutCredentialsIsFine() throws {
        let home = try TemporaryHome()
        try home.write(".devo.json", #"{"api": {"region": "us", "retries": 2}}"#, mode: 0o644)
        let resolved = try home.resolver(environment: ["DEVO_API_TOKEN": "t"]).resolve()
        #expect(resolved.configuration.endpoint.baseURL == "https://apiv2-us.devo.com")
        #expect(resolved.configuration.retries == 2)
        #expect(resolved.warnings.isEmpty)
    }

    @Test(arguments: [0o620, 0o602, 0o666])
    func aFileOthersCanChangeIsRefusedEvenWithoutCredentials(mode: Int) throws {
        let home = try TemporaryHome()
        let file = try home.write(".devo.json", #"{"api": {"region": "us"}}"#, mode: mode)
        #expect(error(home, environment: ["DEVO_API_TOKEN": "t"]) == "configuration error: config file \(file) can be changed by other users (mode \(String(mode, radix: 8))), who could send djs and its credentials elsewhere; djs refuses it, as ssh refuses such a config. Run: chmod 600 \(file)")
    }

    @Test func aSymlinkIsJudgedByTheFileItPointsTo() throws {
        let home = try TemporaryHome()
        let target = try home.write("dotfiles/devo.json", #"{"api": {"region": "ca", "token": "t"}}"#, mode: 0o600)
        try FileManager.default.createSymbolicLink(atPath: home.path + "/.devo.json", withDestinationPath: target)
        // The link itself is mode 777; only the target's mode matters.
        #expect(try home.resolver().resolve().configuration.endpoint.baseURL == "https://apiv2-ca.devo.com")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: target)
        #expect(error(home).contains("The credentials in \(home.path)/.devo.json were not used: other users can read it (mode 644)"))
    }

    // MARK: - Environment values

    @Test(arguments: [
        (["DEVO_API_RETRIES": "3.5"], "DEVO_API_RETRIES must be a whole number, 0 or more (got '3.5')"),
        (["DEVO_API_RETRIES": "-1"], "DEVO_API_RETRIES must be a whole number, 0 or more (got '-1')"),
        (["DEVO_API_RETRIES": "99999999999999999999999"], "DEVO_API_RETRIES must be a whole number, 0 or more"),
        (["DEVO_API_RETRIES": "{\"n\": 3}"], "DEVO_API_RETRIES must be a whole number, 0 or more"),
        (["DEVO_API_TIMEOUT": "nan"], "DEVO_API_TIMEOUT must be a positive number of seconds (got 'nan')"),
        (["DEVO_API_TIMEOUT": "inf"], "DEVO_API_TIMEOUT must be a positive number of seconds (got 'inf')"),
        (["DEVO_API_TIMEOUT": "0"], "DEVO_API_TIMEOUT must be a positive number of seconds (got '0')"),
        (["DEVO_API_TIMEOUT": "30s"], "DEVO_API_TIMEOUT must be a positive number of seconds (got '30s')"),
        (["DEVO_API_ADDRESS": "   "], "DEVO_API_ADDRESS: the Devo API address is empty"),
        (["DEVO_API_ADDRESS": "http://apiv2-eu.devo.com"], "DEVO_API_ADDRESS: the Devo API address 'http://apiv2-eu.devo.com' uses http; https is required"),
        (["DEVO_API_ADDRESS": "ht!tp://x"], "DEVO_API_ADDRESS: 'ht!tp://x' is not a valid Devo API address"),
        (["DEVO_API_ADDRESS": "https://apiv2-eu.devo.com/v1/other"], "DEVO_API_ADDRESS: the Devo API address 'https://apiv2-eu.devo.com/v1/other' has the path '/v1/other'"),
        (["DEVO_API_ADDRESS": "{\"address\": \"x\"}"], "DEVO_API_ADDRESS: "),
    ])
    func badEnvironmentValuesNameTheVariable(environment: [String: String], expected: String) throws {
        let home = try TemporaryHome()
        var complete = ["DEVO_API_ADDRESS": "https://apiv2-eu.devo.com", "DEVO_API_TOKEN": "t"]
        complete.merge(environment) { _, new in new }
        let message = error(home, environment: complete)
        #expect(message.hasPrefix("configuration error: " + expected), "got: \(message)")
    }

    @Test(arguments: [
        "https://user:\(ConfigHardeningTests.secret)@apiv2-eu.devo.com",
        "https://apiv2-eu.devo.com/search/query?token=\(ConfigHardeningTests.secret)",
        "https://apiv2-eu.devo.com/#access_token=\(ConfigHardeningTests.secret)",
    ])
    func anAddressCarryingASecretIsRefusedWithoutEchoingIt(address: String) throws {
        let home = try TemporaryHome()
        let message = error(home, environment: ["DEVO_API_ADDRESS": address, "DEVO_API_TOKEN": "t"])
        #expect(message.hasPrefix("configuration error: DEVO_API_ADDRESS: the Devo API address must not"), "got: \(message)")
        #expect(!message.contains(ConfigHardeningTests.secret))
    }

    // MARK: - Transport security: no source can weaken it

    @Test(arguments: ["http://10.0.0.7", "http://apiv2-eu.devo.com/search/query", "http://[::ffff:127.0.0.1]:8080",
                      "http://127.0.0.1.nip.io", "http://2130706433"])
    func plainHTTPOffLoopbackIsRefusedFromEverySource(address: String) throws {
        let home = try TemporaryHome()
        #expect(error(home, DevoConnectionFlags(address: address, token: "t")).contains("--address: the Devo API address '\(address)' uses http; https is required"))
        #expect(error(home, environment: ["DEVO_API_ADDRESS": address, "DEVO_API_TOKEN": "t"]).contains("DEVO_API_ADDRESS: the Devo API address '\(address)' uses http"))
        let file = try home.write(".devo.json", #"{"api": {"address": "\#(address)", "token": "t", "verify": false}}"#)
        #expect(error(home).contains("\"api.address\" in \(file): the Devo API address '\(address)' uses http"))
    }

    @Test func verifyFalseIsWarnedAboutAndHasNoEffect() throws {
        let home = try TemporaryHome()
        let file = try home.write(".devo.json", #"{"api": {"address": "https://apiv2-eu.devo.com", "token": "t", "verify": false}}"#)
        let resolved = try home.resolver().resolve()
        #expect(resolved.warnings == ["warning: \"api.verify\" in \(file) is ignored: djs always verifies TLS certificates"])
        // The configuration has no knob to carry it: printing it shows every setting there is.
        #expect(!resolved.configuration.description.lowercased().contains("verify"))
        #expect(resolved.configuration.endpoint.isPlainHTTP == false)
    }
}
