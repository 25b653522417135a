import Foundation

/// Devo's rules for a destination's parameters, enforced as the service enforces them
/// (Devo's documents for the s3, email and redis destinations, and the kafka and hdfs
/// pages): a refusal carries Devo's code when the documents give one, otherwise status 1
/// ("invalid request").
///
/// - s3: `aws.bucket`, `aws.region`, `aws.accesskey`, `aws.secretkey` all or none (205;
///   none = Devo's temporary account); each given one non-empty text (206 bucket, 207 access
///   key, 208 secret, 209 region); `format` zip or gzip (210); `file.password` not with gzip
///   (211) and non-empty text (212).
/// - email: `email.to` required (216) and an address (217); `email.subject` text (213);
///   `format` zip or gzip (215); no password with gzip (214), non-empty text (221);
///   `retention.size` and `retention.time` positive whole numbers (219, 220). The documented
///   bounds (1 MB–1 GB, 5 min–24 h) are not enforced: Devo does not say whether it refuses or
///   clamps a value outside them.
/// - redis: `friendlyName`, `expireIn` (whole seconds > 0) and `keyFields` (a non-empty list
///   of `{"name": text, "type": text}`) required; `valueFields` the same shape;
///   `description` text of at most 240 characters. Devo documents no codes for these.
/// - kafka: `topic` and `bootstrap.servers` required; hdfs: `fs.defaultFS` and `file`.
/// - donothing, snmp: anything.
enum DestinationValidation {
    struct Refusal: Error, Equatable {
        /// Devo's code, or 1 (invalid request) when its documents give none.
        let code: Int
        let message: String
    }

    static let knownTypes: Set<String> = ["s3", "kafka", "hdfs", "email", "redis", "donothing", "snmp"]

    static func check(type: String, params: [String: Any]) -> Refusal? {
        func refuse(_ code: Int, _ message: String) -> Refusal { Refusal(code: code, message: message) }
        func text(_ name: String) -> String? {
            (params[name] as? String).flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        }
        func badText(_ name: String) -> Bool { params[name] != nil && text(name) == nil }
        func positiveWhole(_ name: String) -> Bool {
            guard let value = params[name] else { return true }
            if let number = value as? NSNumber, !(value is String) {
                let double = number.doubleValue
                return double.isFinite && double > 0 && double.rounded() == double
            }
            return (value as? String).flatMap { Int($0) }.map { $0 > 0 } ?? false
        }
        func compression(format: Int, gzipPassword: Int, password: Int) -> Refusal? {
            if let given = params["format"], !["zip", "gzip"].contains(given as? String ?? "") {
                return refuse(format, "File compress format must be zip or gzip")
            }
            if params["file.password"] != nil {
                if params["format"] as? String == "gzip" { return refuse(gzipPassword, "Only zip format can have a password") }
                if badText("file.password") { return refuse(password, "File password must be non-empty text") }
            }
            return nil
        }
        func fields(_ name: String) -> Refusal? {
            guard let value = params[name] else { return nil }
            guard let items = value as? [Any], !items.isEmpty else {
                return refuse(1, "Redis '\(name)' must be a non-empty list of {\"name\", \"type\"} objects")
            }
            for item in items {
                guard let object = item as? [String: Any], let column = object["name"] as? String, !column.isEmpty,
                      object["type"] is String else {
                    return refuse(1, "Redis '\(name)' items must be {\"name\": column, \"type\": type} objects")
                }
            }
            return nil
        }
        func required(_ names: [String]) -> Refusal? {
            for name in names where params[name] == nil || params[name] is NSNull {
                return refuse(1, "Missing destination parameter '\(name)' for type '\(type)'")
            }
            return nil
        }

        switch type {
        case "s3":
            for (name, code) in [("aws.bucket", 206), ("aws.accesskey", 207), ("aws.secretkey", 208), ("aws.region", 209)]
            where badText(name) {
                return refuse(code, "Parameter '\(name)' must be non-empty text")
            }
            let given = ["aws.bucket", "aws.region", "aws.accesskey", "aws.secretkey"].filter { params[$0] != nil }
            if !given.isEmpty && given.count < 4 {
                return refuse(205, "S3 upload must have all bucket info (bucket name, access key, secret key and region)")
            }
            return compression(format: 210, gzipPassword: 211, password: 212)
        case "email":
            guard params["email.to"] != nil else { return refuse(216, "Send by email needs parameters, at least email.to") }
            guard let to = text("email.to"), to.contains("@"), !to.hasPrefix("@"), !to.hasSuffix("@") else {
                return refuse(217, "Email destination was invalid")
            }
            if params["email.subject"] != nil && !(params["email.subject"] is String) {
                return refuse(213, "Email subject must be text")
            }
            if let refusal = compression(format: 215, gzipPassword: 214, password: 221) { return refusal }
            if !positiveWhole("retention.size") { return refuse(219, "Bad file size retention") }
            if !positiveWhole("retention.time") { return refuse(220, "Bad time retention") }
            return nil
        case "redis":
            if let refusal = required(["friendlyName", "expireIn", "keyFields"]) { return refusal }
            if badText("friendlyName") { return refuse(1, "Redis 'friendlyName' must be non-empty text") }
            if !positiveWhole("expireIn") { return refuse(1, "Redis 'expireIn' must be whole seconds greater than 0") }
            if let refusal = fields("keyFields") ?? fields("valueFields") { return refusal }
            if let description = params["description"] {
                guard let text = description as? String, text.count <= 240 else {
                    return refuse(1, "Redis 'description' must be text of at most 240 characters")
                }
            }
            return nil
        case "kafka":
            if let refusal = required(["topic", "bootstrap.servers"]) { return refusal }
            if badText("topic") || badText("bootstrap.servers") {
                return refuse(1, "Kafka 'topic' and 'bootstrap.servers' must be non-empty text")
            }
            return nil
        case "hdfs":
            if let refusal = required(["fs.defaultFS", "file"]) { return refusal }
            return nil
        default:
            return nil
        }
    }
}
