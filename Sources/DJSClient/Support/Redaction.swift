/// How secrets are shown when they must be mentioned at all: never in full.
enum Redaction {
    /// An API key is an identifier rather than a secret, but printing it whole still helps an
    /// attacker, so only enough is shown to tell two keys apart: `my…y`.
    /// Short values (under 8 characters) are hidden completely.
    static func hint(_ value: String) -> String {
        guard value.count >= 8 else { return "…" }
        return "\(value.prefix(2))…\(value.suffix(1))"
    }

    /// A secret, token or JWT: only whether it is set.
    static let hidden = "<redacted>"
}
